/**
 * The verdict of `fxperf ab` on one spec: the fork rule of `run` (fork-comparison.ts) applied to
 * the base tree's processes as the baseline and the head tree's as the measurement. Pure.
 */
import type { AbStatus } from "../result/ab-result.ts";
import { compareForks, FINAL_LEVEL } from "./fork-comparison.ts";

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
 * undecided when it straddles 1 + tolerance.
 */
export function judgeAb(
  base: readonly number[],
  head: readonly number[],
  tolerance: number,
  level = FINAL_LEVEL,
): AbJudgement {
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
