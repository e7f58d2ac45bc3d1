/**
 * One process of bench/stability.ts: measures the JSON.parse workload once with
 * one method and prints `{"p50Ns":…,"wallMs":…}` on stdout (fxperf adds
 * `"batched"`, because a workload near the batching threshold can flip mode).
 *
 * Usage: bun bench/stability-child.ts <fxperf|mitata|tinybench>
 * fxperf's defaults can be overridden for tuning (read here only, so the
 * parent's figures say which settings produced them):
 *   FXPERF_BENCH_TIME_MS         → settings.timeNs (measuring budget)
 *   FXPERF_BENCH_WARMUP_SAMPLES  → settings.warmupSamples (a fixed warm-up
 *                                  instead of MICRO_DEFAULTS.warmupNs of time)
 *   FXPERF_BENCH_WARMUP_MS       → MICRO_DEFAULTS.warmupNs        } no spec setting exists for
 *   FXPERF_BENCH_TARGET_SAMPLE_NS → MICRO_DEFAULTS.targetSampleNs } these, so the child patches
 *                                                                   the defaults in its own memory
 */
import { measure } from "mitata";
import { Bench } from "tinybench";
import { measureMicro } from "../src/micro/engine.ts";
import { MICRO_DEFAULTS } from "../src/micro/options.ts";
import type { MeasureSettings } from "../src/spec/resolved.ts";
import { createEngineDeps, createJsonParse } from "./workload.ts";

/** What one child prints, as one JSON line. */
export interface ChildFigures {
  readonly p50Ns: number;
  readonly wallMs: number;
  /** fxperf only: whether the engine timed batches of calls. */
  readonly batched?: boolean;
}

/** The methods this child knows. */
export const METHODS = ["fxperf", "mitata", "tinybench"] as const;
/** One of {@link METHODS}. */
export type Method = (typeof METHODS)[number];

function readNumber(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} is "${raw}": expected a number of at least 0`);
  return value;
}

/** fxperf tuning from the env vars: spec settings (`{}` = defaults) and patched defaults. */
export function readTuning(): {
  settings: MeasureSettings;
  defaults: Partial<Record<"warmupNs" | "targetSampleNs", number>>;
} {
  const timeMs = readNumber("FXPERF_BENCH_TIME_MS");
  const warmupSamples = readNumber("FXPERF_BENCH_WARMUP_SAMPLES");
  const warmupMs = readNumber("FXPERF_BENCH_WARMUP_MS");
  const targetSampleNs = readNumber("FXPERF_BENCH_TARGET_SAMPLE_NS");
  return {
    settings: {
      ...(timeMs === undefined ? {} : { timeNs: timeMs * 1e6 }),
      ...(warmupSamples === undefined ? {} : { warmupSamples }),
    },
    defaults: {
      ...(warmupMs === undefined ? {} : { warmupNs: warmupMs * 1e6 }),
      ...(targetSampleNs === undefined ? {} : { targetSampleNs }),
    },
  };
}

/** p50 of one call in ns by `method` (and, for fxperf, whether it timed batches of calls). */
async function measureP50Ns(method: Method, fn: () => unknown): Promise<Omit<ChildFigures, "wallMs">> {
  switch (method) {
    case "fxperf": {
      const { settings, defaults } = readTuning();
      // MICRO_DEFAULTS is `as const` for the type checker only; the options resolvers read it at
      // call time, so patching this process's copy tries a default without editing src/.
      Object.assign(MICRO_DEFAULTS as Record<string, number>, defaults);
      const m = await measureMicro(fn, settings, { measureHeap: false }, createEngineDeps());
      return { p50Ns: m.p50, batched: m.batched };
    }
    case "mitata":
      return { p50Ns: (await measure(fn)).p50 };
    case "tinybench": {
      const bench = new Bench({ time: 500 });
      bench.add("parse", fn);
      await bench.run();
      const result = bench.getTask("parse")?.result;
      if (result?.state !== "completed") throw new Error(`tinybench task ended "${result?.state}"`);
      return { p50Ns: result.latency.p50 * 1e6 }; // tinybench reports milliseconds
    }
  }
}

if (import.meta.main) {
  const method = process.argv[2];
  if (!METHODS.includes(method as Method))
    throw new Error(`Method is "${method}": expected one of ${METHODS.join(", ")}`);
  const fn = createJsonParse();
  // Wall time of the whole measuring call, warm-up included: what a user waits per spec.
  const start = Bun.nanoseconds();
  const { p50Ns, batched } = await measureP50Ns(method as Method, fn);
  const wallMs = (Bun.nanoseconds() - start) / 1e6;
  process.stdout.write(`${JSON.stringify({ p50Ns, wallMs, batched })}\n`);
}
