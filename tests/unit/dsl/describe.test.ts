import { afterEach, describe, expect, test } from "bun:test";
import { startCollecting, stopCollecting } from "../../../src/dsl/collector.ts";
import { afterAll, beforeAll, describePerf, itPerf } from "../../../src/dsl/describe.ts";
import { flattenSpecs, specId } from "../../../src/dsl/plan.ts";

afterEach(() => stopCollecting());

describe("the DSL", () => {
  test("records nested suites and builds ids as outer > inner > spec", () => {
    const root = startCollecting("/project/spec/a.perf.ts");
    describePerf("outer", () => {
      itPerf("first", () => 1);
      describePerf("inner", { tags: ["x"] }, () => {
        itPerf("second", () => 2);
      });
    });
    itPerf("top", () => 3);
    const specs = flattenSpecs(root);
    expect(specs.map(specId)).toEqual(["outer > first", "outer > inner > second", "top"]);
    expect(specs[1]!.suite.tags).toEqual(["x"]);
  });

  test("the builder records settings in a chain", () => {
    const root = startCollecting("/f.perf.ts");
    itPerf("chained", async () => {})
      .tags("a", "b")
      .warmup(3)
      .samples(10, 100)
      .time("200ms")
      .timeout("5s")
      .expect({ p50: "1ms" })
      .expect({ p99: "2ms" })
      .skip()
      .only();
    const settings = flattenSpecs(root)[0]!.settings;
    expect(settings).toMatchObject({
      tags: ["a", "b"],
      warmup: 3,
      minSamples: 10,
      maxSamples: 100,
      time: "200ms",
      timeout: "5s",
      skip: true,
      only: true,
    });
    expect(settings.expect).toEqual({ p50: "1ms", p99: "2ms" });
  });

  test("hooks attach to the enclosing suite", () => {
    const root = startCollecting("/f.perf.ts");
    const hook = () => {};
    beforeAll(hook);
    describePerf("s", () => {
      afterAll(hook);
      itPerf("x", () => 1);
    });
    expect(root.beforeAll.map((h) => h.fn)).toEqual([hook]);
    const suite = root.children[0]!;
    expect(suite.kind === "suite" && suite.afterAll.length).toBe(1);
  });

  test("itPerf.skip, itPerf.only and describePerf.skip mark specs", () => {
    const root = startCollecting("/f.perf.ts");
    itPerf.skip("a", () => 1);
    itPerf.only("b", () => 1);
    describePerf.skip("c", () => itPerf("d", () => 1));
    const [a, b, d] = flattenSpecs(root);
    expect(a!.settings.skip).toBe(true);
    expect(b!.settings.only).toBe(true);
    expect(d!.suite.skip).toBe(true);
  });

  test("calls outside a spec file being loaded are refused with a clear message", () => {
    expect(() => itPerf("x", () => 1)).toThrow(/itPerf\(\) was called outside a spec file/);
    expect(() => describePerf("x", () => {})).toThrow(/describePerf\(\) was called outside/);
  });

  test("an async describePerf body is refused", () => {
    startCollecting("/f.perf.ts");
    expect(() => describePerf("s", (async () => {}) as () => void)).toThrow(/must be synchronous/);
  });

  test("records the line of each itPerf call", () => {
    const file = import.meta.filename;
    const root = startCollecting(file);
    // Both calls on one line: the stack's line number is the itPerf call's.
    const [, here] = [itPerf("here", () => 1), new Error().stack!];
    const frame = here.split("\n").find((l) => l.includes(file))!;
    const expectedLine = Number(frame.match(/:(\d+):\d+\)?$/)![1]);
    expect(flattenSpecs(root)[0]!.line).toBe(expectedLine);
  });
});
