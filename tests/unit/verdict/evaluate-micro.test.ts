import { describe, expect, test } from "bun:test";
import {
  evaluateMicro,
  implausibleBaseline,
  OUTLIER_WARNING_FRACTION,
  outlierWarnings,
} from "../../../src/verdict/evaluate-micro.ts";
import { checkThreshold } from "../../../src/verdict/threshold.ts";
import { limit, measurement } from "../helpers.ts";
import type { MicroBaseline } from "../../../src/profiles/schema.ts";
import { profile } from "../profiles/fixtures.ts";

const noRequire = { requireBaseline: false, driftCorrection: false };
const oneFork = (p50 = 100) => ({ p50s: [p50], referenceP50s: undefined });
const forks = (...p50s: number[]) => ({ p50s, referenceP50s: undefined });

describe("evaluateMicro()", () => {
  test("PASS when every limit holds", () => {
    const result = evaluateMicro(
      measurement({ p50: 100, p99: 150 }),
      { limits: [limit("p50", 200), limit("p99", 300)], baseline: undefined },
      1,
      noRequire,
      oneFork(),
    );
    expect(result.status).toBe("PASS");
    expect(result.checks.map((c) => c.passed)).toEqual([true, true]);
    expect(result.warnings).toEqual([]);
  });

  test("FAIL when any limit is exceeded, with measured and limit recorded", () => {
    const result = evaluateMicro(
      measurement({ p50: 100, max: 900 }),
      { limits: [limit("p50", 200), limit("max", 500)], baseline: undefined },
      1,
      noRequire,
      oneFork(),
    );
    expect(result.status).toBe("FAIL");
    expect(result.checks[1]).toMatchObject({ metric: "max", measured: 900, passed: false });
  });

  test("a figure equal to its limit passes (limits are inclusive upper bounds)", () => {
    expect(
      evaluateMicro(
        measurement({ avg: 105 }),
        { limits: [limit("avg", 105)], baseline: undefined },
        1,
        noRequire,
        oneFork(),
      ).status,
    ).toBe("PASS");
  });

  test("NO BASELINE when there is no limit", () => {
    expect(evaluateMicro(measurement(), { limits: [], baseline: undefined }, 1, noRequire, oneFork()).status).toBe(
      "NO BASELINE",
    );
  });

  test("a pass within 10% of its limit carries a warning", () => {
    const result = evaluateMicro(
      measurement({ p50: 95 }),
      { limits: [limit("p50", 100)], baseline: undefined },
      1,
      noRequire,
      oneFork(),
    );
    expect(result.status).toBe("PASS");
    expect(result.warnings[0]).toContain("95% of its limit");
  });

  test("heap is checked against bytes per iteration", () => {
    const result = evaluateMicro(
      measurement({ heapBytes: 2048 }),
      { limits: [limit("heap", 1024)], baseline: undefined },
      1,
      noRequire,
      oneFork(),
    );
    expect(result.status).toBe("FAIL");
    expect(result.checks[0]).toMatchObject({ metric: "heap", measured: 2048 });
  });

  test("a heap limit without a heap figure is not checked, and says so", () => {
    const result = evaluateMicro(
      measurement({ heapBytes: undefined }),
      { limits: [limit("heap", 1024)], baseline: undefined },
      1,
      noRequire,
      oneFork(),
    );
    expect(result.status).toBe("NO BASELINE");
    expect(result.warnings[0]).toContain("heap limit not checked");
  });

  test("warns when the median is close to an empty function's", () => {
    const result = evaluateMicro(
      measurement({ p50: 0.5 }),
      { limits: [], baseline: undefined },
      0.4,
      noRequire,
      oneFork(),
    );
    expect(result.warnings.join()).toContain("likely optimised away");
    expect(
      evaluateMicro(measurement({ p50: 100 }), { limits: [], baseline: undefined }, 0.4, noRequire, oneFork()).warnings,
    ).toEqual([]);
  });
});

/** A comparison with a repository profile's baseline of `p50` recorded over `forks`. */
const baselineComparison = (p50: number, forks: number[] = [p50]) => ({
  statistic: "p50" as const,
  source: { kind: "repo" as const, file: "perf-profiles/x.json", calibratedAt: "2026-11-26", gitCommit: null },
  noiseCv: 0.01,
  tolerance: 0.1,
  toleranceSource: "default" as const,
  factor: 1,
  baseline: { ...(profile().baselines["json > parse"] as MicroBaseline), p50, forks },
});

describe("implausible baselines", () => {
  const comparison = (p50: number) => baselineComparison(p50);
  test("a baseline a million times off the measurement is refused: the spec fails, saying why", () => {
    const evaluation = evaluateMicro(
      measurement({ p50: 1000 }),
      { limits: [], baseline: comparison(0.001) as never },
      undefined,
      noRequire,
      oneFork(1000),
    );
    expect(evaluation.status).toBe("FAIL");
    expect(evaluation.baseline).toBeUndefined();
    expect(evaluation.warnings[0]).toContain(
      "baseline refused as implausible: this run is 1,000,000× slower than its baseline",
    );
  });
  test("a real 1000x slowdown is judged as a regression, not refused", () => {
    const evaluation = evaluateMicro(
      measurement({ p50: 1000 }),
      { limits: [], baseline: comparison(1) as never },
      undefined,
      noRequire,
      forks(1000, 1010, 990),
    );
    expect(evaluation.status).toBe("FAIL");
    expect(evaluation.baseline?.outcome.decision).toBe("fail");
    expect(implausibleBaseline(evaluation.baseline!.outcome)).toBeUndefined();
  });
});

describe("the head's fork count (issue 23: two forks gave an interval far narrower than the processes' spread)", () => {
  const comparison = baselineComparison(100, [100, 101, 99, 102, 98]);
  const evaluate = (...p50s: number[]) =>
    evaluateMicro(measurement({ p50: p50s[0] }), { limits: [], baseline: comparison as never }, undefined, noRequire, {
      p50s,
      referenceP50s: undefined,
    });

  test("one or two forks decide nothing, however far from the baseline, and the warning says why", () => {
    for (const p50s of [[300], [300, 301]]) {
      const evaluation = evaluate(...p50s);
      expect(evaluation.status).toBe("WARN");
      expect(evaluation.baseline?.outcome.decision).toBe("undecided");
      expect(evaluation.baseline?.outcome.improved).toBe(false);
      expect(evaluation.warnings[0]).toMatch(/^undecided against baseline, centre \+20\d\.\d%: /);
      expect(evaluation.warnings[0]).toContain(
        `: ${p50s.length} fork${p50s.length === 1 ? " decides" : "s decide"} nothing: a verdict needs at least 3 (--forks 3 or more`,
      );
    }
    expect(evaluate(50, 51).baseline?.outcome.improved).toBe(false);
  });

  test("three forks decide, both ways", () => {
    expect(evaluate(300, 301, 299).status).toBe("FAIL");
    expect(evaluate(100, 101, 99).status).toBe("PASS");
  });
});

describe("outlier warnings", () => {
  const none = { lowSevere: 0, lowMild: 0, highMild: 0, highSevere: 0 };
  const evaluate = (outliers: typeof none | undefined, samples = 1000) =>
    evaluateMicro(
      measurement({ samples, outliers }),
      { limits: [limit("p50", 500)], baseline: undefined },
      undefined,
      noRequire,
      oneFork(),
    );
  test("the threshold is 5% of the samples", () => {
    expect(OUTLIER_WARNING_FRACTION).toBe(0.05);
  });
  test("exactly 5% high outliers is no warning; one more sample is", () => {
    expect(evaluate({ ...none, highMild: 40, highSevere: 10 }).warnings).toEqual([]);
    expect(evaluate({ ...none, highMild: 41, highSevere: 10 }).warnings).toEqual([
      "5.1% high outliers (1% severe): the machine was busy or GC ran; p99 and the mean include these pauses",
    ]);
  });
  test("says the share of high outliers and of severe ones, as the issue words it", () => {
    const warnings = evaluate({ ...none, highMild: 90, highSevere: 30 }).warnings;
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toStartWith("12% high outliers (3% severe): the machine was busy or GC ran");
  });
  test("low outliers get their own warning; no severe note when there are none", () => {
    const warnings = evaluate({ ...none, lowMild: 80 }).warnings;
    expect(warnings).toEqual([
      "8% low outliers: some calls were faster than most (a cached result, an early return, or work that varies between calls)",
    ]);
  });
  test("each side is judged on its own: 3% low and 3% high warn of neither", () => {
    expect(evaluate({ ...none, lowMild: 30, highMild: 30 }).warnings).toEqual([]);
    expect(evaluate({ lowSevere: 60, lowMild: 0, highMild: 0, highSevere: 70 }).warnings).toHaveLength(2);
  });
  test("outliers do not change the status, and come after the verdict's own warnings", () => {
    const result = evaluateMicro(
      measurement({ samples: 100, p50: 100, outliers: { ...none, highSevere: 20 } }),
      { limits: [], baseline: undefined },
      undefined,
      { requireBaseline: true, driftCorrection: false },
      oneFork(),
    );
    expect(result.status).toBe("FAIL");
    expect(result.warnings).toHaveLength(2);
    expect(result.warnings[1]).toStartWith("20% high outliers (20% severe)");
    expect(evaluate({ ...none, highSevere: 200 }).status).toBe("PASS");
  });
  test("no counts, no samples: no warning", () => {
    expect(evaluate(undefined).warnings).toEqual([]);
    expect(outlierWarnings({ ...none, highMild: 5 }, 0)).toEqual([]);
  });
});

describe("checkThreshold(): one check for every limit", () => {
  const bound = (direction: "min" | "max", value: number) => ({
    metric: "rps" as const,
    bound: value,
    direction,
    source: { kind: "spec" as const, file: "/p/a.perf.ts", line: 1 },
  });
  test("a ceiling passes at or below its bound, a floor at or above; an unmeasured figure fails", () => {
    expect(checkThreshold(bound("max", 100), 100).check.passed).toBe(true);
    expect(checkThreshold(bound("max", 100), 101).check.passed).toBe(false);
    expect(checkThreshold(bound("min", 100), 100).check.passed).toBe(true);
    expect(checkThreshold(bound("min", 100), 99).check.passed).toBe(false);
    expect(checkThreshold(bound("max", 100), Number.NaN).check.passed).toBe(false);
  });
  test("a pass within 10% of its bound is near, on the side that matters", () => {
    expect(checkThreshold(bound("max", 100), 95).near).toBe(true);
    expect(checkThreshold(bound("max", 100), 85).near).toBe(false);
    expect(checkThreshold(bound("min", 100), 105).near).toBe(true);
    expect(checkThreshold(bound("min", 100), 115).near).toBe(false);
    expect(checkThreshold(bound("max", 100), 120).near).toBe(false);
  });
});
