/**
 * The micro-benchmark engine: measures one function with mitata's `measure()`
 * and returns fxperf's statistics. It receives the clock and collector from the
 * caller, so it is runtime-neutral.
 */
import { measure } from "mitata";
import type { MeasureSettings } from "../spec/resolved.ts";
import { type HeapProbe, measureHeapPerIteration } from "./heap.ts";
import { resolveMeasureOptions, resolveWarmupOptions } from "./options.ts";
import { type SampleStats, summarise } from "./stats.ts";

/** What the engine needs from the runtime. */
export interface EngineDeps extends HeapProbe {
  /** Monotonic clock in nanoseconds. */
  nowNs(): number;
  /** Whether `gc()` really collects (false: mitata must not call it). */
  readonly canGc: boolean;
}

/** One spec's measurement. Times in ns. */
export interface MicroMeasurement extends SampleStats {
  /** Calls of the function measured (samples × batch size). */
  readonly iterations: number;
  /** True when each sample is the mean of a batch of calls (fast functions). */
  readonly batched: boolean;
  /** Bytes allocated and returned per call, when measured. */
  readonly heapBytes: number | undefined;
  /** Wall time spent on this spec, warm-up included. */
  readonly wallNs: number;
}

/** Runs the warm-up and measuring passes (and the heap pass when asked). */
export async function measureMicro(
  fn: () => unknown,
  settings: MeasureSettings,
  options: { measureHeap: boolean },
  deps: EngineDeps,
): Promise<MicroMeasurement> {
  const start = deps.nowNs();
  const now = () => deps.nowNs();
  const gc = deps.canGc ? () => deps.gc() : false;
  const warmup = settings.warmupSamples === 0 ? undefined : await measure(fn, resolveWarmupOptions(settings, now, gc));
  const result = await measure(fn, resolveMeasureOptions(settings, warmup?.p50, now, gc));
  const stats = summarise(result.samples);
  const heapBytes = options.measureHeap && deps.canGc ? await measureHeapPerIteration(fn, stats.avg, 200e6, deps) : undefined;
  return {
    ...stats,
    iterations: result.ticks,
    batched: result.ticks > result.samples.length,
    heapBytes,
    wallNs: deps.nowNs() - start,
  };
}
