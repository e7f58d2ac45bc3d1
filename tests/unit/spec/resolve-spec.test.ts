import { afterEach, describe, expect, test } from "bun:test";
import { startCollecting, stopCollecting } from "../../../src/dsl/collector.ts";
import { describePerf, itPerf } from "../../../src/dsl/describe.ts";
import { flattenSpecs } from "../../../src/dsl/plan.ts";
import { resolveMicroSpec } from "../../../src/spec/resolve-spec.ts";
import { kb, us } from "../../../src/units.ts";

afterEach(() => stopCollecting());

function collectOne(declare: () => void) {
  const root = startCollecting(import.meta.filename);
  declare();
  const plan = flattenSpecs(root)[0]!;
  if (plan.kind !== "micro") throw new Error("expected a micro spec");
  return resolveMicroSpec(plan);
}

describe("resolveSpec()", () => {
  test(".forks(n) is kept; 0, 1.5 and a string are problems naming .forks()", () => {
    expect(collectOne(() => itPerf("x", () => 1).forks(6)).spec!.forks).toBe(6);
    for (const bad of [0, 1.5, "3"]) {
      const { spec, problems } = collectOne(() => itPerf("x", () => 1).forks(bad as number));
      expect(spec).toBeUndefined();
      expect(problems[0]!.message).toContain(".forks()");
    }
  });

  test("turns expectations into limits in ns and bytes", () => {
    const { spec } = collectOne(() =>
      itPerf("x", () => 1).expect({ p50: "850ns", p99: us(12), max: "1.5ms", avg: "2s", p75: "12µs", heap: kb(64) }),
    );
    expect(spec!.limits.map((l) => [l.metric, l.bound])).toEqual([
      ["p50", 850],
      ["p99", 12_000],
      ["max", 1_500_000],
      ["avg", 2e9],
      ["p75", 12_000],
      ["heap", 65_536],
    ]);
    expect(spec!.limits[0]!.source).toEqual({ kind: "spec", file: import.meta.filename, line: expect.any(Number) });
  });

  test("a malformed value is a problem naming the spec, the field and the value", () => {
    const { spec, problems } = collectOne(() =>
      describePerf("s", () => itPerf("x", () => 1).expect({ p50: "12 parsecs" })),
    );
    expect(spec).toBeUndefined();
    expect(problems).toHaveLength(1);
    expect(problems[0]!.specId).toBe("s > x");
    expect(problems[0]!.message).toContain('expect.p50 is "12 parsecs"');
    expect(problems[0]!.line).toBeNumber();
  });

  test("every problem of a spec is listed, not just the first", () => {
    const { problems } = collectOne(() =>
      itPerf("x", () => 1)
        .expect({ p95: "1ms", heap: "1ms" } as never)
        .samples(0)
        .time("soon")
        .warmup(-1),
    );
    const text = problems.map((p) => p.message).join("\n");
    expect(text).toContain('unknown expectation "p95"');
    expect(text).toContain('expect.heap is "1ms"');
    expect(text).toContain(".samples() minimum is 0");
    expect(text).toContain('.time() is "soon"');
    expect(text).toContain(".warmup() is -1");
  });

  test("a zero time bound is refused, a zero heap bound is allowed", () => {
    const { problems } = collectOne(() => itPerf("x", () => 1).expect({ p50: "0ns", heap: "0b" }));
    expect(problems.map((p) => p.message)).toEqual(['expect.p50 is "0ns": expected a duration above zero']);
  });

  test("samples(max) below min is refused", () => {
    const { problems } = collectOne(() => itPerf("x", () => 1).samples(10, 5));
    expect(problems[0]!.message).toContain("maximum must not be below the minimum");
  });

  test("tags inherit from every enclosing suite without duplicates", () => {
    const { spec } = collectOne(() =>
      describePerf("a", { tags: ["outer", "hot"] }, () =>
        describePerf("b", { tags: ["inner"] }, () => itPerf("x", () => 1).tags("hot", "own")),
      ),
    );
    expect(spec!.tags).toEqual(["outer", "hot", "inner", "own"]);
  });

  test("skip and only inherit from suites", () => {
    const { spec } = collectOne(() => describePerf.skip("a", () => itPerf("x", () => 1)));
    expect(spec!.skip).toBe(true);
  });

  test("measuring settings are carried as numbers", () => {
    const { spec } = collectOne(() =>
      itPerf("x", () => 1)
        .warmup(0)
        .samples(5, 50)
        .time("250ms")
        .timeout("2s"),
    );
    expect(spec!.measure).toEqual({ warmupSamples: 0, minSamples: 5, maxSamples: 50, timeNs: 250e6 });
    expect(spec!.timeoutNs).toBe(2e9);
  });
});
