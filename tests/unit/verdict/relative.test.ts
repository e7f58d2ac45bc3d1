import { describe, expect, test } from "bun:test";
import { describeRelative, judgeFasterThan, statusWithRelative } from "../../../src/verdict/relative.ts";

const rounds = (centre: number, spread = 0.02, n = 20) =>
  Array.from({ length: n }, (_, i) => centre * (1 + (spread * (i - n / 2)) / n));
const target = (by = 1) => ({ id: "s > naive", name: "naive", by });

describe("judgeFasterThan()", () => {
  test("three times faster passes 'at least 2x' with the speed-up and its interval", () => {
    const outcome = judgeFasterThan(rounds(100), rounds(300), target(2));
    expect(outcome.decision).toBe("pass");
    expect(outcome.speedup).toBeCloseTo(3, 1);
    expect(outcome.low).toBeGreaterThan(2);
    expect(outcome.rounds).toBe(20);
  });
  test("1.5x faster fails 'at least 2x', and slower fails 'faster at all'", () => {
    expect(judgeFasterThan(rounds(100), rounds(150), target(2)).decision).toBe("fail");
    expect(judgeFasterThan(rounds(100), rounds(80), target()).decision).toBe("fail");
  });
  test("a speed-up whose interval straddles the target is undecided", () => {
    expect(judgeFasterThan(rounds(100, 0.6), rounds(200, 0.6), target(2)).decision).toBe("undecided");
  });
});

describe("statusWithRelative()", () => {
  const outcome = (decision: "pass" | "fail" | "undecided") => ({ ...judgeFasterThan([1], [3], target()), decision });
  test("a failed expectation fails the spec; undecided warns; met makes a spec without limits PASS", () => {
    expect(statusWithRelative("PASS", outcome("fail"))).toBe("FAIL");
    expect(statusWithRelative("PASS", outcome("undecided"))).toBe("WARN");
    expect(statusWithRelative("NO BASELINE", outcome("pass"))).toBe("PASS");
    expect(statusWithRelative("FAIL", outcome("pass"))).toBe("FAIL");
    expect(statusWithRelative("ERROR", outcome("fail"))).toBe("ERROR");
  });
});

describe("describeRelative()", () => {
  test("says how many times faster, the interval, and what was needed", () => {
    const faster = { ...judgeFasterThan([1], [3], target(2)), speedup: 2.44, low: 2.21, high: 2.63 };
    expect(describeRelative(faster)).toBe("2.4x faster than naive (2.2x-2.6x), needs 2x");
    const slower = { ...faster, speedup: 0.25, low: 0.2, high: 0.5, by: 1 };
    expect(describeRelative(slower)).toBe("4x slower than naive (2x-5x slower), needs faster");
  });
});
