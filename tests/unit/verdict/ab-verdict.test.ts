import { describe, expect, test } from "bun:test";
import { AB_DEFAULT_TOLERANCE, judgeAb } from "../../../src/verdict/ab-verdict.ts";

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
  test("the default tolerance is 2%", () => {
    expect(AB_DEFAULT_TOLERANCE).toBe(0.02);
  });
});
