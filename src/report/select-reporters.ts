/**
 * Reads `--reporter` values: `name`, `name=path`, `name=-` (stdout), or a path to
 * a module implementing the Reporter interface. Pure.
 */
import { FxperfError } from "../errors.ts";

/** Built-in reporters and the file each writes by default. */
export const BUILT_IN_REPORTERS = {
  json: "fxperf-report.json",
  junit: "fxperf-junit.xml",
  markdown: "fxperf-summary.md",
  html: "fxperf-report.html",
  shard: "fxperf-shard.json",
} as const;
/** A built-in reporter name. */
export type BuiltInReporter = keyof typeof BUILT_IN_REPORTERS;

/** One chosen reporter and where it writes ("-" is stdout). */
export type ReporterChoice =
  | { kind: "built-in"; name: BuiltInReporter; target: string }
  | { kind: "module"; module: string; target: string | undefined };

const MODULE = /^(\.{1,2}[\\/]|\/|[A-Za-z]:[\\/])|\.(ts|js|mjs)$/;

/** Parses every `--reporter` (and `--perf-report`) value. */
export function parseReporterChoices(values: readonly string[]): ReporterChoice[] {
  return values.map((value) => {
    const at = value.indexOf("=");
    const name = at === -1 ? value : value.slice(0, at);
    const target = at === -1 ? undefined : value.slice(at + 1);
    if (target === "")
      throw new FxperfError("USAGE", `Option "--reporter ${value}": the path after "=" is empty`, {
        hint: 'write "json=report.json", or "json=-" for stdout',
      });
    if (name === "console")
      throw new FxperfError("USAGE", 'Option "--reporter console": the console summary is always printed', {
        hint: 'add "json", "junit" or "markdown" reporters beside it',
      });
    if (name in BUILT_IN_REPORTERS)
      return {
        kind: "built-in",
        name: name as BuiltInReporter,
        target: target ?? BUILT_IN_REPORTERS[name as BuiltInReporter],
      };
    if (MODULE.test(name)) return { kind: "module", module: name, target };
    throw new FxperfError(
      "USAGE",
      `Unknown reporter "${name}": expected json, junit, markdown, html, shard, or a path to a reporter module such as "./my-reporter.ts"`,
      {
        hint: 'for example --reporter junit=perf-junit.xml; see "fxperf run --help"',
      },
    );
  });
}
