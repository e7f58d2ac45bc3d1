/**
 * How fxperf drives mitata: defaults chosen by measurement (bench/stability.ts,
 * docs/benchmarks.md) and the mapping from a spec's settings to mitata options.
 */
import type { MeasureSettings } from "../spec/resolved.ts";

/** The measuring defaults; each can be overridden per spec. */
export const MICRO_DEFAULTS = {
  /** Time spent running the function before measuring, so the JIT has settled... */
  warmupNs: 200e6,
  /**
   * ...and at least this many calls: a call of a few ms gets only a handful in the warm-up time, and
   * library code measured then runs 2-5× slower than after ~50 calls (docs/measurement.md, "Passes").
   */
  warmupMinCalls: 50,
  /** The calls beyond the warm-up time stop once the warm-up has taken this long, so a 1 s call is not warmed for 50 s. */
  warmupMaxNs: 1e9,
  /** Measuring budget: sampling continues until this much time was spent... */
  timeNs: 500e6,
  /** ...and at least this many samples were taken. */
  minSamples: 12,
  /** Hard cap on samples, so a ~1 ns function cannot run for ever. */
  maxSamples: 1_000_000,
  /**
   * Calls shorter than this are timed in batches so that one sample lasts about
   * this long: long enough that the clock's own cost (~20-40 ns a reading) stays
   * under 1% of a sample, short enough to keep thousands of samples.
   */
  targetSampleNs: 5_000,
  /** mitata unrolls batches by 4; batch sizes are multiples of this. */
  batchUnroll: 4,
  /** Largest batch (mitata's own default). */
  maxBatch: 4096,
} as const;

/** Calls per sample for a function taking about `estimateNs` per call (1 = no batching). */
export function resolveBatchSize(estimateNs: number): number {
  const { targetSampleNs, batchUnroll, maxBatch } = MICRO_DEFAULTS;
  if (!(estimateNs > 0) || estimateNs >= targetSampleNs) return 1;
  const calls = Math.ceil(targetSampleNs / estimateNs / batchUnroll) * batchUnroll;
  return Math.min(maxBatch, Math.max(batchUnroll, calls));
}

/** The subset of mitata's `measure()` options fxperf sets. */
export interface MitataOptions {
  min_samples: number;
  max_samples: number;
  min_cpu_time: number;
  warmup_samples: number;
  /** One call faster than this (ns) is measured in batches of `batch_samples` calls. */
  batch_threshold: number;
  batch_samples: number;
  gc: (() => void) | false;
  now: () => number;
}

/**
 * The first warm-up pass: run for `warmupNs` (then {@link resolveWarmupTopUpOptions} adds calls to a slow
 * function), or exactly `warmupSamples` samples when the spec set them.
 */
export function resolveWarmupOptions(
  settings: MeasureSettings,
  now: () => number,
  gc: (() => void) | false,
): MitataOptions {
  const fixed = settings.warmupSamples;
  return {
    min_samples: fixed ?? 1,
    max_samples: fixed ?? MICRO_DEFAULTS.maxSamples,
    min_cpu_time: fixed === undefined ? (settings.warmupNs ?? MICRO_DEFAULTS.warmupNs) : 0,
    warmup_samples: 2,
    batch_threshold: 65_536,
    batch_samples: Math.min(MICRO_DEFAULTS.maxBatch, settings.maxBatch ?? MICRO_DEFAULTS.maxBatch),
    gc,
    now,
  };
}

/** What the time-based warm-up pass did: its calls, the wall time spent so far, and its median call (ns). */
export interface WarmupSoFar {
  readonly calls: number;
  readonly spentNs: number;
  readonly perCallNs: number;
}

/**
 * A second warm-up pass, for a function the time-based one called fewer than `warmupMinCalls` times:
 * the missing calls, as many as fit in what is left of `warmupMaxNs` at the median call seen so far
 * (the calls only get faster as the JIT warms up, so the estimate errs short). Undefined when no call
 * is missing or none fits, and when the spec fixed its warm-up samples with `.warmup(n)`.
 */
export function resolveWarmupTopUpOptions(
  settings: MeasureSettings,
  warmup: WarmupSoFar,
  now: () => number,
  gc: (() => void) | false,
): MitataOptions | undefined {
  if (settings.warmupSamples !== undefined) return undefined;
  const missing = MICRO_DEFAULTS.warmupMinCalls - warmup.calls;
  const fitting =
    warmup.perCallNs > 0 ? Math.floor((MICRO_DEFAULTS.warmupMaxNs - warmup.spentNs) / warmup.perCallNs) : missing;
  const calls = Math.min(missing, fitting);
  if (!(calls >= 1)) return undefined;
  return {
    min_samples: calls,
    max_samples: calls,
    min_cpu_time: 0,
    warmup_samples: 0,
    // One call per sample: the function is slow (else the time-based pass would have called it enough).
    batch_threshold: 0,
    batch_samples: 1,
    gc,
    now,
  };
}

/**
 * The measuring pass, from a spec's settings, the defaults and the per-call time
 * the warm-up saw (`estimateNs`, undefined without a warm-up: mitata then decides).
 */
export function resolveMeasureOptions(
  settings: MeasureSettings,
  estimateNs: number | undefined,
  now: () => number,
  gc: (() => void) | false,
): MitataOptions {
  const minSamples = settings.minSamples ?? MICRO_DEFAULTS.minSamples;
  const cap = settings.maxBatch ?? MICRO_DEFAULTS.maxBatch;
  const batch = estimateNs === undefined ? undefined : Math.min(cap, resolveBatchSize(estimateNs));
  return {
    min_samples: minSamples,
    max_samples: Math.max(minSamples, settings.maxSamples ?? MICRO_DEFAULTS.maxSamples),
    min_cpu_time: settings.timeNs ?? MICRO_DEFAULTS.timeNs,
    warmup_samples: 2,
    // mitata batches when one warm-up call is at most batch_threshold ns; 0 turns batching off.
    batch_threshold: batch === undefined ? 65_536 : batch > 1 ? Number.MAX_SAFE_INTEGER : 0,
    batch_samples: batch ?? Math.min(cap, MICRO_DEFAULTS.maxBatch),
    gc,
    now,
  };
}
