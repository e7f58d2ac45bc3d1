/**
 * The documents each built-in reporter writes, per kind of result: `run` and `calibrate` report a
 * RunResult, `ab` an AbRunResult. One table per kind, so every reporter serves every command
 * (and `merge` later renders a combined result through the same table). Pure.
 */
import type { AbRunResult } from "../result/ab-result.ts";
import type { RunResult } from "../result/run-result.ts";
import { renderAbHtml } from "./ab-html.ts";
import { renderAbJunit } from "./ab-junit.ts";
import { renderAbJson, renderAbMarkdown } from "./ab-report.ts";
import { renderHtmlReport } from "./html-report.ts";
import { renderJsonReport } from "./json-report.ts";
import { renderJunitReport } from "./junit-report.ts";
import { renderMarkdownReport } from "./markdown-report.ts";
import { renderShardFile } from "../shard/shard-file.ts";
import { BUILT_IN_REPORTERS, type BuiltInReporter } from "./select-reporters.ts";

/** How one kind of result is rendered by each built-in reporter, and the file each writes by default. */
export interface Documents<Run> {
  readonly defaultFiles: Readonly<Record<BuiltInReporter, string>>;
  /** The text of reporter `name` for `run`; `cwd` makes paths relative. */
  render(name: BuiltInReporter, run: Run, cwd: string): string;
}

const json = (document: unknown) => `${JSON.stringify(document, null, 2)}\n`;

/** The documents of `run` (and `calibrate`). */
export const RUN_DOCUMENTS: Documents<RunResult> = {
  defaultFiles: BUILT_IN_REPORTERS,
  render: (name, run, cwd) =>
    name === "shard"
      ? renderShardFile({ command: "run", result: run })
      : name === "json"
        ? json(renderJsonReport(run))
        : name === "junit"
          ? renderJunitReport(run, cwd)
          : name === "html"
            ? renderHtmlReport(run)
            : renderMarkdownReport(run),
};

/** The documents of `ab`; its default files differ from a run's, so neither overwrites the other. */
export const AB_DOCUMENTS: Documents<AbRunResult> = {
  defaultFiles: {
    json: "fxperf-ab.json",
    markdown: "fxperf-ab.md",
    junit: "fxperf-ab-junit.xml",
    html: "fxperf-ab.html",
    shard: "fxperf-ab-shard.json",
  },
  render: (name, result) =>
    name === "shard"
      ? renderShardFile({ command: "ab", result })
      : name === "json"
        ? json(renderAbJson(result))
        : name === "junit"
          ? renderAbJunit(result)
          : name === "html"
            ? renderAbHtml(result)
            : renderAbMarkdown(result),
};
