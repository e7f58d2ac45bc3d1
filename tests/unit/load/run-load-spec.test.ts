import { describe, expect, test } from "bun:test";
import { createRootSuite } from "../../../src/dsl/collector.ts";
import { type LoadBackend, LoadError, type LoadResult } from "../../../src/load/load-result.ts";
import type { LoadBaselineComparison } from "../../../src/profiles/resolve-limits.ts";
import { runLoadSpec, toLoadRequest } from "../../../src/run/run-load-spec.ts";
import type { LoadLimit, ResolvedLoadSpec } from "../../../src/spec/resolved.ts";
import { evaluateLoad, medianOfAttempts } from "../../../src/verdict/evaluate-load.ts";

// A fake backend: only for the matchers and the retry logic; real wrk runs in tests/integration/load.test.ts.
function fakeBackend(results: Array<Partial<LoadResult> | Error>): LoadBackend & { calls: number } {
  const backend = {
    name: "fake",
    calls: 0,
    async run() {
      const next = results[Math.min(backend.calls++, results.length - 1)]!;
      if (next instanceof Error) throw next;
      return result(next);
    },
  };
  return backend;
}

function result(overrides: Partial<LoadResult> = {}): LoadResult {
  return {
    requests: 10_000,
    durationNs: 1e9,
    bytesRead: 1e6,
    rps: 10_000,
    transferBytesPerSec: 1e6,
    latencyNs: { avg: 1e5, stdev: 1e4, max: 5e6, p50: 9e4, p75: 1.1e5, p90: 1.5e5, p99: 1e6 },
    errors: { connect: 0, read: 0, write: 0, timeout: 0, status: 0 },
    errorRate: 0,
    source: "lua",
    output: "wrk output",
    ...overrides,
  };
}

const limit = (metric: LoadLimit["metric"], bound: number, direction: "min" | "max"): LoadLimit => ({
  metric,
  bound,
  direction,
  source: { kind: "spec", file: "/p/a.perf.ts", line: 1 },
});

const spec: ResolvedLoadSpec = {
  kind: "load",
  id: "api > get",
  name: "get",
  file: "/p/a.perf.ts",
  line: 1,
  tags: [],
  suite: createRootSuite("/p/a.perf.ts"),
  skip: false,
  only: false,
  tolerance: undefined,
  url: "http://127.0.0.1:1/",
  method: undefined,
  headers: {},
  body: undefined,
  connections: 8,
  threads: undefined,
  durationS: 1,
  timeoutS: undefined,
  script: undefined,
  warmupS: undefined,
  limits: [],
  retries: undefined,
};
const options = (backend: LoadBackend | undefined, retries = 0) => ({
  backend,
  skipReason: "--skip-load",
  retries,
  cores: 2,
  verbose: false,
  requireBaseline: false,
});
const run = (backend: LoadBackend | undefined, limits: LoadLimit[], retries = 0, s = spec) =>
  runLoadSpec(s, { limits, baseline: undefined }, options(backend, retries), new AbortController().signal);

describe("evaluateLoad()", () => {
  const none = { requireBaseline: false };
  test("floors and ceilings", () => {
    const checks = evaluateLoad(
      result(),
      [limit("rps", 5000, "min"), limit("latency.p99", 2e6, "max"), limit("errorRate", 0.01, "max")],
      undefined,
      none,
    );
    expect(checks.status).toBe("PASS");
    expect(evaluateLoad(result({ rps: 4000 }), [limit("rps", 5000, "min")], undefined, none).status).toBe("FAIL");
    expect(evaluateLoad(result({ errorRate: 0.02 }), [limit("errorRate", 0.01, "max")], undefined, none).status).toBe(
      "FAIL",
    );
  });

  test("98% of requests failing with no errorRate limit is warned about, naming the errors (issue 23)", () => {
    const refused = result({
      requests: 200,
      errorRate: 0.98,
      errors: { connect: 9800, read: 0, write: 0, timeout: 0, status: 0 },
    });
    const judged = evaluateLoad(refused, [limit("rps", 100, "min")], undefined, none);
    expect(judged.warnings).toContain(
      '98% of requests failed (connect 9800) and no errorRate limit judges them: rps and latency describe the failures too; add .expect({ errorRate: "1%" })',
    );
    // With an errorRate limit the limit judges them; below 1% nothing is said.
    expect(evaluateLoad(refused, [limit("errorRate", 0.99, "max")], undefined, none).warnings.join()).not.toContain(
      "no errorRate limit",
    );
    expect(evaluateLoad(result({ errorRate: 0.005 }), [], undefined, none).warnings.join()).not.toContain("failed");
  });

  test("a latency that could not be measured fails its limit rather than passing", () => {
    const timedOut = result({ latencyNs: { ...result().latencyNs, p99: Number.NaN } });
    expect(evaluateLoad(timedOut, [limit("latency.p99", 2e6, "max")], undefined, none).status).toBe("FAIL");
  });

  test("a baseline holds rps above baseline/(1+tolerance) and p99 below baseline×(1+tolerance)", () => {
    const comparison: LoadBaselineComparison = {
      baseline: { kind: "load", rps: 10_000, p50: 9e4, p99: 1e6, errorRate: 0, requests: 10_000 },
      source: {
        kind: "repo",
        file: "/p/perf-profiles/x.json",
        calibratedAt: "2026-11-26T00:00:00.000Z",
        gitCommit: null,
      },
      tolerance: 0.1,
      toleranceSource: "default",
      factor: 1,
    };
    expect(evaluateLoad(result({ rps: 9500 }), [], comparison, none).status).toBe("PASS");
    const slower = evaluateLoad(result({ rps: 8000 }), [], comparison, none);
    expect(slower.status).toBe("FAIL");
    expect(slower.baselineChecks[0]).toMatchObject({ metric: "rps", passed: false });
    expect(slower.baselineChecks[0]!.threshold).toBeCloseTo(10_000 / 1.1, 6);
    expect(
      evaluateLoad(result({ latencyNs: { ...result().latencyNs, p99: 1.2e6 } }), [], comparison, none).status,
    ).toBe("FAIL");
  });

  test("no limit and no baseline: NO BASELINE", () => {
    expect(evaluateLoad(result(), [], undefined, none).status).toBe("NO BASELINE");
  });
});

describe("medianOfAttempts()", () => {
  test("takes the median of each figure", () => {
    const m = medianOfAttempts([result({ rps: 100 }), result({ rps: 10_000 }), result({ rps: 9000 })]);
    expect(m.rps).toBe(9000);
  });
});

describe("runLoadSpec() with a fake backend", () => {
  test("threads default to the smaller of cores and connections", () => {
    expect(toLoadRequest(spec, 2, false).threads).toBe(2);
    expect(toLoadRequest({ ...spec, connections: 1 }, 8, false).threads).toBe(1);
    expect(toLoadRequest({ ...spec, threads: 4 }, 2, false).threads).toBe(4);
  });

  test("a pass needs one attempt", async () => {
    const backend = fakeBackend([{ rps: 10_000 }]);
    const { result: r } = await run(backend, [limit("rps", 5000, "min")], 2);
    expect(r.status).toBe("PASS");
    expect(backend.calls).toBe(1);
  });

  test("retries: a one-off dip is outvoted by the median of all attempts, every attempt reported", async () => {
    const backend = fakeBackend([{ rps: 1000 }, { rps: 10_000 }, { rps: 9000 }]);
    const { result: r } = await run(backend, [limit("rps", 5000, "min")], 2);
    expect(backend.calls).toBe(2);
    expect(r.load!.attempts.map((a) => a.rps)).toEqual([1000, 10_000]);
    expect(r.load!.median.rps).toBe(5500);
    expect(r.status).toBe("PASS");
    expect(r.warnings.join()).toContain("2 attempts (rps 1.0k/s, 10.0k/s)");
  });

  test("retries continue while the median of the attempts so far still fails", async () => {
    const backend = fakeBackend([{ rps: 1000 }, { rps: 6000 }, { rps: 9000 }]);
    const { result: r } = await run(backend, [limit("rps", 5000, "min")], 5);
    // After two attempts the median is 3500 (still failing); the third brings it to 6000.
    expect(backend.calls).toBe(3);
    expect(r.load!.median.rps).toBe(6000);
    expect(r.status).toBe("PASS");
  });

  test("retries: a real regression fails every attempt and stays failed", async () => {
    const backend = fakeBackend([{ rps: 1000 }]);
    const { result: r } = await run(backend, [limit("rps", 5000, "min")], 2);
    expect(backend.calls).toBe(3);
    expect(r.status).toBe("FAIL");
  });

  test("a LoadError is an ERROR carrying the generator's output", async () => {
    const { result: r } = await run(fakeBackend([new LoadError("wrk exited with 1", "Usage: wrk ...")]), []);
    expect(r).toMatchObject({
      status: "ERROR",
      error: { phase: "load", message: "wrk exited with 1", output: "Usage: wrk ..." },
    });
  });

  test("no backend: SKIP with the reason", async () => {
    const { result: r } = await run(undefined, []);
    expect(r).toMatchObject({ status: "SKIP", skipReason: "--skip-load" });
  });

  test("a warm-up run is made first and not counted", async () => {
    const backend = fakeBackend([{ rps: 1 }, { rps: 10_000 }]);
    const { result: r } = await run(backend, [limit("rps", 5000, "min")], 0, { ...spec, warmupS: 1 });
    expect(backend.calls).toBe(2);
    expect(r.load!.attempts).toHaveLength(1);
    expect(r.status).toBe("PASS");
  });
});
