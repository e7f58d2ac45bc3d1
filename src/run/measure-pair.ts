/**
 * Measuring a spec beside the sibling it must be faster than (`.expect({ fasterThan })`), in one
 * process: both warm up, then rounds of one spec then the other, the order alternating each round
 * (AB BA AB ...), so that the process's state and the machine's drift hit both alike. Each round
 * gives each spec one median; this spec's rounds pooled are its measurement.
 */
import { type EngineDeps, type MicroMeasurement, measureMicro, poolMeasurements } from "../micro/engine.ts";
import { MICRO_DEFAULTS } from "../micro/options.ts";
import { measureRounds } from "../micro/rounds.ts";
import type { AbBaseRequest } from "./fork-protocol.ts";
import { AB_DISCARD_ROUNDS, AB_ROUND_NS, AB_ROUNDS, AB_WARMUP_NS } from "./fork-protocol.ts";
import type { ResolvedMicroSpec } from "../spec/resolved.ts";
import { boundSetupTime, forkCallable, forkMeasureSettings } from "./fork-callable.ts";

/** Rounds per process. */
export const PAIR_ROUNDS = 10;

/** A round never measures for less than this (ns): shorter rounds are mostly mitata's own set-up. */
const MIN_ROUND_NS = 5e6;

/** This spec's pooled measurement and both specs' median per round. */
export interface PairMeasurement {
  readonly measurement: MicroMeasurement;
  readonly selfP50s: number[];
  readonly otherP50s: number[];
}

/**
 * Measures `self` and `other` in alternating rounds (`rounds`, by default {@link PAIR_ROUNDS}),
 * each round `self`'s measuring time divided by the rounds.
 */
export async function measurePair(
  self: ResolvedMicroSpec,
  other: ResolvedMicroSpec,
  options: { readonly measureHeap: boolean; readonly rounds?: number },
  deps: EngineDeps,
): Promise<PairMeasurement> {
  const now = () => deps.nowNs();
  const rounds = options.rounds ?? PAIR_ROUNDS;
  const settings = await boundSetupTime(self, forkMeasureSettings(self), now);
  const roundNs = Math.max(MIN_ROUND_NS, (settings.timeNs ?? 100e6) / rounds);
  const sides = [
    { fn: forkCallable(self), settings },
    { fn: forkCallable(other), settings: await boundSetupTime(other, forkMeasureSettings(other), now) },
  ] as const;
  const p50s: [number[], number[]] = [[], []];
  let pooled: MicroMeasurement | undefined;
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? [0, 1] : [1, 0];
    for (const side of order) {
      const { fn, settings: own } = sides[side]!;
      // The first round warms each function up as a fork does; later rounds only re-enter it.
      const roundSettings = round === 0 ? { ...own, timeNs: roundNs } : { ...own, timeNs: roundNs, warmupSamples: 2 };
      const measured = await measureMicro(
        fn,
        roundSettings,
        { measureHeap: side === 0 && round === 0 && options.measureHeap },
        deps,
      );
      p50s[side as 0 | 1].push(measured.p50);
      if (side === 0) pooled = pooled ? poolMeasurements(pooled, measured) : measured;
    }
  }
  return { measurement: pooled!, selfP50s: p50s[0], otherP50s: p50s[1] };
}

/**
 * `fxperf ab`, paired: the head's spec (`self`) and the base's, in alternating short rounds
 * (micro/rounds.ts). A spec with `.setup()` makes a fresh input per call, which the plain round
 * loop cannot do: it is measured like `fasterThan` pairs, with mitata.
 */
export async function measureAbPair(
  self: ResolvedMicroSpec,
  base: ResolvedMicroSpec,
  request: AbBaseRequest,
  deps: EngineDeps,
): Promise<PairMeasurement> {
  const rounds = request.rounds ?? AB_ROUNDS;
  if (self.setup || base.setup) return measurePair(self, base, { measureHeap: false, rounds }, deps);
  const started = deps.nowNs();
  const fns = [forkCallable(self), forkCallable(base)] as const;
  const measured = await measureRounds(
    request.baseFirst ? [fns[1], fns[0]] : fns,
    {
      rounds,
      discardRounds: request.discardRounds ?? AB_DISCARD_ROUNDS,
      roundNs: request.roundNs ?? AB_ROUND_NS,
      warmupNs: request.warmupNs ?? AB_WARMUP_NS,
      warmupMinCalls: MICRO_DEFAULTS.warmupMinCalls,
      warmupMaxNs: MICRO_DEFAULTS.warmupMaxNs,
      maxBatch: MICRO_DEFAULTS.maxBatch,
    },
    () => deps.nowNs(),
  );
  const [selfP50s, otherP50s] = request.baseFirst ? [measured.p50s[1], measured.p50s[0]] : measured.p50s;
  const measurement: MicroMeasurement = {
    ...(request.baseFirst ? measured.otherStats : measured.stats),
    iterations: measured.iterations,
    batched: measured.batched,
    heapBytes: undefined,
    wallNs: deps.nowNs() - started,
  };
  return { measurement, selfP50s, otherP50s };
}
