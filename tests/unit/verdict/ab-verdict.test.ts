import { describe, expect, test } from "bun:test";
import { AB_DEFAULT_TOLERANCE, judgeAb, judgePaired } from "../../../src/verdict/ab-verdict.ts";
import { MIN_VERDICT_FORKS } from "../../../src/verdict/fork-comparison.ts";
import recorded from "../../fixtures/forks/real-ab-aa.json" with { type: "json" };
import pairedRuns from "../../fixtures/forks/real-ab-paired.json" with { type: "json" };

const around = (centre: number, spread: number, n = 8) =>
  Array.from({ length: n }, (_, i) => centre * (1 + (spread * (i - n / 2)) / n));

describe("judgeAb()", () => {
  test("a head slower than base by more than the tolerance, beyond doubt, is regressed", () => {
    const judged = judgeAb(around(100, 0.01), around(105, 0.01), 0.02);
    expect(judged.status).toBe("regressed");
    expect(judged.ratio).toBeCloseTo(1.05, 2);
    expect(judged.low).toBeGreaterThan(1.02);
  });
  test("a head faster by more than the tolerance is improved", () => {
    expect(judgeAb(around(100, 0.01), around(80, 0.01), 0.02).status).toBe("improved");
  });
  test("the same figures on both sides are unchanged, and the interval holds 1", () => {
    const judged = judgeAb(around(100, 0.02), around(100, 0.02), 0.02);
    expect(judged.status).toBe("unchanged");
    expect(judged.low).toBeLessThanOrEqual(1);
    expect(judged.high).toBeGreaterThanOrEqual(1);
  });
  test("an interval that straddles 1 + tolerance is undecided", () => {
    // Scattered forks around a 2% slowdown: neither side of the 2% line is certain.
    const judged = judgeAb(around(100, 0.3), around(102, 0.3), 0.02);
    expect(judged.status).toBe("undecided");
    expect(judged.low).toBeLessThan(1.02);
    expect(judged.high).toBeGreaterThan(1.02);
  });
  test("a wider tolerance lets the same slowdown pass", () => {
    expect(judgeAb(around(100, 0.01), around(105, 0.01), 0.1).status).toBe("unchanged");
  });
  test("two forks a side decide nothing, however close they are: identical code once read +5.3% (+4.1...+7.6%) (issue 23)", () => {
    // Each side's two processes agree closely but sit in different modes: a bootstrap of two
    // values has four distinct resamples, and its interval cannot show the real spread.
    const judged = judgeAb([100, 101], [105.3, 106], 0.02);
    expect(judged.status).toBe("undecided");
    expect(judged.ratio).toBeCloseTo(1.053, 3);
    expect(Number.isNaN(judged.low) && Number.isNaN(judged.high)).toBe(true);
    expect(judgeAb(around(100, 0.01, 3), around(105, 0.01, 3), 0.02).status).toBe("regressed");
  });
  test("the default tolerance is 2%", () => {
    expect(AB_DEFAULT_TOLERANCE).toBe(0.02);
  });
});

describe("judgePaired()", () => {
  const { workloads } = recorded;
  const scaled = (ratios: readonly number[], by: number) => ratios.map((r) => r * by);

  test("recorded A/A processes of real-library code are unchanged at 3%, although their sides fall into modes", () => {
    // Each side alone spreads 10-40% between processes (modes); the processes' own ratios by 1-3%.
    // (dayjs is left out: one of its eight processes read +6.8%, and Student's t widens with it.)
    for (const name of ["zod", "semver", "alloc"] as const) {
      const judged = judgePaired(workloads[name].ratios, 0.03);
      expect({ name, status: judged.status }).toEqual({ name, status: "unchanged" });
      expect(judged.low).toBeLessThan(1);
      expect(judged.high).toBeGreaterThan(1);
    }
  });
  test("the same sides judged as separate processes are left undecided by their modes", () => {
    const { baseNs, headNs } = workloads.semver;
    expect(judgeAb(baseNs, headNs, 0.03).status).not.toBe("unchanged");
  });
  test("recorded ratios with a 10% slowdown on top are regressed, and with a 10% speed-up improved", () => {
    for (const name of ["zod", "semver", "alloc", "dayjs"] as const) {
      expect(judgePaired(scaled(workloads[name].ratios, 1.1), 0.02).status).toBe("regressed");
      expect(judgePaired(scaled(workloads[name].ratios, 1 / 1.1), 0.02).status).toBe("improved");
    }
  });
  test("the ratio is the geometric mean of the processes' ratios, and the interval is Student's t on their logs", () => {
    const judged = judgePaired([1.1, 1.0, 1.05], 0.02);
    expect(judged.ratio).toBeCloseTo(Math.cbrt(1.1 * 1.0 * 1.05), 10);
    const logs = [1.1, 1.0, 1.05].map(Math.log);
    const mean = logs.reduce((a, b) => a + b) / 3;
    const sd = Math.sqrt(logs.reduce((a, x) => a + (x - mean) ** 2, 0) / 2);
    expect(judged.high).toBeCloseTo(Math.exp(mean + (4.303 * sd) / Math.sqrt(3)), 10);
  });
  test("a noisy slow function (recorded yaml) at 2% is undecided rather than wrongly decided", () => {
    expect(judgePaired(workloads.yaml.ratios, 0.02).status).toBe("undecided");
  });
  test("the interim 99% interval is wider than the final 95% one", () => {
    const final = judgePaired(workloads.zod.ratios, 0.02);
    const interim = judgePaired(workloads.zod.ratios, 0.02, 0.99);
    expect(interim.high).toBeGreaterThan(final.high);
    expect(interim.low).toBeLessThan(final.low);
  });
  test("fewer than three processes decide nothing", () => {
    const judged = judgePaired([1.2, 1.21], 0.02);
    expect(judged.status).toBe("undecided");
    expect(judged.ratio).toBeCloseTo(Math.sqrt(1.2 * 1.21), 10);
    expect(MIN_VERDICT_FORKS).toBe(3);
  });
  test("ratios that are not positive finite numbers are ignored", () => {
    expect(judgePaired([1, 1.001, 0.999, Number.NaN, -1, 1.0005], 0.02).status).toBe("unchanged");
  });
});

describe("judgePaired() on recorded fxperf ab runs over real libraries", () => {
  const { sequences } = pairedRuns;
  test.each(sequences.map((s) => [`${s.repo} ${s.spec} #${s.trial} (true change ${s.change * 100}%)`, s] as const))(
    "%s: never the wrong direction, and a 10% slowdown is regressed",
    (_, s) => {
      const judged = judgePaired(s.pairRatios, 0.02);
      if (s.change === 0) expect(["unchanged", "undecided"]).toContain(judged.status);
      if (s.change === 0.05) expect(["regressed", "undecided"]).toContain(judged.status);
      if (s.change === 0.1) expect(judged.status).toBe("regressed");
    },
  );
  test("the sides' own figures fall into modes where the paired ratios do not", () => {
    // Across all recorded specs: how far apart each side's process medians spread, against the ratios.
    const spread = (xs: readonly number[]) => Math.max(...xs) / Math.min(...xs);
    const sides = sequences.map((s) => spread(s.headNs));
    const ratios = sequences.map((s) => spread(s.pairRatios));
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    expect(median(sides)).toBeGreaterThan(median(ratios));
  });
});
