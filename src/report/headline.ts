/**
 * The three figures a one-line view of a spec shows, whatever its kind. Pure.
 */
import { formatLoadFigure } from "../format/figures.ts";
import type { SpecResult } from "../result/spec-result.ts";
import { formatNs } from "../units.ts";

/** p50, p99 and the volume behind them (samples, or requests per second), or dashes when nothing was measured. */
export function headlineFigures(spec: SpecResult): [string, string, string] {
  if (spec.kind === "micro" && spec.measurement)
    return [
      formatNs(spec.measurement.p50),
      formatNs(spec.measurement.p99),
      `${spec.measurement.samples.toLocaleString("en-US")} samples`,
    ];
  if (spec.kind === "load" && spec.load)
    return [
      formatNs(spec.load.median.latencyNs.p50),
      formatNs(spec.load.median.latencyNs.p99),
      formatLoadFigure("rps", spec.load.median.rps),
    ];
  return ["–", "–", "–"];
}
