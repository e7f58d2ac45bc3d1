/**
 * Comparing a spec measured in several processes (forks) with its baseline's forks. Pure.
 *
 * On a shared machine a function's speed differs more between processes than inside one: JIT
 * decisions, code and heap layout and the neighbours' load put each process in one of a few
 * modes, often 20-60% apart (docs/measurement.md). So the unit of evidence is the fork: each fork
 * gives one figure (its median), and the comparison works on those figures.
 *
 * - The centre of a set of fork figures is the mean of its fastest third
 *   ({@link FORK_CENTRE_FRACTION}): slow modes and neighbours only ever add time, so the fast
 *   processes are the ones that measure the code (the argument of Chen & Revels, "Robust
 *   benchmarking in noisy environments", 2016, for the minimum), while averaging several of them
 *   keeps one lucky process from deciding.
 * - The 95% interval on the ratio head / baseline comes from a percentile bootstrap that
 *   resamples the forks of each side independently (Efron & Tibshirani, "An Introduction to the
 *   Bootstrap", 1993, ch. 13), with a fixed seed so the same figures always give the same verdict.
 * - FAIL when the whole interval lies above the limit, PASS when it lies at or below it,
 *   undecided otherwise (the runner then adds forks while its time budget lasts, deciding early
 *   only on a stricter interval: {@link INTERIM_LEVEL}).
 */

import { createRandom, median, quantile, resample } from "../micro/stats.ts";
import type { BaselineOutcome } from "../result/spec-result.ts";
import { resolvableChange } from "./modes.ts";

function optionalResolvable(low: number, high: number): { resolvable?: number } {
  const resolvable = resolvableChange(low, high);
  return resolvable === undefined ? {} : { resolvable };
}

/** The share of the fastest forks whose mean is the centre (at least one fork). */
export const FORK_CENTRE_FRACTION = 1 / 3;

/**
 * A verdict needs at least this many processes (a side's in `ab`, the head's in `run`, rounds for
 * "faster than", pairs when paired): fewer leave the spread between processes unknown, and a
 * bootstrap of one or two figures gives an interval far narrower than the processes' real spread
 * (identical code was "regressed +5.3% (+4.1...+7.6%)" from two forks a side).
 */
export const MIN_VERDICT_FORKS = 3;

/** Why a comparison with `count` forks (`per`: " a side" in `ab`) is no verdict. */
export function tooFewForks(count: number, per = ""): string {
  const verb = count === 1 ? "decides" : "decide";
  return `${count} fork${count === 1 ? "" : "s"}${per} ${verb} nothing: a verdict needs at least ${MIN_VERDICT_FORKS} (--forks ${MIN_VERDICT_FORKS} or more, with a --max-time that allows them)`;
}

/** Bootstrap resamples per interval. */
const RESAMPLES = 2000;

/** What the rule concluded and the numbers behind it: a baseline outcome with both centres set. */
export type ForkOutcome = BaselineOutcome & { readonly centre: number; readonly baselineCentre: number };

/**
 * The mean of the fastest `fraction` of `values`; NaN when empty. The share is taken exactly, the
 * boundary fork weighted by the part of it that falls inside (the mean of the empirical quantile
 * function over [0, fraction]), so the figure does not jump as forks are added (with rounding,
 * 7 and 8 forks would average 2 and 3 of them). With fewer than 1 / fraction forks it is the
 * fastest fork.
 */
export function forkCentre(values: readonly number[], fraction = FORK_CENTRE_FRACTION): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const share = Math.max(1, sorted.length * fraction);
  const whole = Math.floor(share);
  let sum = 0;
  for (let i = 0; i < whole; i++) sum += sorted[i]!;
  if (share > whole) sum += sorted[whole]! * (share - whole);
  return sum / share;
}

/** The confidence level of the final verdict. */
export const FINAL_LEVEL = 0.95;

/**
 * The level of the checks made while forks are still being added: stricter than the final one, so
 * that looking after every fork does not inflate the chance of a wrong early verdict (the
 * Haybittle-Peto approach to interim analyses: Haybittle 1971, Peto et al. 1976).
 */
export const INTERIM_LEVEL = 0.99;

/** The ratio of centres head / base and its percentile-bootstrap interval at `level`. */
export function ratioInterval(
  base: readonly number[],
  head: readonly number[],
  fraction = FORK_CENTRE_FRACTION,
  level = FINAL_LEVEL,
): { ratio: number; low: number; high: number } {
  const ratio = forkCentre(head, fraction) / forkCentre(base, fraction);
  const random = createRandom(0x5eed + base.length * 131 + head.length);
  const ratios: number[] = [];
  for (let i = 0; i < RESAMPLES; i++) {
    ratios.push(forkCentre(resample(head, random), fraction) / forkCentre(resample(base, random), fraction));
  }
  ratios.sort((a, b) => a - b);
  const tail = (1 - level) / 2;
  return { ratio, low: Math.min(ratio, quantile(ratios, tail)), high: Math.max(ratio, quantile(ratios, 1 - tail)) };
}

/**
 * Applies the decision rule to fork figures (times, or times relative to a reference kernel):
 * `limitRatio` is the highest head/base ratio allowed, `tolerance` the spec's tolerance (for
 * "improved").
 */
export function compareForks(
  base: readonly number[],
  head: readonly number[],
  limitRatio: number,
  tolerance: number,
  fraction = FORK_CENTRE_FRACTION,
  level = FINAL_LEVEL,
): ForkOutcome {
  const { ratio, low, high } = ratioInterval(base, head, fraction, level);
  const decision = low > limitRatio ? "fail" : high <= limitRatio ? "pass" : "undecided";
  return {
    decision,
    ratio,
    ratioLow: low,
    ratioHigh: high,
    limitRatio,
    improved: high < 1 / (1 + tolerance),
    centre: forkCentre(head, fraction),
    baselineCentre: forkCentre(base, fraction),
    ...optionalResolvable(low, high),
  };
}

/** One side's fork figures: each fork's median, and the reference kernel's when measured. */
export interface ForkFigures {
  readonly p50s: readonly number[];
  readonly referenceP50s: readonly number[] | undefined;
}

/**
 * The figures the rule compares: each fork's median, or, with drift correction and a reference
 * measured in every fork on both sides, each fork's median over its reference's.
 */
export function comparedFigures(
  base: ForkFigures,
  head: ForkFigures,
  driftCorrection: boolean,
): { base: number[]; head: number[]; driftCorrected: boolean } {
  const relative = (side: ForkFigures) =>
    side.referenceP50s && side.referenceP50s.length === side.p50s.length
      ? side.p50s.map((p50, i) => p50 / side.referenceP50s![i]!)
      : undefined;
  const b = driftCorrection ? relative(base) : undefined;
  const h = driftCorrection ? relative(head) : undefined;
  if (b && h) return { base: b, head: h, driftCorrected: true };
  return { base: [...base.p50s], head: [...head.p50s], driftCorrected: false };
}

/** Forks whose median fork is this much slower than the fastest disagree enough to say so. */
export const SCATTERED_FORKS_RATIO = 1.25;

/**
 * A warning when a spec's forks disagree widely (their median at least 25% above the fastest):
 * a busy neighbour, or code with slow modes. The fastest-third centre is built to stand this, but
 * a baseline recorded like that is worth recording again on a quieter machine.
 */
export function scatteredForksWarning(p50s: readonly number[]): string | undefined {
  if (p50s.length < 3) return undefined;
  const fastest = Math.min(...p50s);
  const middle = median(p50s);
  if (!(fastest > 0) || middle / fastest < SCATTERED_FORKS_RATIO) return undefined;
  const slower = Math.round((middle / fastest - 1) * 100);
  return `its forks disagree: half of the ${p50s.length} ran at least ${slower}% slower than the fastest (a busy machine, or slow modes in the code); verdicts rest on the fastest third, but a baseline recorded now is worth recording again on a quieter machine`;
}

/** A fork that got less than this share of a CPU while measuring was descheduled (a busy machine). */
export const DESCHEDULED_CPU_SHARE = 0.8;

/**
 * A warning when forks got less than {@link DESCHEDULED_CPU_SHARE} of a CPU while they measured:
 * other processes took the CPU, so their times include waiting. The verdict is unchanged (it is
 * reported, not corrected), but a FAIL next to it may be the machine rather than the code.
 */
export function descheduledForksWarning(cpuShares: readonly (number | undefined)[]): string | undefined {
  const known = cpuShares.filter((share): share is number => share !== undefined);
  const starved = known.filter((share) => share < DESCHEDULED_CPU_SHARE).length;
  if (starved === 0) return undefined;
  const lowest = Math.round(Math.min(...known) * 100);
  return `${starved} of ${known.length} forks got less than ${DESCHEDULED_CPU_SHARE * 100}% of a CPU while measuring (lowest ${lowest}%): other processes were running, so their times include waiting; a verdict against the baseline may be the machine rather than the code`;
}
