import { describe, expect, test } from "bun:test";
import {
  compareForks,
  descheduledForksWarning,
  forkCentre,
  ratioInterval,
  scatteredForksWarning,
} from "../../../src/verdict/fork-comparison.ts";

describe("forkCentre()", () => {
  test("is the mean of the fastest third: a slow mode does not move it", () => {
    expect(forkCentre([40, 42, 41, 43, 44, 45])).toBe(40.5);
    expect(forkCentre([40, 42, 60, 66, 61, 65])).toBe(41);
  });
  test("weighs the boundary fork by its share, so adding a fork moves the centre smoothly", () => {
    // 7 forks: the fastest 7/3 = 2.33 forks, the third weighted by 1/3.
    expect(forkCentre([10, 20, 30, 90, 90, 90, 90])).toBeCloseTo((10 + 20 + 30 / 3) / (7 / 3), 10);
  });
  test("takes at least one fork, and a fraction of 1 is the mean", () => {
    expect(forkCentre([50])).toBe(50);
    expect(forkCentre([10, 20, 30], 1)).toBe(20);
    expect(forkCentre([])).toBeNaN();
  });
});

describe("ratioInterval()", () => {
  test("is deterministic and contains the ratio", () => {
    const base = [100, 102, 98, 130, 101, 99, 140, 100];
    const head = [110, 112, 150, 109, 111];
    const a = ratioInterval(base, head);
    expect(ratioInterval(base, head)).toEqual(a);
    expect(a.low).toBeLessThanOrEqual(a.ratio);
    expect(a.high).toBeGreaterThanOrEqual(a.ratio);
  });
  test("a 99% interval (the interim checks') is at least as wide as the 95% one", () => {
    const base = [100, 103, 97, 110, 101, 99];
    const head = [104, 108, 101, 115, 103, 106];
    const final = ratioInterval(base, head, 1 / 3, 0.95);
    const interim = ratioInterval(base, head, 1 / 3, 0.99);
    expect(interim.low).toBeLessThanOrEqual(final.low);
    expect(interim.high).toBeGreaterThanOrEqual(final.high);
    expect(interim.high - interim.low).toBeGreaterThan(final.high - final.low);
  });
  test("narrows as forks agree", () => {
    const wide = ratioInterval([90, 100, 110, 120], [90, 100, 110, 120]);
    const tight = ratioInterval([99, 100, 101, 100], [99, 100, 101, 100]);
    expect(tight.high - tight.low).toBeLessThan(wide.high - wide.low);
  });
});

describe("compareForks(): the decision rule (one table)", () => {
  const base = [100, 101, 99, 100, 102, 98, 130, 135, 100, 101];
  const cases: [string, number[], number, "pass" | "fail" | "undecided"][] = [
    ["unchanged code passes at 5%", [100, 99, 101, 100, 100, 101], 1.05, "pass"],
    ["10% slower fails at 5%", [110, 111, 109, 110, 140], 1.05, "fail"],
    ["2x slower fails even with few forks", [200, 205], 1.05, "fail"],
    ["4% slower is undecided at 5% with scattered forks", [96, 112, 104, 118], 1.05, "undecided"],
  ];
  test.each(cases)("%s", (_name, head, limit, expected) => {
    expect(compareForks(base, head, limit, limit - 1).decision).toBe(expected);
  });
  test("a slow mode in some of the head's forks does not fail it", () => {
    expect(compareForks(base, [100, 101, 131, 135, 99, 100, 133], 1.05, 0.05).decision).not.toBe("fail");
  });
  test("faster beyond the tolerance is reported as improved", () => {
    const outcome = compareForks(base, [80, 81, 79, 80], 1.05, 0.05);
    expect(outcome.decision).toBe("pass");
    expect(outcome.improved).toBe(true);
  });
  test("a baseline of one fork (a version 1 profile) still decides on the head's spread", () => {
    expect(compareForks([100], [120, 121, 119, 120], 1.05, 0.05).decision).toBe("fail");
    expect(compareForks([100], [100, 101, 99, 100], 1.05, 0.05).decision).toBe("pass");
  });
});

describe("scatteredForksWarning()", () => {
  test("says so when half the forks ran at least 25% slower than the fastest", () => {
    expect(scatteredForksWarning([251, 251, 509, 519, 521, 522, 531, 601, 642, 651])).toContain(
      "half of the 10 ran at least 108% slower",
    );
  });
  test("is quiet for forks that agree, for one slow fork, and for fewer than three forks", () => {
    expect(scatteredForksWarning([244, 247, 248, 248, 250, 251, 251, 256, 259, 263])).toBeUndefined();
    expect(scatteredForksWarning([250, 251, 252, 253, 600])).toBeUndefined();
    expect(scatteredForksWarning([100, 300])).toBeUndefined();
  });
});

describe("descheduledForksWarning()", () => {
  test("counts the forks that got less than 80% of a CPU while measuring", () => {
    expect(descheduledForksWarning([0.98, 0.35, 1.1, 0.6])).toContain("2 of 4 forks got less than 80% of a CPU");
    expect(descheduledForksWarning([0.98, 0.35, 1.1, 0.6])).toContain("lowest 35%");
  });
  test("is quiet when every fork had its CPU, or nothing is known", () => {
    expect(descheduledForksWarning([0.95, 1.2, 0.85])).toBeUndefined();
    expect(descheduledForksWarning([undefined, undefined])).toBeUndefined();
  });
});
