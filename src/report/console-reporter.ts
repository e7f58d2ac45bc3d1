/**
 * Console output: progress while specs run (a live line on a terminal, a line
 * per spec otherwise) on one stream, and the Performance Summary on another.
 */
import type { ForkSummary, SpecResult } from "../result/spec-result.ts";
import { formatNs } from "../units.ts";
import { formatLoadFigure } from "../format/figures.ts";
import { type Colors, paintStatus } from "./colors.ts";
import type { OutputStream } from "../runtime/runtime.ts";
import type { Reporter } from "./reporter.ts";
import { createProgressLine } from "./progress-line.ts";
import { renderSummary } from "./summary.ts";

/** Creates the console reporter: progress on one stream (colours `c`), the summary on another (colours `summaryColors`). */
export function createConsoleReporter(
  progress: OutputStream,
  summary: OutputStream,
  c: Colors,
  cwd: string,
  summaryColors: Colors = c,
): Reporter {
  const line = createProgressLine(progress, c);
  let current: { readonly id: string; readonly index: number; readonly total: number } | undefined;
  const forkNote = (forks: ForkSummary) =>
    `${forks.count} ${forks.count === 1 ? "fork" : "forks"} in ${(forks.elapsedNs / 1e9).toFixed(1)} s${forks.stop === "time budget" || forks.stop === "fork cap" ? `, stopped by the ${forks.stop}` : ""}`;
  const figure = (result: SpecResult) =>
    result.kind === "micro" && result.measurement
      ? `p50 ${formatNs(result.measurement.p50)}${result.forks ? c.dim(` (${forkNote(result.forks)})`) : ""}`
      : result.kind === "load" && result.load
        ? `${formatLoadFigure("rps", result.load.median.rps)}, p99 ${formatNs(result.load.median.latencyNs.p99)}`
        : result.error
          ? result.error.message.split("\n")[0]
          : (result.skipReason ?? "");
  return {
    onRunStart: ({ total, files }) => line.header(total, files),
    onSpecStart: (spec) => {
      current = spec;
      line.start(spec.id, spec.index, spec.total);
    },
    onSpecWork: (doing) => {
      if (current) line.start(current.id, current.index, current.total, doing);
    },
    onSpecEnd: (result, index, total) =>
      line.end(index, total, paintStatus(result.status, c), result.id, figure(result) ?? ""),
    onRunEnd: (run) => {
      line.clear();
      summary.write(renderSummary(run, summaryColors, cwd));
    },
  };
}
