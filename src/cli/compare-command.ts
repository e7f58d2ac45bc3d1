/**
 * `fxperf compare <base.json> <head.json>`: per-spec change between two JSON
 * reports; exit 1 when a spec regressed beyond the tolerance.
 */
import { resolve } from "node:path";
import { parseTolerance } from "../env/read-overrides.ts";
import { ExitCode, type ExitCodeValue, FxperfError } from "../errors.ts";
import { parseJsonDocument } from "../json.ts";
import { createColors, resolveColorEnabled } from "../report/colors.ts";
import { renderCompareMarkdown, renderCompareTable } from "../report/render-compare.ts";
import { REPORT_SCHEMA_VERSION, type JsonReport, ReportSchema } from "../result/report-schema.ts";
import type { Runtime } from "../runtime/runtime.ts";
import { compareReports } from "../verdict/compare-reports.ts";
import { DEFAULT_TOLERANCE } from "../profiles/resolve-limits.ts";

/** Options of `fxperf compare`. */
export interface CompareOptions {
  readonly base: string;
  readonly head: string;
  readonly tolerance: string | undefined;
  readonly markdown: boolean;
}

async function readReport(runtime: Runtime, path: string): Promise<JsonReport> {
  let text: string;
  try {
    text = await runtime.readTextFile(resolve(runtime.cwd(), path));
  } catch (error) {
    throw new FxperfError("REPORT_INVALID", `Cannot read report "${path}": ${(error as Error).message}`, {
      hint: 'write reports with "fxperf run --reporter json=path"',
    });
  }
  return parseJsonDocument(text, path, ReportSchema, {
    label: "report",
    code: "REPORT_INVALID",
    hint: 'compare JSON reports written by "fxperf run --reporter json=path"',
    schemaVersion: REPORT_SCHEMA_VERSION,
  });
}

/** Runs `fxperf compare`. */
export async function compareCommand(runtime: Runtime, options: CompareOptions): Promise<ExitCodeValue> {
  const tolerance = options.tolerance === undefined ? DEFAULT_TOLERANCE : parseTolerance(options.tolerance);
  if (tolerance === undefined)
    throw new FxperfError(
      "USAGE",
      `Option "--tolerance" is "${options.tolerance}": expected a percentage such as "15%" or a fraction of at most 1 such as 0.15`,
    );
  const base = await readReport(runtime, options.base);
  const head = await readReport(runtime, options.head);
  const changes = compareReports(base, head, tolerance);
  if (options.markdown) runtime.stdout.write(renderCompareMarkdown(changes, tolerance));
  else
    runtime.stdout.write(
      renderCompareTable(changes, tolerance, createColors(resolveColorEnabled(runtime.env, runtime.stdout.isTTY))),
    );
  if (base.machine.slug !== head.machine.slug) {
    runtime.stderr.write(
      `warning: the reports come from different machines (${base.machine.slug} and ${head.machine.slug}): differences may be the hardware's\n`,
    );
  }
  return changes.some((c) => c.verdict === "regressed") ? ExitCode.SpecFailed : ExitCode.Ok;
}
