import { describe, expect, test } from "bun:test";
import { renderCompareMarkdown } from "../../../src/report/render-compare.ts";
import type { JsonReport, JsonSpec } from "../../../src/result/report-schema.ts";
import { compareReports, judgeChange, judgeSpecs } from "../../../src/verdict/compare-reports.ts";

function micro(id: string, p50: number): JsonSpec {
  return {
    id,
    kind: "micro",
    tags: [],
    file: "a.perf.ts",
    line: 1,
    status: "PASS",
    micro: {
      samples: 100,
      iterations: 100,
      batched: false,
      minNs: p50,
      avgNs: p50,
      p50Ns: p50,
      p75Ns: p50,
      p99Ns: p50,
      maxNs: p50,
      sdNs: 1,
      madNs: 1,
      cv: 0,
      rme: 0,
      heapBytes: null,
      wallNs: 1,
      percentilesNs: [],
    },
    load: null,
    limits: [],
    baseline: null,
    warnings: [],
    error: null,
    skipReason: null,
  };
}
function load(id: string, rps: number, p99: number): JsonSpec {
  const figures = {
    requests: 100,
    durationNs: 1e9,
    bytesRead: 1,
    rps,
    transferBytesPerSec: 1,
    latencyNs: { avg: 1, stdev: 1, max: 1, p50: 1, p75: 1, p90: 1, p99 },
    errors: { connect: 0, read: 0, write: 0, timeout: 0, status: 0 },
    errorRate: 0,
    source: "lua" as const,
  };
  return { ...micro(id, 1), kind: "load", micro: null, load: { attempts: [figures], median: figures } };
}
const report = (specs: JsonSpec[]) => ({ specs }) as unknown as JsonReport;

describe("judgeChange()", () => {
  test.each([
    [1.2, "lower", "regressed"],
    [1.05, "lower", "unchanged"],
    [0.8, "lower", "improved"],
    [0.8, "higher", "regressed"],
    [1.2, "higher", "improved"],
  ] as const)("ratio %p where %p is better → %p", (ratio, better, verdict) =>
    expect(judgeChange(ratio, better, 0.1)).toBe(verdict),
  );
});

describe("compareReports()", () => {
  const changes = compareReports(
    report([micro("same", 100), micro("slower", 100), micro("gone", 100), load("api", 1000, 5e6)]),
    report([micro("same", 102), micro("slower", 150), micro("new", 10), load("api", 700, 5e6)]),
    0.1,
  );
  const verdictOf = (id: string, metric = "p50") => changes.find((c) => c.id === id && c.metric === metric)?.verdict;
  test("judges each spec's figure against the tolerance", () => {
    expect(verdictOf("same")).toBe("unchanged");
    expect(verdictOf("slower")).toBe("regressed");
    expect(verdictOf("new")).toBe("added");
    expect(verdictOf("gone")).toBe("removed");
  });
  test("load specs compare throughput (higher is better) and p99", () => {
    expect(verdictOf("api", "rps")).toBe("regressed");
    expect(verdictOf("api", "latency.p99")).toBe("unchanged");
  });
  test("a load spec whose error rate grew, or whose verdict went from PASS to FAIL, regressed", () => {
    const failing = { ...load("api", 1000, 5e6), status: "FAIL" as const };
    failing.load!.median.errorRate = 1;
    const moved = compareReports(report([load("api", 1000, 5e6)]), report([failing]), 0.6);
    expect(moved.find((c) => c.metric === "status")).toMatchObject({
      verdict: "regressed",
      statusChange: "PASS → FAIL",
    });
    expect(moved.find((c) => c.metric === "errorRate")?.verdict).toBe("regressed");
    expect(moved.find((c) => c.metric === "rps")?.verdict).toBe("unchanged");
  });

  test("Markdown for a pull-request comment: one row per spec, counts of specs", () => {
    const md = renderCompareMarkdown(judgeSpecs(changes), 0.1);
    expect(md).toStartWith("## ❌ Performance comparison");
    expect(md).toContain("| ❌ regressed | slower | p50 | 100 ns | 150 ns | +50.0% worse |");
    expect(md).toContain("5 specs: 2 regressed, 0 improved, 1 unchanged, 1 added, 1 removed");
  });

  test("judgeSpecs(): one verdict per spec; a spec whose status got worse is regressed, never also improved (issue 23)", () => {
    const failing = { ...micro("x", 100), status: "FAIL" as const };
    failing.micro!.p50Ns = 50;
    const specs = judgeSpecs(compareReports(report([micro("x", 100)]), report([failing]), 0.1));
    expect(specs).toHaveLength(1);
    expect(specs[0]).toMatchObject({
      id: "x",
      verdict: "regressed",
      decidedBy: { metric: "status", statusChange: "PASS → FAIL" },
    });
    // A load spec: rps regressed while p99 improved → regressed, decided by rps.
    const loadSpecs = judgeSpecs(
      compareReports(report([load("api", 1000, 5e6)]), report([load("api", 700, 2e6)]), 0.1),
    );
    expect(loadSpecs).toEqual([
      expect.objectContaining({
        id: "api",
        verdict: "regressed",
        decidedBy: expect.objectContaining({ metric: "rps" }),
      }),
    ]);
  });
});
