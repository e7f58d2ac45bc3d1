/**
 * A profiling fork's work: measure the spec as a measuring fork does, again and again, with the
 * sampling CPU profiler on, until the profile holds enough samples. Bun samples about once a
 * millisecond whatever interval is asked (Deno follows the interval), so the profile is taken in
 * chunks, each sized from the rate the one before showed, and the chunks are merged.
 */
import type { MicroMeasurement } from "../micro/engine.ts";
import { type CpuProfile, mergeCpuProfiles, parseCpuProfile } from "../profiling/cpu-profile.ts";
import type { Runtime } from "../runtime/runtime.ts";
import type { ProfileRequest } from "./fork-protocol.ts";

/** The first chunk's length: about 700 samples at Bun's rate. */
const FIRST_CHUNK_NS = 0.6e9;

/** Profiles `measure` until `request.minSamples` (or `request.maxNs`), writes the profile, and returns the last measurement. */
export async function profileWhileMeasuring(
  runtime: Pick<Runtime, "startCpuProfile" | "writeTextFileAtomic">,
  clock: { nowNs(): number },
  request: ProfileRequest,
  measure: () => Promise<MicroMeasurement>,
): Promise<{ readonly measurement: MicroMeasurement; readonly samples: number }> {
  const started = clock.nowNs();
  let profile: CpuProfile | undefined;
  let measurement: MicroMeasurement | undefined;
  let chunkNs = FIRST_CHUNK_NS;
  while (!profile || (profile.samples.length < request.minSamples && clock.nowNs() - started < request.maxNs)) {
    const stop = await runtime.startCpuProfile(request.intervalUs);
    const chunkStart = clock.nowNs();
    do measurement = await measure();
    while (clock.nowNs() - chunkStart < chunkNs);
    const chunk = parseCpuProfile(await stop());
    const elapsedNs = clock.nowNs() - chunkStart;
    profile = profile ? mergeCpuProfiles(profile, chunk) : chunk;
    // The next chunk: what is missing at the rate this one showed, and a tenth more.
    const rate = chunk.samples.length / Math.max(1, elapsedNs);
    chunkNs = rate > 0 ? ((request.minSamples - profile.samples.length) / rate) * 1.1 : FIRST_CHUNK_NS;
  }
  await runtime.writeTextFileAtomic(request.outPath, JSON.stringify(profile));
  return { measurement: measurement!, samples: profile.samples.length };
}
