// fxperf's own perf specs: rendering reports from a 100-spec run.
import { describePerf, itPerf, ms } from "fxperf";
import { createColors } from "../src/report/colors.ts";
import { renderHtmlReport } from "../src/report/html-report.ts";
import { renderJsonReport } from "../src/report/json-report.ts";
import { renderJunitReport } from "../src/report/junit-report.ts";
import { renderMarkdownReport } from "../src/report/markdown-report.ts";
import { renderSummary } from "../src/report/summary.ts";
import { countStatuses, type RunResult } from "../src/result/run-result.ts";
import type { SpecResult } from "../src/result/spec-result.ts";

const specs: SpecResult[] = Array.from({ length: 100 }, (_, i) => ({
  id: `suite ${i % 7} > spec ${i}`,
  kind: "micro",
  file: "/p/spec/a.perf.ts",
  line: i + 1,
  tags: ["t"],
  status: i % 10 === 0 ? "FAIL" : "PASS",
  measurement: {
    samples: 5000,
    min: 900,
    avg: 1050,
    p50: 1000 + i,
    p75: 1100,
    p99: 1500,
    max: 4000,
    sd: 50,
    mad: 30,
    cv: 0.05,
    rme: 0.01,
    percentiles: Array.from({ length: 101 }, (_, p) => 900 + p * 6),
    iterations: 20_000,
    batched: true,
    heapBytes: undefined,
    wallNs: 7e8,
  },
  checks: [
    {
      metric: "p50",
      measured: 1000 + i,
      limit: {
        metric: "p50",
        bound: i % 10 === 0 ? 900 : 5000,
        direction: "max",
        source: { kind: "spec", file: "/p/spec/a.perf.ts", line: i + 1 },
      },
      passed: i % 10 !== 0,
    },
  ],
  baseline: undefined,
  warnings: [],
  error: undefined,
  skipReason: undefined,
}));
const run: RunResult = {
  fxperfVersion: "0.1.0",
  runtime: { name: "bun", version: "1.4.5" },
  startedAt: "2026-11-26T15:00:00.000Z",
  endedAt: "2026-11-26T15:01:10.000Z",
  guard: { guarded: true, refusals: [], warnings: [] },
  specs,
  counts: countStatuses(specs),
  selection: { loaded: 100, selected: 100, onlyUsed: false },
  profiles: { slug: "linux-x64-x-2c-24g-bun1", notices: [] },
  fingerprint: { os: "linux", arch: "x64", cpuModel: "x", cores: 2, memoryGiB: 24, runtime: "bun", runtimeMajor: 1 },
  git: { commit: null, branch: null },
  interrupted: false,
};
const plain = createColors(false);

describePerf("reports", { tags: ["report"] }, () => {
  itPerf("console summary of 100 specs", () => renderSummary(run, plain, "/p")).expect({ p50: ms(20) });
  itPerf("JSON report of 100 specs", () => JSON.stringify(renderJsonReport(run))).expect({ p50: ms(20) });
  itPerf("JUnit XML of 100 specs", () => renderJunitReport(run, "/p")).expect({ p50: ms(20) });
  itPerf("Markdown of 100 specs", () => renderMarkdownReport(run)).expect({ p50: ms(20) });
  itPerf("HTML with plots of 100 specs", () => renderHtmlReport(run)).expect({ p50: ms(50) });
});
