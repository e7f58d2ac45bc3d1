/**
 * How many forks a spec gets: a fixed number first, then, while the verdict is undecided, one
 * more at a time until it decides, the spec's time budget would be overrun, or the cap is reached
 * (tachometer's auto-sampling, applied to processes instead of page loads). An explicit budget
 * (`--max-time`) is a cap: it also cuts the fixed forks, down to {@link FORK_DEFAULTS}.budgetFloor.
 */
import type { MicroMeasurement } from "../micro/engine.ts";
import { addOutliers, median, NO_OUTLIERS, type OutlierCounts } from "../micro/stats.ts";
import type { ForkStop } from "../result/spec-result.ts";
import { formatNs } from "../units.ts";
import { MIN_VERDICT_FORKS } from "../verdict/fork-comparison.ts";
import type { ForkMeasurement } from "./spawn-fork.ts";

/** The measured defaults (docs/measurement.md, docs/benchmarks.md). */
export const FORK_DEFAULTS = {
  /** Forks measured before the first decision in `run`. */
  forks: 6,
  /** Forks `calibrate` records per spec: the baseline's spread needs more of them. */
  calibrateForks: 10,
  /** A spec's time budget in `run`, adaptive forks included. */
  maxTimeNs: 3e9,
  /** Never more forks than this for one spec. */
  maxForks: 40,
  /**
   * Under an explicit `--max-time`, the fixed forks stop when the next would overrun it, but never
   * before this many: fewer leave the verdict's bootstrap almost nothing to resample.
   */
  budgetFloor: MIN_VERDICT_FORKS,
  /** Compare fork medians relative to the drift reference kernel (docs/measurement.md says why). */
  driftCorrection: false,
} as const;

/** How a spec's forks are scheduled. */
export interface Schedule {
  /** Forks measured before the first decision. */
  readonly minForks: number;
  /** Never more forks than this. */
  readonly maxForks: number;
  /** No new fork starts when the spec's elapsed time plus one more fork's would pass this. */
  readonly maxTimeNs: number;
  /**
   * When the budget was given explicitly (`--max-time`): it cuts the fixed forks too, never below this
   * many (nor above `minForks`). Undefined: the `minForks` fixed forks all run, whatever they cost.
   */
  readonly budgetFloor?: number;
}

/**
 * The one way a schedule is built (run, calibrate and ab): `minForks` first, more up to
 * {@link FORK_DEFAULTS}.maxForks within `maxTimeNs`; a budget the user gave (`capped`) also cuts the
 * fixed forks, down to the floor.
 */
export function scheduleOf(minForks: number, maxTimeNs: number, capped: boolean): Schedule {
  return {
    minForks,
    maxForks: Math.max(minForks, FORK_DEFAULTS.maxForks),
    maxTimeNs,
    budgetFloor: capped ? FORK_DEFAULTS.budgetFloor : undefined,
  };
}

/** The forks measured for a spec (or, for `ab`, the base/head pairs of forks). */
export interface ForkRun<T = ForkMeasurement> {
  readonly forks: T[];
  readonly elapsedNs: number;
  readonly stop: ForkStop;
}

/**
 * Measures `schedule.minForks` forks, then adds forks one by one while `isDecided` says no.
 * Without `isDecided` (nothing to decide, or calibrating) only the fixed forks run. A unit may be
 * one fork (`run`) or anything launched as one step (`ab`: a base fork and a head fork). With a
 * `budgetFloor`, a fork past the floor starts only if the forks so far predict it ends within the
 * budget, fixed forks included (stop: "time budget").
 */
export async function runUntilDecided<T = ForkMeasurement>(
  schedule: Schedule,
  launch: (index: number) => Promise<T>,
  isDecided: ((forks: readonly T[]) => boolean) | undefined,
  nowNs: () => number,
): Promise<ForkRun<T>> {
  const started = nowNs();
  const forks: T[] = [];
  // A fork is predicted to take as long as the average one so far.
  const wouldOverrun = () => {
    const elapsedNs = nowNs() - started;
    return elapsedNs + elapsedNs / forks.length > schedule.maxTimeNs;
  };
  const floor = Math.max(1, Math.min(schedule.minForks, schedule.budgetFloor ?? schedule.minForks));
  while (forks.length < schedule.minForks) {
    if (forks.length >= floor && wouldOverrun()) return { forks, elapsedNs: nowNs() - started, stop: "time budget" };
    forks.push(await launch(forks.length));
  }
  let stop: ForkStop = "fixed";
  if (isDecided) {
    for (;;) {
      if (isDecided(forks)) {
        stop = "decided";
        break;
      }
      if (forks.length >= schedule.maxForks) {
        stop = "fork cap";
        break;
      }
      if (wouldOverrun()) {
        stop = "time budget";
        break;
      }
      forks.push(await launch(forks.length));
    }
  }
  return { forks, elapsedNs: nowNs() - started, stop };
}

/**
 * Why a spec's forks overran an explicit time budget (`schedule.budgetFloor` set), for its warnings:
 * the floor's forks alone cost more than the budget, or the last fork took longer than the ones before
 * predicted. Undefined within the budget, or when the budget was only the default. `unit` names what
 * one launch measures ("pair" in `ab`).
 */
export function overBudgetWarning(
  forks: number,
  elapsedNs: number,
  schedule: Schedule,
  unit = "fork",
): string | undefined {
  if (schedule.budgetFloor === undefined || !(elapsedNs > schedule.maxTimeNs)) return undefined;
  const count = (n: number) => `${n} ${unit}${n === 1 ? "" : "s"}`;
  const floor = Math.max(1, Math.min(schedule.minForks, schedule.budgetFloor));
  const eachNs = elapsedNs / Math.max(1, forks);
  const took = `over the time budget: ${count(forks)} took ${formatNs(elapsedNs)} against --max-time ${formatNs(schedule.maxTimeNs)}`;
  if (forks <= floor) {
    const neededS = Math.ceil((floor * eachNs) / 1e9);
    if (floor < MIN_VERDICT_FORKS)
      return `${took}: one ${unit} alone costs ${formatNs(eachNs)}; give --max-time ${neededS}s or more, or make the spec faster`;
    return `${took}, because a verdict needs at least ${count(floor)} and one costs ${formatNs(eachNs)}; give --max-time ${neededS}s or more, or make the spec faster`;
  }
  return `${took}, because the last ${unit} took longer than the ones before it predicted`;
}

/**
 * One measurement that stands for all forks, for limits and reports: each figure is the median
 * of the forks' figures (so one odd process does not move it); counts and times are summed, outliers
 * included (each fork's samples were classified against its own fences). Outliers are undefined when
 * a fork did not report them: a partial count would understate their share of the summed samples.
 */
export function summariseForks(forks: readonly ForkMeasurement[]): MicroMeasurement {
  const ms = forks.map((f) => f.measurement);
  const mid = (pick: (m: (typeof ms)[number]) => number) => median(ms.map(pick));
  const heaps = ms.map((m) => m.heapBytes).filter((h): h is number => typeof h === "number");
  const outliers = ms.every((m) => m.outliers !== undefined)
    ? ms.reduce<OutlierCounts>((sum, m) => addOutliers(sum, m.outliers!), NO_OUTLIERS)
    : undefined;
  return {
    samples: ms.reduce((a, m) => a + m.samples, 0),
    min: Math.min(...ms.map((m) => m.min)),
    avg: mid((m) => m.avg),
    p50: mid((m) => m.p50),
    p75: mid((m) => m.p75),
    p99: mid((m) => m.p99),
    max: Math.max(...ms.map((m) => m.max)),
    sd: mid((m) => m.sd),
    mad: mid((m) => m.mad),
    cv: mid((m) => m.cv),
    rme: mid((m) => m.rme),
    percentiles: ms[0]!.percentiles.map((_, i) => median(ms.map((m) => m.percentiles[i] ?? m.p50))),
    outliers,
    iterations: ms.reduce((a, m) => a + m.iterations, 0),
    batched: ms.some((m) => m.batched),
    heapBytes: heaps.length > 0 ? median(heaps) : undefined,
    wallNs: ms.reduce((a, m) => a + m.wallNs, 0),
  };
}
