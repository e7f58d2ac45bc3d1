import { describe, expect, test } from "bun:test";
import { curveDeparture, fitClass, fitTime, judgeComplexity } from "../../../src/verdict/complexity.ts";

const ns = [256, 1024, 4096, 16384];
const points = (f: (n: number) => number) => ns.map((n) => ({ n, t: f(n) }));

describe("judgeComplexity()", () => {
  test("a linear function fits O(n) best, with its coefficient, and passes an O(n) expectation", () => {
    const outcome = judgeComplexity(
      points((n) => 2.5 * n),
      "O(n)",
    );
    expect(outcome.best).toBe("O(n)");
    expect(outcome.passed).toBe(true);
    expect(outcome.fits[0]).toMatchObject({ complexity: "O(n)", coefficient: 2.5 });
    expect(outcome.fits[0]!.rms).toBeCloseTo(0, 10);
    expect(outcome.fits).toHaveLength(6);
  });
  test("a quadratic function fits O(n^2) and fails an O(n) expectation", () => {
    const outcome = judgeComplexity(
      points((n) => 0.01 * n * n + 50),
      "O(n)",
    );
    expect(outcome.best).toBe("O(n^2)");
    expect(outcome.passed).toBe(false);
  });
  test("a cheaper class than expected passes: O(1) meets O(n)", () => {
    const outcome = judgeComplexity(
      points(() => 40),
      "O(n)",
    );
    expect(outcome.best).toBe("O(1)");
    expect(outcome.passed).toBe(true);
  });
  test("noise of a few percent does not change a clear class", () => {
    const noisy = points((n) => n * Math.log2(n) * (1 + (n % 3) * 0.02));
    expect(judgeComplexity(noisy, "O(n log n)").best).toBe("O(n log n)");
  });
  test("fitClass() is least squares through the origin, its error relative to the mean time", () => {
    const fit = fitClass(
      [
        { n: 1, t: 1 },
        { n: 2, t: 3 },
      ],
      "O(n)",
    );
    // c = (1·1 + 2·3) / (1 + 4) = 1.4; residuals -0.4 and 0.2; RMS sqrt(0.1) over mean 2.
    expect(fit.coefficient).toBeCloseTo(1.4, 10);
    expect(fit.rms).toBeCloseTo(Math.sqrt(0.1) / 2, 10);
  });
  test("a dearer class that fits only a little better does not fail: noise between O(n) and O(n log n)", () => {
    // Nearly linear data (n^1.06, as cache or GC effects bend it) whose best fit is O(n log n).
    const wobbly = ns.map((n) => ({ n, t: n ** 1.06 }));
    const outcome = judgeComplexity(wobbly, "O(n)");
    expect(outcome.best).not.toBe("O(n)");
    expect(outcome.passed).toBe(true);
  });
  test("a linear function bent like n log n on a busy machine passes O(n): over n = 64-4096 the two curves are 2x apart", () => {
    // The shape the init starter's linear slugify took under a CPU hog: it fitted O(n log n) as well
    // as exact n log n data does (RMS error 7.3% for O(n)), and failed before.
    const busy = [64, 256, 1024, 4096].map((n) => ({ n, t: 3 * n * Math.log2(n) }));
    const outcome = judgeComplexity(busy, "O(n)");
    expect(outcome.best).toBe("O(n log n)");
    expect(outcome.passed).toBe(true);
  });
  test("n log n still fails O(n) where the curves part by more than 3x (4x over n = 4-256)", () => {
    const wide = [4, 16, 64, 256].map((n) => ({ n, t: n * Math.log2(n) }));
    const outcome = judgeComplexity(wide, "O(n)");
    expect(outcome.best).toBe("O(n log n)");
    expect(outcome.passed).toBe(false);
  });
  test("a quadratic function still fails O(n) over the starter's range, and O(n log n)", () => {
    const quadratic = [64, 256, 1024, 4096].map((n) => ({ n, t: 0.01 * n * n + 50 }));
    expect(judgeComplexity(quadratic, "O(n)").passed).toBe(false);
    expect(judgeComplexity(quadratic, "O(n log n)").passed).toBe(false);
  });
  test("curveDeparture() is the spread of one curve over another across n", () => {
    expect(curveDeparture([64, 4096], "O(n log n)", "O(n)")).toBeCloseTo(2, 10);
    expect(curveDeparture([64, 4096], "O(n^2)", "O(n)")).toBeCloseTo(64, 10);
    expect(curveDeparture([64, 4096], "O(n)", "O(n)")).toBe(1);
    // log n is zero at n = 1: no finite spread, judged as distinguishable.
    expect(curveDeparture([1, 64], "O(log n)", "O(1)")).toBe(Number.POSITIVE_INFINITY);
  });
});

describe("fitTime()", () => {
  // The init starter's linear hash under Deno in CI, on a busy machine: each n's six fork medians
  // (ns) fell into modes; two thirds of n = 4096's forks ran in the slow one.
  const forks = new Map([
    [64, [70.3, 70.3, 70.3, 70.3, 119, 119]],
    [256, [290, 290, 290, 290, 290, 290]],
    [1024, [1130, 1130, 1130, 1130, 1680, 2830]],
    [4096, [7320, 7320, 11800, 11800, 11800, 11800]],
  ]);
  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return (sorted[2]! + sorted[3]!) / 2;
  };
  test("the median of forks in modes fits O(n^2) to a linear function: the fault it replaces", () => {
    const byMedian = [...forks].map(([n, p50s]) => ({ n, t: median(p50s) }));
    expect(judgeComplexity(byMedian, "O(n)").passed).toBe(false);
  });
  test("the fastest forks' centre keeps the linear function O(n)", () => {
    const byCentre = [...forks].map(([n, p50s]) => ({ n, t: fitTime(p50s, median(p50s)) }));
    expect(byCentre.map((p) => p.t)).toEqual([70.3, 290, 1130, 7320]);
    expect(judgeComplexity(byCentre, "O(n)").passed).toBe(true);
  });
  test("a quadratic function still fails O(n) when its slow forks are left out", () => {
    const quadratic = [64, 256, 1024, 4096].map((n) => ({ n, t: fitTime([n * n, n * n * 2, n * n * 1.1], 0) }));
    expect(judgeComplexity(quadratic, "O(n)").passed).toBe(false);
  });
  test("one fork: its median", () => {
    expect(fitTime([5], 5)).toBe(5);
    expect(fitTime([], 7)).toBe(7);
  });
});
