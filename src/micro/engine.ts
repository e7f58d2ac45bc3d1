/**
 * The micro-benchmark engine: measures one function with mitata's `measure()`
 * and returns fxperf's statistics. It receives the clock and collector from the
 * caller, so it is runtime-neutral.
 */
import { measure } from "mitata";
import type { MeasureSettings } from "../spec/resolved.ts";
import { type HeapProbe, measureHeapPerIteration } from "./heap.ts";
import { resolveMeasureOptions, resolveWarmupOptions, resolveWarmupTopUpOptions } from "./options.ts";
import {
  addOutliers,
  countOutliersAdjusted,
  type OutlierCounts,
  type SampleStats,
  studentT975,
  summarise,
} from "./stats.ts";

/** What the engine needs from the runtime. */
export interface EngineDeps extends HeapProbe {
  /** Monotonic clock in nanoseconds. */
  nowNs(): number;
  /** Whether `gc()` really collects (false: mitata must not call it). */
  readonly canGc: boolean;
}

/** One spec's measurement. Times in ns. */
export interface MicroMeasurement extends Omit<SampleStats, "outliers"> {
  /**
   * Samples beyond the skew-adjusted fences ({@link countOutliersAdjusted}), summed over forks (each
   * fork's samples against its own fences); undefined when no fork reported them.
   */
  readonly outliers?: OutlierCounts | undefined;
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
  // A slow function got few calls in the warm-up time: warm it up by calls as well.
  const topUpOptions =
    warmup &&
    resolveWarmupTopUpOptions(
      settings,
      { calls: warmup.ticks, spentNs: deps.nowNs() - start, perCallNs: warmup.p50 },
      now,
      gc,
    );
  const topUp = topUpOptions ? await measure(fn, topUpOptions) : undefined;
  // Size batches from the fastest warm-up sample: unlike the median, it barely moves between
  // processes, so a function near the batching threshold is batched the same way every run.
  const fastestNs = warmup && Math.min(warmup.min, topUp?.min ?? Number.POSITIVE_INFINITY);
  const result = await measure(fn, resolveMeasureOptions(settings, fastestNs, now, gc));
  const stats = summarise(result.samples);
  const heapBytes =
    options.measureHeap && deps.canGc ? await measureHeapPerIteration(fn, stats.avg, 200e6, deps) : undefined;
  return {
    ...stats,
    iterations: result.ticks,
    batched: result.ticks > result.samples.length,
    heapBytes,
    wallNs: deps.nowNs() - start,
  };
}

/**
 * Combines two measuring passes of the same spec. Order statistics are weighted
 * by sample count: an approximation (the exact figures would need the raw
 * samples), close when the passes agree, which is when pooling is used.
 */
export function poolMeasurements(a: MicroMeasurement, b: MicroMeasurement): MicroMeasurement {
  const n = a.samples + b.samples;
  const mix = (x: number, y: number) => (x * a.samples + y * b.samples) / n;
  const avg = mix(a.avg, b.avg);
  // Pooled variance: within-pass variances plus the spread between the pass means.
  const variance =
    (a.sd ** 2 * (a.samples - 1) + b.sd ** 2 * (b.samples - 1) + (a.samples * b.samples * (a.avg - b.avg) ** 2) / n) /
    Math.max(1, n - 1);
  const sd = Math.sqrt(variance);
  return {
    samples: n,
    min: Math.min(a.min, b.min),
    max: Math.max(a.max, b.max),
    avg,
    p50: mix(a.p50, b.p50),
    p75: mix(a.p75, b.p75),
    p99: mix(a.p99, b.p99),
    percentiles: a.percentiles.map((x, i) => mix(x, b.percentiles[i] ?? x)),
    sd,
    mad: mix(a.mad, b.mad),
    cv: avg > 0 ? sd / avg : 0,
    rme: n > 1 && avg > 0 ? (studentT975(n - 1) * sd) / Math.sqrt(n) / avg : 0,
    // Each pass's samples were classified against that pass's fences: the counts add up.
    outliers: a.outliers && b.outliers ? addOutliers(a.outliers, b.outliers) : undefined,
    iterations: a.iterations + b.iterations,
    batched: a.batched || b.batched,
    heapBytes: a.heapBytes ?? b.heapBytes,
    wallNs: a.wallNs + b.wallNs,
  };
}
