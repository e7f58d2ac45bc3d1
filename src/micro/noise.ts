/**
 * The machine's noise level: one short, fixed reference workload measured
 * several times; the coefficient of variation of its medians says how much a
 * figure moves between measurements on this machine right now.
 */
import { type EngineDeps, measureMicro } from "./engine.ts";

/** Above this, calibration warns that baselines recorded now will be loose. */
export const NOISY_CV = 0.05;

// A fixed document (~20 KB) so every machine parses the same bytes; one parse takes tens of
// microseconds, far from the batching threshold, so every process measures it the same way.
const REFERENCE = JSON.stringify(
  Array.from({ length: 400 }, (_, i) => ({ id: i, name: `item-${i}`, tags: ["a", "b"], price: i * 1.25 })),
);

/** The noise figure and the medians it came from. */
export interface NoiseLevel {
  readonly cv: number;
  readonly p50s: number[];
}

/** Measures the reference workload once with default settings; returns its p50 (ns). */
export async function measureReference(deps: EngineDeps): Promise<number> {
  return (await measureMicro(() => JSON.parse(REFERENCE), { timeNs: 100e6 }, { measureHeap: false }, deps)).p50;
}

/**
 * Measures the reference workload once in each of `repeats` fresh processes
 * (`measureInProcess` spawns one and returns its p50): a baseline is compared
 * with a later, separate process, so the noise that matters is between processes,
 * which is several times what repeats inside one process show.
 */
export async function measureNoise(measureInProcess: () => Promise<number>, repeats = 5): Promise<NoiseLevel> {
  const p50s: number[] = [];
  for (let i = 0; i < repeats; i++) p50s.push(await measureInProcess());
  const mean = p50s.reduce((a, b) => a + b, 0) / p50s.length;
  const sd = Math.sqrt(p50s.reduce((a, x) => a + (x - mean) ** 2, 0) / Math.max(1, p50s.length - 1));
  return { cv: mean > 0 ? sd / mean : 0, p50s };
}
