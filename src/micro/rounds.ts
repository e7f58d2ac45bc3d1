/**
 * Measuring two functions side by side in one process, in many short alternating rounds, for
 * `fxperf ab`'s paired forks. Runtime-neutral: the clock comes in as a parameter.
 *
 * Why not one mitata `measure()` per round: each call costs about 100 ms of its own set-up
 * whatever its time budget, and mitata collects garbage before measuring, after which allocating
 * code runs 2-3x slower for a while (docs/measurement.md, "Modes"). Rounds here are a plain timed
 * loop: batches of calls sized so one batch lasts about {@link ROUND_BATCH_TARGET_NS}, the round's
 * figure the median of its batches' time per call, and nothing else between rounds.
 */
import { median, type SampleStats, summarise } from "./stats.ts";

/** A batch lasts about this long, so the clock's cost (~30 ns a reading) stays well under 1%. */
export const ROUND_BATCH_TARGET_NS = 5_000;

/** At least this many batches make a round, however long they take. */
export const MIN_BATCHES_PER_ROUND = 5;

/** How two functions are measured side by side. */
export interface RoundsOptions {
  /** Rounds; in each, both functions are measured once, the first one first in even rounds. */
  readonly rounds: number;
  /** Rounds measured before those, and left out: the end of the warm-up, in the rounds' own rhythm. */
  readonly discardRounds: number;
  /** Time each function is measured for in each round. */
  readonly roundNs: number;
  /** Warm-up of each function (alternating calls) before the first round... */
  readonly warmupNs: number;
  /** ...and at least this many calls of each, within {@link RoundsOptions.warmupMaxNs}. */
  readonly warmupMinCalls: number;
  readonly warmupMaxNs: number;
  /** The most calls in one batch. */
  readonly maxBatch: number;
}

/** Each function's median time per call in every round (ns), and all of the first's batches. */
export interface RoundsResult {
  readonly p50s: readonly [number[], number[]];
  /** The first function's statistics over all its batches (time per call, ns)... */
  readonly stats: SampleStats;
  /** ...and the second's. */
  readonly otherStats: SampleStats;
  /** Calls of the first function timed, and whether they were batched. */
  readonly iterations: number;
  readonly batched: boolean;
}

type Fn = () => unknown;

function isPromise(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === "function";
}

/** One function to measure: whether it returns a promise, and its batch size. */
interface Prepared {
  readonly fn: Fn;
  readonly async: boolean;
  batch: number;
  fastestNs: number;
}

let sink: unknown;

async function callOnce(p: Pick<Prepared, "fn" | "async">): Promise<void> {
  const result = p.fn();
  sink = p.async ? await result : result;
}

/** Times `p` in batches for `roundNs`; returns the median time per call and the batches' figures. */
async function round(p: Prepared, roundNs: number, nowNs: () => number): Promise<number[]> {
  const perCall: number[] = [];
  const end = nowNs() + roundNs;
  while (perCall.length < MIN_BATCHES_PER_ROUND || nowNs() < end) {
    const { fn, batch } = p;
    const started = nowNs();
    if (p.async) {
      for (let i = 0; i < batch; i++) sink = await fn();
    } else {
      for (let i = 0; i < batch; i++) sink = fn();
    }
    perCall.push((nowNs() - started) / batch);
  }
  return perCall;
}

/**
 * Warms both functions up (alternating single calls, so the JIT sees both alike), sizes each one's
 * batch from its fastest call, then measures them in alternating rounds: AB, BA, AB, ...
 */
export async function measureRounds(
  fns: readonly [Fn, Fn],
  options: RoundsOptions,
  nowNs: () => number,
): Promise<RoundsResult> {
  if (!(options.rounds >= 1)) throw new Error(`measureRounds() needs at least one round, got ${options.rounds}`);
  const prepared: Prepared[] = [];
  for (const fn of fns) {
    const first = fn();
    const async = isPromise(first);
    sink = async ? await first : first;
    prepared.push({ fn, async, batch: 1, fastestNs: Number.POSITIVE_INFINITY });
  }
  const started = nowNs();
  let calls = 0;
  for (;;) {
    const spent = nowNs() - started;
    if (spent >= options.warmupMaxNs || (spent >= options.warmupNs && calls >= options.warmupMinCalls)) break;
    for (const p of prepared) {
      const t0 = nowNs();
      await callOnce(p);
      p.fastestNs = Math.min(p.fastestNs, nowNs() - t0);
    }
    calls++;
  }
  for (const p of prepared) {
    const estimate = Math.max(1, p.fastestNs);
    p.batch = Math.max(1, Math.min(options.maxBatch, Math.round(ROUND_BATCH_TARGET_NS / estimate)));
  }
  const p50s: [number[], number[]] = [[], []];
  const batches: [number[], number[]] = [[], []];
  for (let r = -options.discardRounds; r < options.rounds; r++) {
    for (const side of r % 2 === 0 ? [0, 1] : [1, 0]) {
      const perCall = await round(prepared[side]!, options.roundNs, nowNs);
      if (r < 0) continue;
      p50s[side as 0 | 1].push(median(perCall));
      batches[side as 0 | 1].push(...perCall);
    }
  }
  void sink;
  const first = prepared[0]!;
  return {
    p50s,
    stats: summarise(batches[0]),
    otherStats: summarise(batches[1]),
    iterations: batches[0].length * first.batch,
    batched: first.batch > 1,
  };
}
