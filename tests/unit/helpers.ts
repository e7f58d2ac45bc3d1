/** Builders for unit tests of the pure core. */
import { createRootSuite } from "../../src/dsl/collector.ts";
import type { MicroMeasurement } from "../../src/micro/engine.ts";
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
export function limit(statistic: Limit["statistic"], max: number): Limit {
  return { statistic, max, source: { kind: "spec", file: "/p/spec/a.perf.ts", line: 3 } };
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
