import { describe, expect, test } from "bun:test";
import {
  resolveBatchSize,
  resolveMeasureOptions,
  resolveWarmupOptions,
  resolveWarmupTopUpOptions,
  MICRO_DEFAULTS,
} from "../../../src/micro/options.ts";
import {
  addOutliers,
  countOutliers,
  countOutliersAdjusted,
  medcouple,
  quantile,
  studentT975,
  summarise,
} from "../../../src/micro/stats.ts";

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

/** `n` exact quantiles of an exponential distribution of scale `scale` after `offset`: a long right tail, no randomness. */
function exponential(n: number, scale = 1, offset = 0): number[] {
  return Array.from({ length: n }, (_, i) => offset - scale * Math.log(1 - (i + 0.5) / n));
}
const highs = (c: { highMild: number; highSevere: number }) => c.highMild + c.highSevere;

describe("medcouple()", () => {
  test("is 0 for a symmetric sample and about 1/3 for an exponential one", () => {
    expect(medcouple([1, 2, 3, 4, 5, 6, 7])).toBe(0);
    expect(medcouple(exponential(401))).toBeCloseTo(1 / 3, 1);
  });
  test("changes sign with the tail: a long left tail is negative", () => {
    const mirrored = exponential(201)
      .map((x) => 100 - x)
      .sort((a, b) => a - b);
    expect(medcouple(mirrored)).toBeCloseTo(-medcouple(exponential(201)), 10);
  });
  test("on a large sample, its quantiles give nearly the exact figure", () => {
    expect(medcouple(exponential(20_000))).toBeCloseTo(medcouple(exponential(401)), 2);
  });
  test("is NaN for no samples and 0 for one", () => {
    expect(medcouple([])).toBeNaN();
    expect(medcouple([7])).toBe(0);
  });
});

describe("countOutliersAdjusted()", () => {
  test("a long right tail is not called outliers, where Tukey's fences flag about 5% of it", () => {
    const tail = exponential(1000, 10, 100);
    expect(highs(countOutliers(tail))).toBe(48);
    expect(highs(countOutliersAdjusted(tail))).toBeLessThan(5);
  });
  test("a tight body's rare long pauses are outliers, its jitter of a few per cent is not", () => {
    // 190 calls of 100-101 µs, 6 calls 3% slower, 10 pauses of 2 ms (about 5%).
    const body = Array.from({ length: 190 }, (_, i) => 100 + i / 190);
    const samples = sorted([...body, ...Array(6).fill(103), ...Array(10).fill(2000)]);
    expect(highs(countOutliers(samples))).toBe(16);
    expect(countOutliersAdjusted(samples)).toEqual({ lowSevere: 0, lowMild: 0, highMild: 0, highSevere: 10 });
  });
  test("with no spread at all, the floor sets the fences: mild 10%, severe 20% beyond the quartile", () => {
    const samples = sorted([...Array(20).fill(100), 101, 109, 115, 500]);
    // Tukey's fences collapse onto the quartile: every slower sample, 1% slower included, is severe.
    expect(countOutliers(samples)).toMatchObject({ highMild: 0, highSevere: 4 });
    expect(countOutliersAdjusted(samples)).toEqual({ lowSevere: 0, lowMild: 0, highMild: 1, highSevere: 1 });
  });
  test("the short side keeps Tukey's fence: fast calls under a right-skewed body are not low outliers", () => {
    // Tukey's low fence is at about 86; the adjusted boxplot would pull it up to about 98 and count the calls at 90.
    const samples = sorted([...exponential(400, 10, 100), 90, 90, 90, 90]);
    expect(countOutliers(samples)).toMatchObject({ lowMild: 0, lowSevere: 0 });
    expect(countOutliersAdjusted(samples)).toMatchObject({ lowMild: 0, lowSevere: 0 });
    expect(countOutliersAdjusted(sorted([...exponential(400, 10, 100), 60]))).toMatchObject({ lowSevere: 1 });
  });
  test("a long left tail widens the low fence instead", () => {
    const samples = sorted([...exponential(1000, 10, 100).map((x) => 300 - x)]);
    expect(countOutliers(samples).lowMild + countOutliers(samples).lowSevere).toBe(48);
    expect(countOutliersAdjusted(samples).lowMild + countOutliersAdjusted(samples).lowSevere).toBeLessThan(5);
    expect(highs(countOutliersAdjusted(samples))).toBe(0);
  });
  test("no samples, no outliers", () => {
    expect(countOutliersAdjusted([])).toEqual({ lowSevere: 0, lowMild: 0, highMild: 0, highSevere: 0 });
  });
});

describe("warm-up by calls", () => {
  const now = () => 0;
  const { warmupMinCalls, warmupMaxNs } = MICRO_DEFAULTS;
  test("a function the warm-up time called often enough gets no second pass", () => {
    expect(resolveWarmupTopUpOptions({}, { calls: warmupMinCalls, spentNs: 5e7, perCallNs: 1e3 }, now, false)).toBe(
      undefined,
    );
  });
  test("a 15 ms function called 3 times in 50 ms gets the missing calls, one per sample", () => {
    const options = resolveWarmupTopUpOptions({}, { calls: 3, spentNs: 5e7, perCallNs: 15e6 }, now, false);
    expect(options).toMatchObject({
      min_samples: warmupMinCalls - 3,
      max_samples: warmupMinCalls - 3,
      min_cpu_time: 0,
      batch_threshold: 0,
      batch_samples: 1,
    });
  });
  test("a slow function gets only the calls that fit in the warm-up cap", () => {
    // 200 ms a call, 400 ms spent: 3 more calls fit in 1 s.
    const options = resolveWarmupTopUpOptions({}, { calls: 2, spentNs: 4e8, perCallNs: 2e8 }, now, false);
    expect(warmupMaxNs).toBe(1e9);
    expect(options).toMatchObject({ min_samples: 3, max_samples: 3 });
  });
  test("a function slower than what is left of the cap gets no second pass", () => {
    expect(resolveWarmupTopUpOptions({}, { calls: 1, spentNs: 9e8, perCallNs: 2e8 }, now, false)).toBe(undefined);
    expect(resolveWarmupTopUpOptions({}, { calls: 1, spentNs: 1.2e9, perCallNs: 1.2e9 }, now, false)).toBe(undefined);
  });
  test(".warmup(n) fixes the warm-up: no calls are added", () => {
    expect(
      resolveWarmupTopUpOptions({ warmupSamples: 2 }, { calls: 2, spentNs: 3e7, perCallNs: 15e6 }, now, false),
    ).toBe(undefined);
  });
});
