/**
 * The verdict of `fxperf ab` on one spec: the fork rule of `run` (fork-comparison.ts) applied to
 * the base tree's processes as the baseline and the head tree's as the measurement. Pure.
 */
import { studentTCritical } from "../micro/stats.ts";
import type { AbStatus } from "../result/ab-result.ts";
import { compareForks, FINAL_LEVEL, forkCentre, MIN_VERDICT_FORKS } from "./fork-comparison.ts";

/**
 * Slowdown `ab` allows by default before a spec counts as regressed: tighter than `run`'s 10%,
 * because base and head are measured on the same machine in the same minutes, interleaved, so
 * the machine's drift between jobs does not enter the ratio.
 */
export const AB_DEFAULT_TOLERANCE = 0.02;

/** A spec's verdict: its status and the ratio head / base with its interval. */
export interface AbJudgement {
  readonly status: Extract<AbStatus, "regressed" | "improved" | "unchanged" | "undecided">;
  readonly ratio: number;
  readonly low: number;
  readonly high: number;
}

/**
 * Judges head against base from their figures (time per call or per request, one per process or
 * run): regressed when the whole interval on head / base lies above 1 + tolerance, improved when it
 * lies below 1 / (1 + tolerance), unchanged when it lies at or below 1 + tolerance otherwise, and
 * undecided when it straddles 1 + tolerance, or when a side has fewer than {@link MIN_VERDICT_FORKS} forks.
 */
export function judgeAb(
  base: readonly number[],
  head: readonly number[],
  tolerance: number,
  level = FINAL_LEVEL,
): AbJudgement {
  if (base.length < MIN_VERDICT_FORKS || head.length < MIN_VERDICT_FORKS) {
    // Two forks a side give a bootstrap of a handful of distinct resamples: an interval far
    // narrower than the processes' real spread (identical code was "regressed +5.3% (+4.1...+7.6%)").
    const ratio = forkCentre(head) / forkCentre(base);
    return { status: "undecided", ratio, low: Number.NaN, high: Number.NaN };
  }
  const outcome = compareForks(base, head, 1 + tolerance, tolerance, undefined, level);
  const status =
    outcome.decision === "fail"
      ? "regressed"
      : outcome.decision === "undecided"
        ? "undecided"
        : outcome.improved
          ? "improved"
          : "unchanged";
  return { status, ratio: outcome.ratio, low: outcome.ratioLow, high: outcome.ratioHigh };
}

/**
 * Judges head against base from paired processes: each process measured both, in alternating
 * rounds, and `ratios` holds each process's own head/base ratio. The modes a process falls into
 * (docs/measurement.md, "Modes") hit both sides of its ratio alike, so these ratios spread far
 * less than the sides' own figures. The change is their geometric mean, and its interval is
 * Student's t on the log ratios (the paired t-test's interval, on the log scale because a ratio's
 * errors multiply): exp(mean ± t(level, n − 1) · sd / √n). Statuses as {@link judgeAb}.
 */
export function judgePaired(ratios: readonly number[], tolerance: number, level = FINAL_LEVEL): AbJudgement {
  const logs = ratios.filter((r) => Number.isFinite(r) && r > 0).map(Math.log);
  const n = logs.length;
  const mean = n > 0 ? logs.reduce((a, b) => a + b, 0) / n : Number.NaN;
  if (n < MIN_VERDICT_FORKS) {
    const ratio = Math.exp(mean);
    return { status: "undecided", ratio, low: Number.NaN, high: Number.NaN };
  }
  const sd = Math.sqrt(logs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1));
  const half = (studentTCritical(level === 0.99 ? 0.99 : 0.95, n - 1) * sd) / Math.sqrt(n);
  const [ratio, low, high] = [Math.exp(mean), Math.exp(mean - half), Math.exp(mean + half)];
  const limit = 1 + tolerance;
  const status = low > limit ? "regressed" : high > limit ? "undecided" : high < 1 / limit ? "improved" : "unchanged";
  return { status, ratio, low, high };
}
