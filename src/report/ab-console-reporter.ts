/**
 * `ab`'s console output: the same progress line as `run` while specs are compared, then the
 * A/B summary. The summary goes to `summary` (stderr when a report claims stdout).
 */
import type { AbRunResult, AbSpecResult } from "../result/ab-result.ts";
import type { OutputStream } from "../runtime/runtime.ts";
import { abProgressLine, renderAbSummary } from "./ab-report.ts";
import { type Colors, paintAbStatus } from "./colors.ts";
import { createProgressLine } from "./progress-line.ts";
import type { Reporter } from "./reporter.ts";

/** Creates `ab`'s console reporter: progress on one stream (colours `c`), the summary on another. */
export function createAbConsoleReporter(
  progress: OutputStream,
  summary: OutputStream,
  c: Colors,
  summaryColors: Colors = c,
): Reporter<AbRunResult, AbSpecResult> {
  const line = createProgressLine(progress, c);
  let current: { readonly id: string; readonly index: number; readonly total: number } | undefined;
  return {
    onRunStart: ({ total, files }) => line.header(total, files),
    onSpecStart: (spec) => {
      current = spec;
      line.start(spec.id, spec.index, spec.total, "measuring base and head in turn...");
    },
    onSpecWork: (doing) => {
      if (current) line.start(current.id, current.index, current.total, doing);
    },
    onSpecEnd: (result, index, total) =>
      line.end(index, total, paintAbStatus(result.status, c), result.id, abProgressLine(result)),
    onRunEnd: (result) => {
      line.clear();
      summary.write(renderAbSummary(result, summaryColors));
    },
  };
}
