/**
 * Console output: progress while specs run (a live line on a terminal, a line
 * per spec otherwise) on one stream, and the Performance Summary on another.
 */
import type { ForkSummary, SpecResult } from "../result/spec-result.ts";
import { formatNs } from "../units.ts";
import { escapeControlChars, MAX_ID_CHARS, truncateText } from "../format/escape.ts";
import { formatLoadFigure } from "../format/figures.ts";
import { type Colors, paintStatus } from "./colors.ts";
import type { OutputStream } from "../runtime/runtime.ts";
import type { Reporter } from "./reporter.ts";
import { renderSummary } from "./summary.ts";

/** Creates the console reporter: progress on one stream (colours `c`), the summary on another (colours `summaryColors`). */
export function createConsoleReporter(
  progress: OutputStream,
  summary: OutputStream,
  c: Colors,
  cwd: string,
  summaryColors: Colors = c,
): Reporter {
  const live = progress.isTTY;
  const clear = () => live && progress.write("\r\u001b[2K");
  const counter = (index: number, total: number) =>
    c.dim(`[${String(index + 1).padStart(String(total).length)}/${total}]`);
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
    onRunStart: ({ total, files }) =>
      progress.write(
        c.dim(`Running ${total} spec${total === 1 ? "" : "s"} from ${files} file${files === 1 ? "" : "s"}\n`),
      ),
    onSpecStart: ({ id, index, total }) => {
      if (!live) return;
      // Cut so the live line never wraps past what "\r\u001b[2K" clears.
      const line = `${counter(index, total)} ${truncateText(escapeControlChars(id), MAX_ID_CHARS)} ${c.dim("measuring...")}`;
      clear();
      progress.write(line);
    },
    onSpecEnd: (result, index, total) => {
      clear();
      progress.write(
        `${counter(index, total)} ${paintStatus(result.status, c)} ${escapeControlChars(result.id)} ${c.dim(figure(result) ?? "")}\n`,
      );
    },
    onRunEnd: (run) => {
      clear();
      summary.write(renderSummary(run, summaryColors, cwd));
    },
  };
}
