import { describe, expect, test } from "bun:test";
import type { AbSide } from "../../../src/result/ab-result.ts";
import { pairOrder, runAbMicroSpec } from "../../../src/run/run-ab-micro-spec.ts";
import { Interrupted } from "../../../src/run/interrupted.ts";
import { ForkFailure, type ForkLauncher } from "../../../src/run/spawn-fork.ts";
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
  overrides: Partial<{ minForks: number; maxTimeNs: number; tolerance: number; paired: boolean }> = {},
) => ({
  tolerance: overrides.tolerance ?? 0.02,
  schedule: { minForks: overrides.minForks ?? 4, maxForks: 40, maxTimeNs: overrides.maxTimeNs ?? 6e9 },
  timeoutNs: 60e9,
  nowNs,
  paired: overrides.paired ?? false,
});

/** A head launcher for paired forks: each fork measures head and base in rounds, `rounds(index)` gives [head, base] per round. */
function fakePairedLaunchers(rounds: (index: number) => Array<[number, number]> | Error) {
  const requests: unknown[] = [];
  let clock = 0;
  const head: ForkLauncher = async (request, index) => {
    requests.push(request);
    clock += 6e8;
    const value = rounds(index);
    if (value instanceof Error) throw value;
    return { ...fork(value[0]![0]), versus: { selfP50s: value.map((r) => r[0]), otherP50s: value.map((r) => r[1]) } };
  };
  const base: ForkLauncher = async () => {
    throw new Error("a paired comparison starts no base-only fork");
  };
  return { requests, launchers: { base, head }, nowNs: () => clock };
}

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
    const { launchers, nowNs } = fakeLaunchers(() => new Interrupted("interrupted"));
    await expect(runAbMicroSpec(specs, files, options(nowNs), launchers)).rejects.toBeInstanceOf(Interrupted);
  });
});

describe("runAbMicroSpec(), paired", () => {
  test("each fork loads the base's spec beside the head's, and the verdict rests on each fork's own ratio", async () => {
    // The process mode moves both sides together (700 ns or 350 ns); head is 10% slower within each.
    const { requests, launchers, nowNs } = fakePairedLaunchers((i) => {
      const mode = i % 2 === 0 ? 700 : 350;
      return Array.from({ length: 10 }, (_, r) => [mode * 1.1 * (1 + (r % 3) * 0.001), mode] as [number, number]);
    });
    const result = await runAbMicroSpec(specs, files, options(nowNs, { paired: true }), launchers);
    expect(requests[0]).toMatchObject({
      file: "/head/spec/a.perf.ts",
      id: "a",
      abBase: { file: "/base/spec/a.perf.ts", id: "a" },
    });
    expect(result.status).toBe("regressed");
    expect(result.change!.method).toBe("paired");
    expect(result.change!.pairRatios).toHaveLength(result.pairs);
    expect(result.change!.ratio).toBeCloseTo(1.101, 2);
    expect(result.change!.resolvable).toBeLessThan(0.01);
    // The sides' own figures fall into two modes, and the report says so.
    expect(result.base!.modes.map((m) => m.count)).toEqual([2, 2]);
  });
  test("unchanged code in two modes is unchanged, not undecided", async () => {
    const { launchers, nowNs } = fakePairedLaunchers((i) => {
      const mode = i % 3 === 0 ? 1400 : 700;
      return Array.from({ length: 10 }, (_, r) => [mode * (1 + ((r % 5) - 2) * 0.004), mode] as [number, number]);
    });
    const result = await runAbMicroSpec(specs, files, options(nowNs, { paired: true, minForks: 6 }), launchers);
    expect(result.status).toBe("unchanged");
    expect(result.stop).toBe("decided");
  });
  test("a paired fork that fails in the base's file names the base", async () => {
    const { launchers, nowNs } = fakePairedLaunchers(
      () => new ForkFailure("cannot load spec file: /base/spec/a.perf.ts: boom", "spec", undefined),
    );
    const result = await runAbMicroSpec(specs, files, options(nowNs, { paired: true }), launchers);
    expect(result.status).toBe("error");
    expect(result.error!.side).toBe("base");
  });
  test("a paired fork that fails elsewhere names the head", async () => {
    const { launchers, nowNs } = fakePairedLaunchers(() => new ForkFailure("boom", "spec", undefined));
    const result = await runAbMicroSpec(specs, files, options(nowNs, { paired: true }), launchers);
    expect(result.error!.side).toBe("head");
  });
});
