import { afterEach, describe, expect, test } from "bun:test";
import { startCollecting, stopCollecting } from "../../../src/dsl/collector.ts";
import { afterAll, beforeAll, describePerf, itPerf } from "../../../src/dsl/describe.ts";
import { flattenSpecs } from "../../../src/dsl/plan.ts";
import type { Reporter } from "../../../src/report/reporter.ts";
import { createInProcessLauncher } from "../../../src/run/run-micro-spec.ts";
import { runSpecs } from "../../../src/run/run-specs.ts";
import { resolveSpec } from "../../../src/spec/resolve-spec.ts";
import { engineDeps } from "../../runtime-deps.ts";

afterEach(() => stopCollecting());

const deps = engineDeps;
const quick = (builder: ReturnType<typeof itPerf>) => builder.time("5ms").warmup(1);

function plan(declare: () => void) {
  const root = startCollecting(import.meta.filename);
  declare();
  stopCollecting();
  return flattenSpecs(root).map((p) => resolveSpec(p).spec!);
}

async function run(
  declare: () => void,
  options: Partial<{ timeoutNs: number; signal: AbortSignal }> = {},
  reporter: Reporter = {},
) {
  const specs = plan(declare);
  const micro = new Map(specs.flatMap((s) => (s.kind === "micro" ? [[s.id, s] as const] : [])));
  const timeoutNs = options.timeoutNs ?? 5e9;
  return runSpecs(
    specs,
    {
      measureHeap: false,
      timeoutNs,
      signal: options.signal ?? new AbortController().signal,
      requireBaseline: false,
      limitsFor: (spec) => ({ limits: spec.limits, baseline: undefined }),
      loadLimitsFor: (spec) => ({ limits: spec.limits, baseline: undefined }),
      load: { backend: undefined, skipReason: "no load in this test", retries: 0, cores: 2, verbose: false },
      driftCorrection: false,
      measureReference: false,
      launcher: Object.assign(createInProcessLauncher(micro, deps), { runsHooks: false }),
      scheduleFor: () => ({ minForks: 1, maxForks: 1, maxTimeNs: 1e9, adaptive: false }),
    },
    deps,
    reporter,
  );
}

describe("runSpecs()", () => {
  test("runs hooks once around their suite's specs, outer before inner", async () => {
    const log: string[] = [];
    const { results } = await run(() => {
      describePerf("outer", () => {
        beforeAll(() => void log.push("before outer"));
        afterAll(() => void log.push("after outer"));
        quick(itPerf("a", () => void log.push("a")));
        describePerf("inner", () => {
          beforeAll(async () => void log.push("before inner"));
          afterAll(async () => void log.push("after inner"));
          quick(itPerf("b", () => void log.push("b")));
        });
      });
    });
    expect(results.map((r) => r.status)).toEqual(["NO BASELINE", "NO BASELINE"]);
    const order = log.filter((entry, i) => entry !== log[i - 1]);
    expect(order).toEqual(["before outer", "a", "before inner", "b", "after inner", "after outer"]);
  });

  test("a throwing spec is an ERROR with its message and stack; the next spec still runs", async () => {
    const { results } = await run(() => {
      itPerf("boom", () => {
        throw new TypeError("bad input");
      });
      quick(itPerf("fine", () => [1, 2].map((x) => x + 1))).expect({ p50: "10ms" });
    });
    expect(results[0]).toMatchObject({ status: "ERROR", error: { phase: "spec", message: "bad input" } });
    expect(results[0]!.error!.stack).toContain("TypeError");
    expect(results[1]!.status).toBe("PASS");
  });

  test("a throwing beforeAll turns the suite's specs into ERRORs and its afterAll still runs", async () => {
    let afterRan = false;
    const { results } = await run(() => {
      describePerf("broken", () => {
        beforeAll(() => {
          throw new Error("no server");
        });
        afterAll(() => {
          afterRan = true;
        });
        describePerf("child", () => quick(itPerf("x", () => 1)));
        quick(itPerf("y", () => 1));
      });
      quick(itPerf("outside", () => 1));
    });
    expect(results.map((r) => [r.id, r.status, r.error?.phase])).toEqual([
      ["broken > child > x", "ERROR", "beforeAll"],
      ["broken > y", "ERROR", "beforeAll"],
      ["outside", "NO BASELINE", undefined],
    ]);
    expect(results[0]!.error!.message).toBe("no server");
    expect(afterRan).toBe(true);
  });

  test("a throwing afterAll is reported as an ERROR of its own", async () => {
    const { results } = await run(() => {
      describePerf("s", () => {
        afterAll(() => {
          throw new Error("cleanup failed");
        });
        quick(itPerf("x", () => 1));
      });
    });
    expect(results.at(-1)).toMatchObject({
      id: "s > afterAll",
      kind: "hook",
      status: "ERROR",
      error: { phase: "afterAll", message: "cleanup failed" },
    });
  });

  test("a spec that never settles is stopped by its timeout", async () => {
    const { results } = await run(() => {
      itPerf("hangs", () => new Promise(() => {})).timeout("50ms");
      quick(itPerf("next", () => 1));
    });
    expect(results[0]).toMatchObject({ status: "ERROR", error: { phase: "timeout" } });
    expect(results[0]!.error!.message).toContain("did not settle within 50.0 ms");
    expect(results[1]!.status).toBe("NO BASELINE");
  });

  test("a hook that never settles is stopped by the run's timeout", async () => {
    const { results } = await run(
      () => {
        describePerf("s", () => {
          beforeAll(() => new Promise(() => {}));
          quick(itPerf("x", () => 1));
        });
      },
      { timeoutNs: 50e6 },
    );
    expect(results[0]).toMatchObject({ status: "ERROR", error: { phase: "timeout" } });
  });

  test("a signal during the last suite's afterAll still marks the run interrupted", async () => {
    const controller = new AbortController();
    const { results, interrupted } = await run(
      () => {
        describePerf("s", () => {
          afterAll(() => controller.abort());
          quick(itPerf("x", () => 1));
        });
      },
      { signal: controller.signal },
    );
    expect(results).toHaveLength(1);
    expect(interrupted).toBe(true);
  });

  test("skipped specs are SKIP and never run, nor do their hooks", async () => {
    let ran = false;
    const { results } = await run(() => {
      describePerf("s", () => {
        beforeAll(() => {
          ran = true;
        });
        itPerf("x", () => {
          ran = true;
        }).skip();
      });
    });
    expect(results[0]).toMatchObject({ status: "SKIP", skipReason: "marked .skip()" });
    expect(ran).toBe(false);
  });

  test("an aborted signal stops the run before the next spec", async () => {
    const controller = new AbortController();
    const { results, interrupted } = await run(
      () => {
        quick(itPerf("first", () => 1));
        quick(itPerf("second", () => 1));
      },
      { signal: controller.signal },
      { onSpecEnd: () => controller.abort() },
    );
    expect(interrupted).toBe(true);
    expect(results.map((r) => r.id)).toEqual(["first"]);
  });

  test("async specs are awaited: their time includes the awaited work", async () => {
    const { results } = await run(() => {
      itPerf("sleeps", () => new Promise((resolve) => setTimeout(resolve, 2)))
        .time("20ms")
        .warmup(1)
        .expect({ p50: "1s" });
    });
    expect(results[0]!.status).toBe("PASS");
    if (results[0]!.kind !== "micro") throw new Error("expected a micro result");
    expect(results[0]!.measurement!.p50).toBeGreaterThan(1e6);
  });
});

describe("runSpecs() timeouts", () => {
  test("a synchronous spec that runs past its timeout is an ERROR, though the timer could not fire", async () => {
    const { results } = await run(() => {
      itPerf("busy", () => {
        const end = Date.now() + 30;
        while (Date.now() < end);
        return end;
      })
        .warmup(0)
        .samples(3, 3)
        .timeout("50ms");
    });
    expect(results[0]).toMatchObject({ status: "ERROR", error: { phase: "timeout" } });
    expect(results[0]!.error!.message).toContain("longer than its timeout of 50.0 ms");
  });

  test("an async spec that times out stops being called", async () => {
    let calls = 0;
    const { results } = await run(() => {
      itPerf("slow async", async () => {
        calls++;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }).timeout("100ms");
    });
    expect(results[0]!.status).toBe("ERROR");
    const atTimeout = calls;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(calls).toBeLessThanOrEqual(atTimeout + 1);
  });
});
