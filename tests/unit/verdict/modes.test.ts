import { describe, expect, test } from "bun:test";
import {
  describeModes,
  findModes,
  gateableTolerance,
  modesMismatchWarning,
  resolvableChange,
} from "../../../src/verdict/modes.ts";
import recorded from "../../fixtures/forks/real-ab-aa.json" with { type: "json" };

const ns = (x: number) => `${Math.round(x)} ns`;

describe("findModes()", () => {
  test("fork medians that agree within a few percent are one mode", () => {
    const modes = findModes([100, 102, 99, 101, 103, 100]);
    expect(modes).toHaveLength(1);
    expect(modes[0]).toEqual({ centre: 100.5, share: 1, count: 6 });
  });
  test("medians 2x apart split into two modes, fastest first, with their shares", () => {
    const modes = findModes([350, 700, 345, 690, 710, 360, 705, 720, 698, 355]);
    expect(modes.map((m) => m.count)).toEqual([4, 6]);
    expect(modes[0]!.share).toBeCloseTo(0.4);
    expect(modes[0]!.centre).toBeCloseTo(352.5);
    expect(modes[1]!.centre).toBeCloseTo(702.5);
  });
  test("a recorded allocating workload: six processes near 31 µs and one near 45 µs", () => {
    const modes = findModes(recorded.workloads.alloc.headNs);
    expect(modes).toHaveLength(2);
    expect(modes[1]!.count).toBe(1);
    expect(modes[1]!.centre).toBeGreaterThan(modes[0]!.centre * 1.3);
  });
  test("fewer than four forks are not split", () => {
    expect(findModes([100, 200, 300])).toHaveLength(1);
  });
  test("non-finite and non-positive figures are left out; none at all gives no mode", () => {
    expect(findModes([Number.NaN, 0, -1])).toEqual([]);
    expect(findModes([Number.NaN, 100, 101, 99, 100])[0]!.count).toBe(4);
  });
});

describe("describeModes()", () => {
  test("names each mode's centre and share", () => {
    expect(describeModes(findModes([350, 345, 355, 360, 700, 690, 710, 705, 720, 698]), ns)).toBe(
      "2 modes: 353 ns in 40% of processes, 703 ns in 60%",
    );
  });
  test("says nothing for a single mode", () => {
    expect(describeModes(findModes([100, 101, 99, 100]), ns)).toBeUndefined();
  });
});

describe("resolvableChange() and gateableTolerance()", () => {
  test("the resolvable change is the interval's half-width", () => {
    expect(resolvableChange(0.95, 1.07)).toBeCloseTo(0.06);
  });
  test("an unknown or inverted interval resolves nothing", () => {
    expect(resolvableChange(Number.NaN, 1.1)).toBeUndefined();
    expect(resolvableChange(1.1, 1.0)).toBeUndefined();
  });
  test("a spec gates at the next whole percent above what it resolves, never below 1%", () => {
    expect(gateableTolerance(0.052)).toBe(0.06);
    expect(gateableTolerance(0.001)).toBe(0.01);
  });
});

describe("modesMismatchWarning()", () => {
  test("says so when the baseline had one mode and this run two", () => {
    const warning = modesMismatchWarning([350, 352, 348, 351, 349, 350], [350, 700, 352, 705, 698, 351], ns);
    expect(warning).toContain("baseline 1 mode (350 ns)");
    expect(warning).toContain("this run 2 modes: 351 ns in 50% of processes, 700 ns in 50%");
  });
  test("is silent when both sides have the same number of modes, or too few forks to tell", () => {
    expect(modesMismatchWarning([350, 700, 351, 702], [352, 705, 349, 699], ns)).toBeUndefined();
    expect(modesMismatchWarning([350, 352, 348], [350, 700, 352, 705], ns)).toBeUndefined();
  });
});
