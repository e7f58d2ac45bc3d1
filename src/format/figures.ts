/**
 * Formatting a figure in its unit, for verdict messages and reporters alike. Pure.
 * Durations, byte sizes and changes are formatted by units.ts (`formatNs`,
 * `formatBytes`, `formatChange`); this file knows which unit each statistic and
 * load metric is in.
 */
import type { LoadMetric, MicroStatistic } from "../spec/resolved.ts";
import { formatBytes, formatNs } from "../units.ts";

/** Formats a figure of a micro `statistic` in its unit (bytes for heap, a duration otherwise). */
export function formatStatistic(statistic: MicroStatistic, value: number): string {
  return statistic === "heap" ? formatBytes(value) : formatNs(value);
}

/** Formats a load figure in its unit: requests or bytes per second, a percentage, or a duration. */
export function formatLoadFigure(metric: LoadMetric, value: number): string {
  if (!Number.isFinite(value)) return "n/a";
  if (metric === "rps")
    return `${value >= 1000 ? `${(value / 1000).toFixed(value >= 1e5 ? 0 : 1)}k` : value.toFixed(value >= 100 ? 0 : 1)}/s`;
  if (metric === "transfer") return `${formatBytes(value)}/s`;
  if (metric === "errorRate") return `${(value * 100).toFixed(value < 0.001 && value > 0 ? 3 : 2)}%`;
  return formatNs(value);
}
