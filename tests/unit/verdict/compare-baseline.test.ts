import { describe, expect, test } from "bun:test";
import type { BaselineComparison } from "../../../src/profiles/resolve-limits.ts";
import { compareWithBaseline, relativeMedianError } from "../../../src/verdict/compare-baseline.ts";
import { evaluateMicro } from "../../../src/verdict/evaluate.ts";
import { measurement } from "../helpers.ts";

function comparison(overrides: Partial<BaselineComparison> = {}): BaselineComparison {
  return {
    statistic: "p50",
    baseline: {
      kind: "micro",
      p50: 1000,
      p99: 1500,
      avg: 1050,
      min: 900,
      sd: 50,
      mad: 40,
      samples: 10_000,
      batched: false,
    },
    source: {
      kind: "repo",
      file: "/p/perf-profiles/x.json",
      calibratedAt: "2026-11-26T15:00:00.000Z",
      gitCommit: null,
    },
    noiseCv: 0.01,
    tolerance: 0.1,
    toleranceSource: "default",
    factor: 1,
    ...overrides,
  };
}
const m = (p50: number, mad = 40, samples = 10_000) => measurement({ p50, mad, sd: mad, samples });

describe("relativeMedianError()", () => {
  test("is 1.2533 σ / √n / median, with σ from the MAD (sd when the MAD is 0)", () => {
    expect(relativeMedianError(1000, 40, 999, 100)).toBeCloseTo((1.2533 * 40) / 10 / 1000, 12);
    expect(relativeMedianError(1000, 0, 50, 100)).toBeCloseTo((1.2533 * 50) / 10 / 1000, 12);
    expect(relativeMedianError(0, 40, 50, 100)).toBe(0);
  });
});

describe("compareWithBaseline()", () => {
  test("twice as slow fails with confidence", () => {
    const outcome = compareWithBaseline(m(2000), comparison());
    expect(outcome.decision).toBe("fail");
    expect(outcome.ratio).toBe(2);
    expect(outcome.ratioLow).toBeGreaterThan(1.1);
  });

  test("equal to the baseline passes", () => {
    const outcome = compareWithBaseline(m(1000), comparison());
    expect(outcome.decision).toBe("pass");
    expect(outcome.ratioHigh).toBeLessThanOrEqual(1.1);
    expect(outcome.improved).toBe(false);
  });

  test("right at the threshold is undecided", () => {
    expect(compareWithBaseline(m(1100), comparison()).decision).toBe("undecided");
  });

  test("the interval is r · exp(±1.96 s), s adding both medians' errors and the noise in quadrature", () => {
    const outcome = compareWithBaseline(m(1000), comparison({ noiseCv: 0.02 }));
    const s = Math.sqrt(2 * ((1.2533 * 40) / 100 / 1000) ** 2 + 0.02 ** 2);
    expect(outcome.ratioHigh).toBeCloseTo(Math.exp(1.96 * s), 10);
    expect(outcome.ratioLow).toBeCloseTo(Math.exp(-1.96 * s), 10);
  });

  test("a noisy machine widens the interval: what fails on a quiet one is undecided", () => {
    expect(compareWithBaseline(m(1150), comparison({ noiseCv: 0.001 })).decision).toBe("fail");
    expect(compareWithBaseline(m(1150), comparison({ noiseCv: 0.05 })).decision).toBe("undecided");
  });

  test("tolerance and an override factor move the threshold", () => {
    expect(compareWithBaseline(m(1300), comparison({ tolerance: 0.5 })).decision).toBe("pass");
    expect(compareWithBaseline(m(1300), comparison({ factor: 1.5 })).decision).toBe("pass");
  });

  test("much faster than the baseline is an improvement", () => {
    expect(compareWithBaseline(m(500), comparison()).improved).toBe(true);
  });
});

describe("evaluateMicro() with a baseline", () => {
  const options = { requireBaseline: false };
  test("FAIL, WARN and PASS follow the decision, with warnings", () => {
    expect(evaluateMicro(m(2000), { limits: [], baseline: comparison() }, undefined, options).status).toBe("FAIL");
    const undecided = evaluateMicro(m(1100), { limits: [], baseline: comparison() }, undefined, options);
    expect(undecided.status).toBe("WARN");
    expect(undecided.warnings[0]).toContain("undecided against baseline");
    const improved = evaluateMicro(m(500), { limits: [], baseline: comparison() }, undefined, options);
    expect(improved.status).toBe("PASS");
    expect(improved.warnings[0]).toContain("fxperf calibrate --append");
  });

  test("near the threshold: a pass that used up 90% of the tolerance is flagged", () => {
    const near = evaluateMicro(
      m(1095, 1, 1e6),
      { limits: [], baseline: comparison({ noiseCv: 0 }) },
      undefined,
      options,
    );
    expect(near.status).toBe("PASS");
    expect(near.warnings[0]).toContain("close to the +10.0% threshold");
    expect(
      evaluateMicro(m(1020, 1, 1e6), { limits: [], baseline: comparison({ noiseCv: 0 }) }, undefined, options).warnings,
    ).toEqual([]);
  });

  test("--require-baseline turns nothing-to-compare into FAIL", () => {
    expect(evaluateMicro(m(1000), { limits: [], baseline: undefined }, undefined, options).status).toBe("NO BASELINE");
    const required = evaluateMicro(m(1000), { limits: [], baseline: undefined }, undefined, { requireBaseline: true });
    expect(required.status).toBe("FAIL");
    expect(required.warnings[0]).toContain("--require-baseline");
  });
});
