/**
 * Measuring a spec beside the sibling it must be faster than (`.expect({ fasterThan })`), in one
 * process: both warm up, then rounds of one spec then the other, the order alternating each round
 * (AB BA AB ...), so that the process's state and the machine's drift hit both alike. Each round
 * gives each spec one median; this spec's rounds pooled are its measurement.
 */
import { type EngineDeps, type MicroMeasurement, measureMicro, poolMeasurements } from "../micro/engine.ts";
import type { ResolvedMicroSpec } from "../spec/resolved.ts";
import { boundSetupTime, forkCallable, forkMeasureSettings } from "./fork-callable.ts";

/** Rounds per process. */
export const PAIR_ROUNDS = 10;

/** This spec's pooled measurement and both specs' median per round. */
export interface PairMeasurement {
  readonly measurement: MicroMeasurement;
  readonly selfP50s: number[];
  readonly otherP50s: number[];
}

/** Measures `self` and `other` in alternating rounds, each round a tenth of the spec's measuring time. */
export async function measurePair(
  self: ResolvedMicroSpec,
  other: ResolvedMicroSpec,
  options: { readonly measureHeap: boolean },
  deps: EngineDeps,
): Promise<PairMeasurement> {
  const now = () => deps.nowNs();
  const settings = await boundSetupTime(self, forkMeasureSettings(self), now);
  const roundNs = Math.max(5e6, (settings.timeNs ?? 100e6) / PAIR_ROUNDS);
  const sides = [
    { fn: forkCallable(self), settings },
    { fn: forkCallable(other), settings: await boundSetupTime(other, forkMeasureSettings(other), now) },
  ] as const;
  const p50s: [number[], number[]] = [[], []];
  let pooled: MicroMeasurement | undefined;
  for (let round = 0; round < PAIR_ROUNDS; round++) {
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
