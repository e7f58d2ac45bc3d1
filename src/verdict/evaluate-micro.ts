/**
 * Verdicts: a pure function of a measurement and its limits.
 */
import { formatStatistic } from "../format/figures.ts";
import type { MicroMeasurement } from "../micro/engine.ts";
import type { OutlierCounts } from "../micro/stats.ts";
import type { BaselineComparison, SpecLimits } from "../profiles/resolve-limits.ts";
import type { BaselineOutcome, BaselineVerdict, Check, Status } from "../result/spec-result.ts";
import { formatChange, formatNs } from "../units.ts";
import {
  comparedFigures,
  compareForks,
  FINAL_LEVEL,
  FORK_CENTRE_FRACTION,
  type ForkFigures,
  MIN_VERDICT_FORKS,
  tooFewForks,
} from "./fork-comparison.ts";
import { decideStatus } from "./status.ts";
import { checkThreshold, NEAR_LIMIT_FRACTION } from "./threshold.ts";

/**
 * A function whose median is within this factor of an empty function's was most
 * likely reduced to nothing by the JIT (its result unused, its work hoisted).
 */
export const OPTIMISED_AWAY_FACTOR = 2;

/**
 * More than this share of samples beyond one of the outlier fences is worth a warning: the figures
 * describe the machine's interruptions as much as the code. The fences are adjusted for the long right
 * tail of timings and lie at least 10% of the median beyond the quartiles (`countOutliersAdjusted`), so
 * the warning fires on real pauses, not on a skewed or a very tight sample (docs/measurement.md).
 */
export const OUTLIER_WARNING_FRACTION = 0.05;

/** The verdict on one measured spec. */
export interface Evaluation {
  readonly status: Status;
  readonly checks: Check[];
  readonly baseline: BaselineVerdict | undefined;
  readonly warnings: string[];
}

/** How to judge a spec that has nothing to compare with. */
export interface EvaluateOptions {
  /** `--require-baseline`: a spec with neither a baseline nor a limit fails. */
  readonly requireBaseline: boolean;
  /** Compare fork medians relative to the drift reference kernel (when both sides measured it). */
  readonly driftCorrection: boolean;
}

/** The baseline rule on fork figures: this run's forks against the baseline's (one fork for a version 1 profile). */
export function compareWithBaselineForks(
  comparison: BaselineComparison,
  head: ForkFigures,
  driftCorrection: boolean,
  level = FINAL_LEVEL,
): BaselineOutcome {
  const { baseline } = comparison;
  const base: ForkFigures = { p50s: baseline.forks ?? [baseline.p50], referenceP50s: baseline.referenceP50s };
  const figures = comparedFigures(base, head, driftCorrection);
  const limitRatio = (1 + comparison.tolerance) * comparison.factor;
  const outcome = compareForks(
    figures.base,
    figures.head,
    limitRatio,
    comparison.tolerance,
    FORK_CENTRE_FRACTION,
    level,
  );
  // The head's forks are what the bootstrap resamples for this run's spread: too few decide nothing.
  const enough = figures.head.length >= MIN_VERDICT_FORKS;
  return {
    ...outcome,
    ...(enough ? {} : { decision: "undecided", improved: false }),
    driftCorrected: figures.driftCorrected,
  };
}

/**
 * Checks every absolute limit (all are upper bounds) and the baseline comparison.
 * FAIL if any limit is exceeded or the baseline rule says slower beyond tolerance;
 * WARN if the baseline rule is undecided; PASS otherwise; NO BASELINE when there
 * is nothing to compare with. `emptyP50Ns` is the median of an empty function on
 * this machine, for the optimised-away warning.
 */
export function evaluateMicro(
  measurement: MicroMeasurement,
  limits: SpecLimits,
  emptyP50Ns: number | undefined,
  options: EvaluateOptions,
  forks: ForkFigures,
): Evaluation {
  const warnings: string[] = [];
  const checks: Check[] = [];
  for (const limit of limits.limits) {
    const measured = limit.metric === "heap" ? measurement.heapBytes : measurement[limit.metric];
    if (measured === undefined) {
      warnings.push(`${limit.metric} limit not checked: this runtime does not report allocations`);
      continue;
    }
    const { check, near } = checkThreshold(limit, measured);
    checks.push(check);
    if (near) {
      const used = Math.round((measured / limit.bound) * 100);
      warnings.push(
        `${limit.metric} ${formatStatistic(limit.metric, measured)} is ${used}% of its limit ${formatStatistic(limit.metric, limit.bound)}`,
      );
    }
  }
  let baseline = limits.baseline
    ? {
        comparison: limits.baseline,
        outcome: compareWithBaselineForks(limits.baseline, forks, options.driftCorrection),
      }
    : undefined;
  // A baseline this far from the measurement is for other code, or corrupt: it decides nothing.
  const implausible = baseline && implausibleBaseline(baseline.outcome);
  if (implausible) {
    warnings.push(implausible);
    baseline = undefined;
  }
  if (baseline) warnings.push(...baselineWarnings(baseline.comparison, baseline.outcome, forks.p50s.length));
  if (emptyP50Ns !== undefined && measurement.p50 <= emptyP50Ns * OPTIMISED_AWAY_FACTOR) {
    warnings.push(
      `likely optimised away: p50 ${formatNs(measurement.p50)} is close to an empty function's ${formatNs(emptyP50Ns)}; return or use the result so the work cannot be dropped`,
    );
  }
  const { status, warning } = decideStatus({
    failed: checks.some((c) => !c.passed) || baseline?.outcome.decision === "fail" || implausible !== undefined,
    undecided: baseline?.outcome.decision === "undecided",
    judged: checks.length > 0 || baseline !== undefined || implausible !== undefined,
    requireBaseline: options.requireBaseline,
  });
  if (warning) warnings.push(warning);
  // Last, so that a spec's main note (its first warning, in Markdown and JUnit) stays the verdict's.
  if (measurement.outliers) warnings.push(...outlierWarnings(measurement.outliers, measurement.samples));
  return { status, checks, baseline, warnings };
}

/** A share as a percentage: one decimal under 10% (so 5.4% does not read as the 5% threshold), whole above. */
function percent(fraction: number): string {
  const value = fraction * 100;
  return value < 10 ? `${Number(value.toFixed(1))}%` : `${Math.round(value)}%`;
}

/**
 * A warning for each side (low, high) with more than {@link OUTLIER_WARNING_FRACTION} of the samples
 * beyond its fence: "12% high outliers (3% severe): ...". It judges the counts the reports carry, so a
 * reader can check it against them. The sides are judged apart because their
 * causes differ: slow outliers come from outside the code (other processes, interrupts, collections),
 * fast ones from a cheaper path the code sometimes takes.
 */
export function outlierWarnings(outliers: OutlierCounts, samples: number): string[] {
  if (!(samples > 0)) return [];
  const side = (mild: number, severe: number, name: string, cause: string) => {
    const total = mild + severe;
    if (total / samples <= OUTLIER_WARNING_FRACTION) return [];
    const severeNote = severe > 0 ? ` (${percent(severe / samples)} severe)` : "";
    return [`${percent(total / samples)} ${name} outliers${severeNote}: ${cause}`];
  };
  return [
    ...side(
      outliers.highMild,
      outliers.highSevere,
      "high",
      "the machine was busy or GC ran; p99 and the mean include these pauses",
    ),
    ...side(
      outliers.lowMild,
      outliers.lowSevere,
      "low",
      "some calls were faster than most (a cached result, an early return, or work that varies between calls)",
    ),
  ];
}

/** A measurement this many times above or below its baseline says the baseline is wrong. */
export const IMPLAUSIBLE_RATIO = 1e5;

/** Why a baseline is refused as implausible (the measurement is 100,000 times off it), or undefined. */
export function implausibleBaseline(outcome: BaselineOutcome): string | undefined {
  const ratio = outcome.ratio;
  if (Number.isFinite(ratio) && ratio > 0 && ratio < IMPLAUSIBLE_RATIO && ratio > 1 / IMPLAUSIBLE_RATIO)
    return undefined;
  const how =
    !(ratio > 0) || !Number.isFinite(ratio)
      ? "cannot be compared with"
      : ratio > 1
        ? `is ${Math.round(ratio).toLocaleString("en-US")}× slower than`
        : `is ${Math.round(1 / ratio).toLocaleString("en-US")}× faster than`;
  return `baseline refused as implausible: this run ${how} its baseline, so the profile's baseline is for other code or corrupt; re-record it with "fxperf calibrate --append --grep <spec>"`;
}

/** Warnings about a baseline comparison: near the threshold, undecided, or improved. */
export function baselineWarnings(
  comparison: BaselineComparison,
  outcome: BaselineOutcome,
  headForks: number,
): string[] {
  const tolerance = `${(comparison.tolerance * 100).toFixed(0)}%`;
  if (outcome.decision === "undecided" && headForks < MIN_VERDICT_FORKS) {
    return [`undecided against baseline, centre ${formatChange(outcome.ratio)}: ${tooFewForks(headForks)}`];
  }
  if (outcome.decision === "undecided") {
    return [
      `undecided against baseline: centre ${formatChange(outcome.ratio)} (95% CI ${formatChange(outcome.ratioLow)} to ${formatChange(outcome.ratioHigh)}) straddles the ${formatChange(outcome.limitRatio)} threshold; give it more forks (--max-time, --forks), run on a quieter machine, or widen .tolerance()`,
    ];
  }
  if (outcome.improved) {
    return [
      `faster than baseline by more than the ${tolerance} tolerance (centre ${formatChange(outcome.ratio)}): run "fxperf calibrate --append" to record the improvement`,
    ];
  }
  // "Near" for a baseline: the slowdown has used up more than 90% of what the tolerance allows.
  if (outcome.decision === "pass" && outcome.ratio - 1 > (outcome.limitRatio - 1) * (1 - NEAR_LIMIT_FRACTION)) {
    return [
      `centre ${formatChange(outcome.ratio)} against baseline is close to the ${formatChange(outcome.limitRatio)} threshold`,
    ];
  }
  return [];
}
