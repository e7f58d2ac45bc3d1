/**
 * A micro spec's comparison with its baseline, in words: the change with its 95% interval, what
 * the tolerance allows, and which profile the baseline came from. The console, Markdown and HTML
 * reports all say it the same way. Pure.
 */
import type { MicroSpecResult } from "../result/spec-result.ts";
import { formatChange, formatNs } from "../units.ts";

/** "+5.0% (95% CI +4.1% to +6.3%)": the change against the baseline, or undefined without one. */
export function baselineChange(spec: MicroSpecResult): string | undefined {
  if (!spec.baseline) return undefined;
  const { outcome } = spec.baseline;
  return `${formatChange(outcome.ratio)} (95% CI ${formatChange(outcome.ratioLow)} to ${formatChange(outcome.ratioHigh)})`;
}

/**
 * Two sentences: "p50 was 7.80 µs, +85.7% against baseline 4.20 µs (95% CI ...); allowed +10.0%:
 * tolerance 10% from profile" and "baseline from local profile <file>, calibrated <date> at <commit>".
 * `display` shortens the profile's path.
 */
export function baselineLines(spec: MicroSpecResult, display: (path: string) => string): string[] {
  if (!spec.baseline || !spec.measurement) return [];
  const { comparison, outcome } = spec.baseline;
  return [
    `p50 was ${formatNs(spec.measurement.p50)}, ${formatChange(outcome.ratio)} against baseline ${formatNs(comparison.baseline.p50)} (95% CI ${formatChange(outcome.ratioLow)} to ${formatChange(outcome.ratioHigh)}); allowed ${formatChange(outcome.limitRatio)}: tolerance ${(comparison.tolerance * 100).toFixed(0)}% from ${comparison.toleranceSource}`,
    `baseline from ${comparison.source.kind} profile ${display(comparison.source.file)}, calibrated ${comparison.source.calibratedAt}${comparison.source.gitCommit ? ` at ${comparison.source.gitCommit.slice(0, 12)}` : ""}`,
  ];
}
