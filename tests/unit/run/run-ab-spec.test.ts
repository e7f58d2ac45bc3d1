import { describe, expect, test } from "bun:test";
import type { AbSide } from "../../../src/result/ab-result.ts";
import { pairOrder, runAbMicroSpec } from "../../../src/run/run-ab-spec.ts";
import { ForkFailure, ForkInterrupted, type ForkLauncher } from "../../../src/run/spawn-fork.ts";
import { forkMeasurement as fork, spec } from "../helpers.ts";

const files = { base: "spec/a.perf.ts", head: "spec/a.perf.ts" };
const specs = {
  base: spec({ id: "a", file: "/base/spec/a.perf.ts" }),
  head: spec({ id: "a", file: "/head/spec/a.perf.ts" }),
};

/** Launchers that record the order of calls and answer with `p50(side, index)`; the clock moves 0.3 s per fork. */
function fakeLaunchers(p50: (side: AbSide, index: number) => number | Error) {
  const calls: string[] = [];
  let clock = 0;
  const make =
    (side: AbSide): ForkLauncher =>
    async (request, index) => {
      calls.push(`${side}${index}:${request.file}`);
      clock += 3e8;
      const value = p50(side, index);
      if (value instanceof Error) throw value;
      return fork(value);
    };
  return { calls, launchers: { base: make("base"), head: make("head") }, nowNs: () => clock };
}

const options = (
  nowNs: () => number,
  overrides: Partial<{ minForks: number; maxTimeNs: number; tolerance: number }> = {},
) => ({
  tolerance: overrides.tolerance ?? 0.02,
  schedule: { minForks: overrides.minForks ?? 4, maxForks: 40, maxTimeNs: overrides.maxTimeNs ?? 6e9 },
  timeoutNs: 60e9,
  nowNs,
});

describe("pairOrder()", () => {
  test("alternates which side goes first: AB BA AB BA", () => {
    expect([0, 1, 2, 3].flatMap((i) => pairOrder(i))).toEqual([
      "base",
      "head",
      "head",
      "base",
      "base",
      "head",
      "head",
      "base",
    ]);
  });
});

describe("runAbMicroSpec()", () => {
  test("runs base and head forks in ABBA order, each from its own tree's file", async () => {
    const { calls, launchers, nowNs } = fakeLaunchers((side) => (side === "base" ? 1000 : 1500));
    const result = await runAbMicroSpec(specs, files, options(nowNs), launchers);
    expect(calls.slice(0, 4)).toEqual([
      "base0:/base/spec/a.perf.ts",
      "head0:/head/spec/a.perf.ts",
      "head1:/head/spec/a.perf.ts",
      "base1:/base/spec/a.perf.ts",
    ]);
    expect(result.status).toBe("regressed");
    expect(result.change!.ratio).toBeCloseTo(1.5, 5);
    expect(result.base!.valuesNs).toHaveLength(result.pairs);
    expect(result.stop).toBe("decided");
  });
  test("adds pairs while undecided and stops at the time budget", async () => {
    // Head alternates between 0.9x and 1.15x of base: never decided at 2%.
    const { launchers, nowNs } = fakeLaunchers((side, i) => (side === "base" ? 1000 : i % 2 === 0 ? 900 : 1150));
    const result = await runAbMicroSpec(specs, files, options(nowNs, { maxTimeNs: 4.8e9 }), launchers);
    expect(result.status).toBe("undecided");
    expect(result.stop).toBe("time budget");
    expect(result.pairs).toBeGreaterThan(4);
    expect(result.pairs * 2 * 0.3).toBeLessThanOrEqual(4.8 + 1e-9);
  });
  test("a fork that fails on one side makes the spec an error naming that side", async () => {
    const { launchers, nowNs } = fakeLaunchers((side, i) =>
      side === "base" && i === 1 ? new ForkFailure("boom (in fork 2)", "spec", "stack here") : 1000,
    );
    const result = await runAbMicroSpec(specs, files, options(nowNs), launchers);
    expect(result.status).toBe("error");
    expect(result.error).toEqual({ side: "base", phase: "spec", message: "boom (in fork 2)", output: "stack here" });
    expect(result.change).toBeNull();
  });
  test("an interrupted fork stops the comparison instead of becoming a result", async () => {
    const { launchers, nowNs } = fakeLaunchers(() => new ForkInterrupted("interrupted"));
    await expect(runAbMicroSpec(specs, files, options(nowNs), launchers)).rejects.toBeInstanceOf(ForkInterrupted);
  });
});
