import { describe, expect, test } from "bun:test";
import {
  resolveBatchSize,
  resolveMeasureOptions,
  resolveWarmupOptions,
  MICRO_DEFAULTS,
} from "../../../src/micro/options.ts";
import { quantile, studentT975, summarise } from "../../../src/micro/stats.ts";

describe("quantile()", () => {
  test("interpolates between closest ranks (Hyndman & Fan type 7)", () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4, 5], 0.5)).toBe(3);
    expect(quantile([10, 20], 0.75)).toBe(17.5);
    expect(quantile([7], 0.99)).toBe(7);
  });
});

describe("summarise()", () => {
  test("computes order statistics, mean and dispersion", () => {
    const s = summarise([5, 1, 4, 2, 3]);
    expect(s).toMatchObject({ samples: 5, min: 1, max: 5, avg: 3, p50: 3, p75: 4 });
    expect(s.sd).toBeCloseTo(Math.sqrt(2.5), 10);
    expect(s.mad).toBeCloseTo(1.4826, 10); // deviations 2,1,0,1,2 → median 1
    expect(s.cv).toBeCloseTo(Math.sqrt(2.5) / 3, 10);
    expect(s.rme).toBeCloseTo((2.776 * Math.sqrt(2.5)) / Math.sqrt(5) / 3, 10);
  });

  test("a constant sample has zero dispersion", () => {
    expect(summarise([4, 4, 4])).toMatchObject({ sd: 0, mad: 0, cv: 0, rme: 0 });
  });

  test("refuses an empty sample", () => {
    expect(() => summarise([])).toThrow();
  });

  test("uses t for small samples and 1.96 beyond 30 degrees of freedom", () => {
    expect(studentT975(1)).toBe(12.706);
    expect(studentT975(30)).toBe(2.042);
    expect(studentT975(1000)).toBe(1.96);
  });
});

describe("measuring options", () => {
  const now = () => 0;
  test("batches fast calls so one sample lasts about the target", () => {
    expect(resolveBatchSize(MICRO_DEFAULTS.targetSampleNs)).toBe(1);
    expect(resolveBatchSize(1e6)).toBe(1);
    expect(resolveBatchSize(MICRO_DEFAULTS.targetSampleNs - 1)).toBe(4);
    expect(resolveBatchSize(MICRO_DEFAULTS.targetSampleNs / 20)).toBe(20);
    expect(resolveBatchSize(0.1)).toBe(MICRO_DEFAULTS.maxBatch);
    expect(resolveBatchSize(Number.NaN)).toBe(1);
  });

  test("a spec's samples and time override the defaults", () => {
    const options = resolveMeasureOptions({ minSamples: 50, maxSamples: 60, timeNs: 1e8 }, 1e6, now, false);
    expect(options).toMatchObject({
      min_samples: 50,
      max_samples: 60,
      min_cpu_time: 1e8,
      batch_threshold: 0,
      batch_samples: 1,
    });
  });

  test("defaults apply when the spec sets nothing", () => {
    const options = resolveMeasureOptions({}, MICRO_DEFAULTS.targetSampleNs / 40, now, false);
    expect(options).toMatchObject({
      min_samples: MICRO_DEFAULTS.minSamples,
      min_cpu_time: MICRO_DEFAULTS.timeNs,
      batch_samples: 40,
    });
    expect(options.batch_threshold).toBeGreaterThan(1e9);
  });

  test(".warmup(n) runs exactly n warm-up samples; otherwise warm-up is time-based", () => {
    expect(resolveWarmupOptions({ warmupSamples: 3 }, now, false)).toMatchObject({
      min_samples: 3,
      max_samples: 3,
      min_cpu_time: 0,
    });
    expect(resolveWarmupOptions({}, now, false)).toMatchObject({ min_cpu_time: MICRO_DEFAULTS.warmupNs });
  });
});
