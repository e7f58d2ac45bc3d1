import { describe, expect, test } from "bun:test";
import {
  overrideCollisions,
  overrideKey,
  parseOverride,
  parseTolerance,
  readOverrides,
} from "../../../src/env/read-overrides.ts";

describe("overrideKey()", () => {
  test.each([
    ["json > parse 10 KB", "JSON_PARSE_10_KB"],
    ["a  b", "A_B"],
    ["  lead > trail  ", "LEAD_TRAIL"],
    ["µs-heavy / ünïcode", "S_HEAVY_N_CODE"],
  ])("%p → %p", (id, key) => expect(overrideKey(id)).toBe(key));
});

describe("parseTolerance()", () => {
  test.each([
    ["15%", 0.15],
    ["0.15", 0.15],
    ["0%", 0],
    [" 7.5 % ", 0.075],
  ])("%p → %p", (raw, value) => expect(parseTolerance(raw)).toBeCloseTo(value, 10));
  test.each(["fifteen", "-5%", "", "15 percent", "5000%", "5", "1.5"])("refuses %p", (raw) =>
    expect(parseTolerance(raw)).toBeUndefined(),
  );
});

describe("parseOverride()", () => {
  test("absolute and relative values", () => {
    expect(parseOverride("V", "2ms")).toEqual({ kind: "absolute", variable: "V", raw: "2ms", ns: 2e6 });
    expect(parseOverride("V", "+20%")).toMatchObject({ kind: "relative", factor: 1.2 });
    expect(parseOverride("V", "-5%")).toMatchObject({ kind: "relative", factor: 0.95 });
  });
  test("malformed values are messages naming the variable", () => {
    expect(parseOverride("FXPERF_OVERRIDE_X", "fast")).toContain('FXPERF_OVERRIDE_X="fast": expected');
    expect(parseOverride("FXPERF_OVERRIDE_X", "20%")).toContain("expected");
    expect(parseOverride("FXPERF_OVERRIDE_X", "-100%")).toContain("above zero");
  });
});

describe("readOverrides()", () => {
  test("reads the tolerance and every override; ignores other variables", () => {
    const result = readOverrides({
      FXPERF_TOLERANCE: "15%",
      FXPERF_OVERRIDE_JSON_PARSE: "+20%",
      FXPERF_OVERRIDE_SORT: "3ms",
      HOME: "/root",
    });
    expect(result.problems).toEqual([]);
    expect(result.tolerance).toEqual({ value: 0.15, variable: "FXPERF_TOLERANCE" });
    expect([...result.overrides.keys()]).toEqual(["JSON_PARSE", "SORT"]);
  });
  test("every malformed variable is a problem naming it", () => {
    const result = readOverrides({
      FXPERF_TOLERANCE: "lots",
      FXPERF_OVERRIDE_X: "soon",
      FXPERF_OVERRIDE_bad_key: "1ms",
    });
    expect(result.problems).toHaveLength(3);
    expect(result.problems.join("\n")).toContain('FXPERF_TOLERANCE="lots"');
    expect(result.problems.join("\n")).toContain('FXPERF_OVERRIDE_X="soon"');
    expect(result.problems.join("\n")).toContain('FXPERF_OVERRIDE_bad_key: "bad_key" is not a spec key');
  });
});

describe("overrideCollisions()", () => {
  test("an override whose key several specs share is a problem naming the key and every spec", () => {
    const { overrides } = readOverrides({ FXPERF_OVERRIDE_B_C: "+20%", FXPERF_OVERRIDE_D: "1ms" });
    const problems = overrideCollisions(["b-c", "b c", "B_C", "d", "e"], overrides);
    expect(problems).toEqual([
      'FXPERF_OVERRIDE_B_C: the key "B_C" is shared by specs "b-c", "b c", "B_C": rename all but one so that each has its own key',
    ]);
  });
  test("colliding specs without an override, and a spec id given twice, are no problem", () => {
    const { overrides } = readOverrides({ FXPERF_OVERRIDE_D: "1ms" });
    expect(overrideCollisions(["b-c", "b c", "d", "d"], overrides)).toEqual([]);
  });
});
