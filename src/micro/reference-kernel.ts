/**
 * The drift reference: a fixed kernel measured in every fork right beside the spec, so that a
 * machine that is slower this minute can be told from code that got slower (docs/measurement.md,
 * "Drift correction"). It mixes arithmetic with short-lived allocation, the two things most specs
 * spend their time on.
 */
import { type EngineDeps, measureMicro } from "./engine.ts";

/**
 * The kernel is measured for a fixed number of samples (about 20 ms here), not for a time, so its
 * cost per fork is the same on every machine and under any clock.
 */
export const REFERENCE_SAMPLES = 2000;

/** One call: a few microseconds of arithmetic over freshly allocated objects. */
function referenceKernel(): number {
  const points: { x: number; y: number }[] = [];
  for (let i = 0; i < 64; i++) points.push({ x: i * 0.5, y: Math.sqrt(i + 1) });
  let sum = 0;
  for (const p of points) sum += p.x * p.y;
  return sum;
}

/** Measures the reference kernel once; returns its median (ns). */
export async function measureReferenceKernel(deps: EngineDeps): Promise<number> {
  return (
    await measureMicro(
      referenceKernel,
      { warmupSamples: 3, minSamples: REFERENCE_SAMPLES, maxSamples: REFERENCE_SAMPLES, timeNs: 1 },
      { measureHeap: false },
      deps,
    )
  ).p50;
}
