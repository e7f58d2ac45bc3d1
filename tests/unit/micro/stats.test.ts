import { describe, expect, test } from "bun:test";
import {
  resolveBatchSize,
  resolveMeasureOptions,
  resolveWarmupOptions,
  MICRO_DEFAULTS,
} from "../../../src/micro/options.ts";
import { addOutliers, countOutliers, quantile, studentT975, summarise } from "../../../src/micro/stats.ts";

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

/** Ten samples of 10 and ten of 12 pin the quartiles at q1 = 10, q3 = 12 (IQR 2) whatever is added at the ends. */
const body = [...Array(10).fill(10), ...Array(10).fill(12)] as number[];
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);

describe("countOutliers()", () => {
  // Fences for q1 = 10, q3 = 12: mild below 7 or above 15, severe below 4 or above 18.
  test("classifies a mild low, a mild high and a severe high sample as Criterion does", () => {
    const samples = sorted([6, ...body, 16, 20]);
    expect(quantile(samples, 0.25)).toBe(10);
    expect(quantile(samples, 0.75)).toBe(12);
    expect(countOutliers(samples)).toEqual({ lowSevere: 0, lowMild: 1, highMild: 1, highSevere: 1 });
  });
  test("a sample below q1 − 3·IQR is severe, not also mild", () => {
    expect(countOutliers(sorted([1, 6, ...body, 16, 20]))).toEqual({
      lowSevere: 1,
      lowMild: 1,
      highMild: 1,
      highSevere: 1,
    });
  });
  test("a sample on a fence is inside it: the comparisons are strict", () => {
    // 15 sits on the mild fence (not an outlier), 18 on the severe one (mild, not severe).
    const samples = sorted([...body, 15, 18]);
    expect(quantile(samples, 0.75)).toBe(12);
    expect(countOutliers(samples)).toEqual({ lowSevere: 0, lowMild: 0, highMild: 1, highSevere: 0 });
  });
  test("all-equal samples have no spread and no outliers", () => {
    expect(countOutliers([5, 5, 5, 5, 5, 5])).toEqual({ lowSevere: 0, lowMild: 0, highMild: 0, highSevere: 0 });
    expect(countOutliers([7])).toEqual({ lowSevere: 0, lowMild: 0, highMild: 0, highSevere: 0 });
  });
  test("summarise() counts them from samples in any order", () => {
    expect(summarise([20, ...body, 6, 16]).outliers).toEqual({ lowSevere: 0, lowMild: 1, highMild: 1, highSevere: 1 });
    expect(summarise([4, 4, 4]).outliers).toEqual({ lowSevere: 0, lowMild: 0, highMild: 0, highSevere: 0 });
  });
  test("addOutliers() adds class by class", () => {
    expect(
      addOutliers(
        { lowSevere: 1, lowMild: 2, highMild: 3, highSevere: 4 },
        { lowSevere: 10, lowMild: 20, highMild: 30, highSevere: 40 },
      ),
    ).toEqual({ lowSevere: 11, lowMild: 22, highMild: 33, highSevere: 44 });
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
