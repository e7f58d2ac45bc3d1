/**
 * A micro spec's comparison with its baseline, in words: the figures the rule compared (the fork
 * centres), the change with its 95% interval, what the tolerance allows, the plain p50s beside
 * them, and which profile the baseline came from. The console, Markdown and HTML reports all say it
 * the same way. Pure.
 */
import type { BaselineOutcome, MicroSpecResult } from "../result/spec-result.ts";
import { formatChange, formatNs } from "../units.ts";

/**
 * What "centre" means, for a legend under a table: the figure a baseline verdict compares, which
 * is not the p50 shown beside it.
 */
export const CENTRE_LEGEND =
  "centre: the mean of the fastest third of a spec's fork medians, the figure its baseline verdict compares; P50: the median of its fork medians";

/** A fork centre: a duration, or a multiple of the drift reference kernel's time when drift-corrected. */
function formatCentre(value: number, driftCorrected: boolean | undefined): string {
  return driftCorrected ? `${value.toFixed(3)}× reference` : formatNs(value);
}

/** The two centres the ratio is of, formatted, or undefined when the outcome does not carry them. */
export function baselineCentres(outcome: BaselineOutcome): { measured: string; baseline: string } | undefined {
  const { centre, baselineCentre, driftCorrected } = outcome;
  if (centre === undefined || baselineCentre === undefined) return undefined;
  if (!Number.isFinite(centre) || !Number.isFinite(baselineCentre)) return undefined;
  return { measured: formatCentre(centre, driftCorrected), baseline: formatCentre(baselineCentre, driftCorrected) };
}

/**
 * "centre 3.48 ms vs baseline 3.54 ms: -1.8% (95% CI -3.0% to +0.5%)": the figures compared and
 * the change between them ("-1.8% (95% CI ...)" alone when the centres are unknown), or undefined
 * without a baseline.
 */
export function baselineChange(spec: MicroSpecResult): string | undefined {
  if (!spec.baseline) return undefined;
  const { outcome } = spec.baseline;
  const change = `${formatChange(outcome.ratio)} (95% CI ${formatChange(outcome.ratioLow)} to ${formatChange(outcome.ratioHigh)})`;
  const centres = baselineCentres(outcome);
  return centres ? `centre ${centres.measured} vs baseline ${centres.baseline}: ${change}` : change;
}

/**
 * Two sentences: "centre 3.48 ms against baseline 3.54 ms: -1.8% (95% CI ...); allowed +10.0%:
 * tolerance 10% from profile; plain p50 3.54 ms, baseline's 6.31 ms" and "baseline from local
 * profile <file>, calibrated <date> at <commit>". `display` shortens the profile's path.
 */
export function baselineLines(spec: MicroSpecResult, display: (path: string) => string): string[] {
  if (!spec.baseline || !spec.measurement) return [];
  const { comparison, outcome } = spec.baseline;
  const centres = baselineCentres(outcome);
  const interval = `(95% CI ${formatChange(outcome.ratioLow)} to ${formatChange(outcome.ratioHigh)})`;
  const compared = centres
    ? `centre ${centres.measured} against baseline ${centres.baseline}: ${formatChange(outcome.ratio)} ${interval}`
    : `${formatChange(outcome.ratio)} against baseline ${interval}`;
  return [
    `${compared}; allowed ${formatChange(outcome.limitRatio)}: tolerance ${(comparison.tolerance * 100).toFixed(0)}% from ${comparison.toleranceSource}; plain p50 ${formatNs(spec.measurement.p50)}, baseline's ${formatNs(comparison.baseline.p50)}`,
    `baseline from ${comparison.source.kind} profile ${display(comparison.source.file)}, calibrated ${comparison.source.calibratedAt}${comparison.source.gitCommit ? ` at ${comparison.source.gitCommit.slice(0, 12)}` : ""}`,
  ];
}
