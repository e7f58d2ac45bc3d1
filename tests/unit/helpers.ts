import type { ForkMeasurement } from "../../src/run/spawn-fork.ts";
/** Builders for unit tests of the pure core. */
import { createRootSuite } from "../../src/dsl/collector.ts";
import type { MicroMeasurement } from "../../src/micro/engine.ts";
import { countStatuses, type RunResult } from "../../src/result/run-result.ts";
import type { MicroSpecResult, SpecResult } from "../../src/result/spec-result.ts";
import type { Limit, ResolvedMicroSpec } from "../../src/spec/resolved.ts";

/** A measurement with plausible figures; override what the test is about. */
export function measurement(overrides: Partial<MicroMeasurement> = {}): MicroMeasurement {
  return {
    samples: 100,
    min: 90,
    avg: 105,
    p50: 100,
    p75: 110,
    p99: 150,
    max: 200,
    sd: 10,
    mad: 8,
    cv: 0.095,
    rme: 0.02,
    iterations: 409_600,
    batched: true,
    heapBytes: undefined,
    wallNs: 7e8,
    percentiles: Array.from({ length: 101 }, (_, i) => 90 + i),
    ...overrides,
  };
}

/** A spec-sourced limit. */
export function limit(metric: Limit["metric"], bound: number): Limit {
  return { metric, bound, direction: "max", source: { kind: "spec", file: "/p/spec/a.perf.ts", line: 3 } };
}

/** A resolved spec with defaults; override what the test is about. */
export function spec(overrides: Partial<ResolvedMicroSpec> = {}): ResolvedMicroSpec {
  return {
    kind: "micro",
    id: "suite > spec",
    name: "spec",
    file: "/p/spec/a.perf.ts",
    line: 3,
    tags: [],
    fn: () => 1,
    suite: createRootSuite("/p/spec/a.perf.ts"),
    skip: false,
    only: false,
    measure: {},
    timeoutNs: undefined,
    limits: [],
    tolerance: undefined,
    ...overrides,
  };
}

/** A micro spec's result with defaults; override what the test is about. */
export function specResult(overrides: Partial<MicroSpecResult>): MicroSpecResult {
  return {
    id: "s",
    kind: "micro",
    file: "/p/spec/a.perf.ts",
    line: 3,
    tags: [],
    status: "PASS",
    measurement: measurement(),
    checks: [],
    baseline: undefined,
    warnings: [],
    error: undefined,
    skipReason: undefined,
    ...overrides,
  };
}

/** A run of `specs` with plausible metadata; override what the test is about. */
export function runResult(specs: SpecResult[], overrides: Partial<RunResult> = {}): RunResult {
  return {
    fxperfVersion: "0.0.0",
    runtime: { name: "bun", version: "1" },
    startedAt: "2026-01-01T00:00:00.000Z",
    endedAt: "2026-01-01T00:00:02.500Z",
    guard: { guarded: true, refusals: [], warnings: [] },
    specs,
    counts: countStatuses(specs),
    selection: { loaded: specs.length, selected: specs.length, onlyUsed: false },
    profiles: { slug: "linux-x64-test-2c-24g-bun1", notices: [] },
    fingerprint: {
      os: "linux",
      arch: "x64",
      cpuModel: "test",
      cores: 2,
      memoryGiB: 24,
      runtime: "bun",
      runtimeMajor: 1,
    },
    git: { commit: null, branch: null },
    interrupted: false,
    ...overrides,
  };
}

/** A fork's report with median `p50` (other figures derived from it). */
export function forkMeasurement(p50: number, wallNs = 1e8): ForkMeasurement {
  const percentiles = Array.from({ length: 101 }, (_, i) => p50 * (0.5 + i / 100));
  return {
    ok: true,
    referenceP50: undefined,
    measurement: {
      samples: 10,
      min: p50 * 0.9,
      avg: p50,
      p50,
      p75: p50 * 1.1,
      p99: p50 * 1.5,
      max: p50 * 2,
      sd: 1,
      mad: 1,
      cv: 0.01,
      rme: 0.01,
      percentiles,
      iterations: 100,
      batched: false,
      heapBytes: undefined,
      wallNs,
    },
  };
}
