/**
 * What a fork hands the engine for a spec: the function (wrapped for its parameters and its
 * per-call setup) and the measuring settings (the spec's own, the fork's defaults for the rest).
 */
import type { MeasureSettings, ResolvedMicroSpec } from "../spec/resolved.ts";

/**
 * With `.setup()`, the inputs of a whole batch are made before it is timed, so they all exist at
 * once: batches hold at most this many calls (enough to time a call of ~100 ns well).
 */
export const SETUP_MAX_BATCH = 64;

/** A fork's default warm-up and measuring time, when the spec sets none (shorter than one process's). */
export const FORK_MEASURE_DEFAULTS = { warmupNs: 50e6, timeNs: 100e6 } as const;

/**
 * What a fork hands mitata for a spec. mitata treats a function that declares parameters as an
 * iterator benchmark, so the spec's function is wrapped: called with its `.args()` parameters, or,
 * with `.setup()`, as mitata's generator form whose computed parameter makes each call's input
 * outside the timed region (batches of fast calls get one fresh input per call).
 */
export function forkCallable(spec: ResolvedMicroSpec): () => unknown {
  const { fn, params, setup } = spec;
  if (setup) {
    const p = params ?? {};
    return function* () {
      yield { 0: () => setup(p), bench: (input: unknown) => fn(input, p) };
    };
  }
  if (params) return () => fn(params);
  return fn.length === 0 ? fn : () => fn();
}

/** A fork's measuring settings: the spec's own, with the fork's defaults for what it leaves out. */
export function forkMeasureSettings(spec: ResolvedMicroSpec): MeasureSettings {
  return {
    ...spec.measure,
    timeNs: spec.measure.timeNs ?? FORK_MEASURE_DEFAULTS.timeNs,
    warmupNs: FORK_MEASURE_DEFAULTS.warmupNs,
    ...(spec.setup ? { maxBatch: SETUP_MAX_BATCH } : {}),
  };
}

/** With `.setup()`, the untimed set-up may take at most this many times the measuring time. */
export const SETUP_WALL_FACTOR = 10;

/**
 * Settings for a spec with `.setup()`, bounded in wall time: mitata samples until enough *timed*
 * time has passed, and a cheap call on a dear input (the length of a fresh copy) would spend
 * minutes making inputs. The set-up is timed a few times here, and the samples are capped so that
 * making every batch's inputs takes at most {@link SETUP_WALL_FACTOR} times the measuring time.
 */
export async function boundSetupTime(
  spec: ResolvedMicroSpec,
  settings: MeasureSettings,
  nowNs: () => number,
): Promise<MeasureSettings> {
  if (!spec.setup) return settings;
  const params = spec.params ?? {};
  const tries = 3;
  const started = nowNs();
  for (let i = 0; i < tries; i++) await spec.setup(params);
  const perCallNs = Math.max(1, (nowNs() - started) / tries);
  const budgetNs = (settings.timeNs ?? FORK_MEASURE_DEFAULTS.timeNs) * SETUP_WALL_FACTOR;
  const batch = settings.maxBatch ?? SETUP_MAX_BATCH;
  const cap = Math.max(settings.minSamples ?? 12, Math.floor(budgetNs / (perCallNs * batch)));
  // The warm-up samples until enough timed time has passed too: it gets a fixed count in its budget.
  const warmupBudgetNs = (settings.warmupNs ?? FORK_MEASURE_DEFAULTS.warmupNs) * SETUP_WALL_FACTOR;
  const warmupSamples =
    settings.warmupSamples ?? Math.max(2, Math.min(1000, Math.floor(warmupBudgetNs / (perCallNs * batch))));
  return {
    ...settings,
    warmupSamples,
    maxSamples: Math.min(settings.maxSamples ?? Number.POSITIVE_INFINITY, cap),
  };
}
