import { describe, expect, test } from "bun:test";
import { renderHtmlReport } from "../../../src/report/html-report.ts";
import { renderJunitReport } from "../../../src/report/junit-report.ts";
import { renderMarkdownReport } from "../../../src/report/markdown-report.ts";
import { renderBarChart, renderPercentileChart } from "../../../src/report/svg-charts.ts";
import type { MicroSpecResult } from "../../../src/result/spec-result.ts";
import { formatNs } from "../../../src/units.ts";
import { measurement, runResult, specResult } from "../helpers.ts";
import { profile } from "../profiles/fixtures.ts";

/** A FAIL against a baseline: p50 7.8 µs against 4.2 µs, a few pauses of up to 4 ms in the tail. */
function failingAgainstBaseline(overrides: Partial<MicroSpecResult> = {}): MicroSpecResult {
  const percentiles = Array.from({ length: 101 }, (_, i) => (i < 96 ? 7600 + i * 5 : i < 100 ? 900_000 : 4_000_000));
  const base = profile().baselines["json > parse"]!;
  return specResult({
    id: "json > parse",
    status: "FAIL",
    measurement: measurement({ p50: 7800, p75: 7975, p99: 900_000, max: 4_000_000, percentiles }),
    baseline: {
      comparison: {
        statistic: "p50",
        baseline: { ...(base as Extract<typeof base, { kind: "micro" }>), p50: 4200 },
        source: {
          kind: "local",
          file: "/home/u/.fxperf/profiles/app-1a2b3c4d5e/linux.json",
          calibratedAt: "2026-11-20T10:00:00.000Z",
          gitCommit: "abcdef0123456789",
        },
        noiseCv: 0.01,
        tolerance: 0.1,
        toleranceSource: "profile",
        factor: 1,
      },
      outcome: {
        decision: "fail",
        ratio: 1.857,
        ratioLow: 1.8,
        ratioHigh: 1.9,
        limitRatio: 1.1,
        improved: false,
        driftCorrected: false,
        centre: 7_520,
        baselineCentre: 4_050,
      },
    },
    warnings: ["its forks disagree: a busy machine"],
    ...overrides,
  });
}

describe("renderHtmlReport()", () => {
  test("a lone surrogate in a spec id does not break the report", () => {
    const html = renderHtmlReport(runResult([specResult({ id: "bad \uD800 id" }), specResult({ id: "tail \uDC00" })]));
    expect(html).toContain('<section class="spec" id="bad%20%EF%BF%BD%20id">');
    expect(html).toContain('href="#tail%20%EF%BF%BD"');
  });
  test("shows the interval, the baseline's profile and the warnings, as the console does", () => {
    const html = renderHtmlReport(
      runResult([failingAgainstBaseline()], { profiles: { slug: "x", notices: ["Profile x.json (local): 1 of 1"] } }),
    );
    expect(html).toContain(
      "centre 7.52 µs against baseline 4.05 µs: +85.7% (95% CI +80.0% to +90.0%); allowed +10.0%: tolerance 10% from profile; plain p50 7.80 µs, baseline&apos;s 4.20 µs",
    );
    expect(html).toContain("baseline from local profile /home/u/.fxperf/profiles/app-1a2b3c4d5e/linux.json");
    expect(html).toContain("its forks disagree: a busy machine");
    expect(html).toContain("Profile x.json (local): 1 of 1");
  });
});

describe("renderPercentileChart()", () => {
  const spec = failingAgainstBaseline();
  const svg = renderPercentileChart(
    "t",
    spec.measurement!.percentiles,
    [
      { label: "baseline p50", value: 4200, kind: "baseline" },
      { label: "allowed p50", value: 4620, kind: "limit" },
    ],
    formatNs,
  );
  test("a tail of pauses does not flatten the median: the scale follows the body of the distribution", () => {
    const ticks = [...svg.matchAll(/class="tick">([^<]+)</g)].map((m) => m[1]);
    expect(ticks).not.toContain("1.00 ms");
    expect(ticks.some((t) => t?.endsWith("µs"))).toBe(true);
    // The median's point sits well above the axis.
    const points = svg.match(/points="([^"]+)"/)![1]!.split(" ");
    const medianY = Number(points[50]!.split(",")[1]);
    // At least a quarter of the way up the plot (it sat on the axis under a 1 ms scale).
    expect(medianY).toBeLessThan(12 + 174 * 0.75);
    expect(svg).toContain("p96+ off chart ↑ (max 4.00 ms)");
  });
  test("the baseline and limit labels do not overlap: one at each end", () => {
    const labels = [
      ...svg.matchAll(/<text x="([\d.]+)" y="([\d.]+)" text-anchor="(start|end)" class="ref-label (\w+)">/g),
    ];
    expect(labels.map((m) => [m[3], m[4]])).toEqual([
      ["end", "limit"],
      ["start", "baseline"],
    ]);
  });
  test("labels on one side that would touch are pushed apart", () => {
    const near = renderPercentileChart(
      "t",
      spec.measurement!.percentiles,
      [
        { label: "p50 limit", value: 9000, kind: "limit" },
        { label: "allowed p50", value: 9050, kind: "limit" },
      ],
      formatNs,
    );
    const ys = [...near.matchAll(/y="([\d.]+)" text-anchor="end" class="ref-label limit"/g)].map((m) => Number(m[1]));
    expect(ys).toHaveLength(2);
    expect(Math.abs(ys[0]! - ys[1]!)).toBeGreaterThanOrEqual(12);
  });
});

describe("renderMarkdownReport() baselines", () => {
  const markdown = renderMarkdownReport(runResult([failingAgainstBaseline()]));
  test("the table shows the centres compared with the baseline and the change with its interval", () => {
    expect(markdown).toContain("| Centre vs baseline |");
    expect(markdown).toContain("| centre 7.52 µs vs baseline 4.05 µs: +85.7% (95% CI +80.0% to +90.0%) |");
  });
  test("the details name the baseline's profile and list every warning", () => {
    expect(markdown).toContain("<details><summary>Baselines, modes, outliers and warnings</summary>");
    expect(markdown).toContain("baseline from local profile /home/u/.fxperf/profiles/app-1a2b3c4d5e/linux.json");
    expect(markdown).toContain("  - its forks disagree: a busy machine");
  });
});

describe("parameters, complexity and faster-than in every report", () => {
  const member = (n: number, p50: number) =>
    specResult({
      id: `algo > sum [n=${n}]`,
      status: "NO BASELINE",
      measurement: measurement({ p50 }),
      params: { group: "algo > sum", values: { n } },
    });
  const outcome = {
    expected: "O(n)" as const,
    best: "O(n^2)" as const,
    passed: false,
    fits: [
      { complexity: "O(n^2)" as const, coefficient: 0.5, rms: 0.01 },
      { complexity: "O(n)" as const, coefficient: 300, rms: 0.4 },
    ],
  };
  const complexity = {
    kind: "complexity" as const,
    id: "algo > sum (complexity)",
    file: "/p/spec/a.perf.ts",
    line: 3,
    tags: [],
    status: "FAIL" as const,
    warnings: [],
    error: undefined,
    skipReason: undefined,
    group: "algo > sum",
    param: "n",
    points: [
      { n: 100, p50Ns: 5000 },
      { n: 1000, p50Ns: 500_000 },
    ],
    outcome,
  };
  const faster = specResult({
    id: "lookup > map",
    status: "PASS",
    relative: {
      otherId: "lookup > scan",
      otherName: "scan",
      by: 2,
      speedup: 30,
      low: 28,
      high: 32,
      decision: "pass",
      rounds: 60,
    },
  });
  const run = runResult([member(100, 5000), member(1000, 500_000), complexity, faster]);
  test("HTML: the group under one heading with p50 against the parameter, the fit in words", () => {
    const html = renderHtmlReport(run);
    expect(html).toContain('<h3 class="group">algo &gt; sum</h3>');
    expect(html).toContain("algo &gt; sum: p50 against n");
    expect(html).toContain("O(n) expected over n, best fit O(n^2)");
    expect(html).toContain("30x faster than scan (28x-32x), needs 2x");
  });
  test("Markdown: the failed fit and the faster-than verdict in the notes", () => {
    const markdown = renderMarkdownReport(run);
    expect(markdown).toContain("| ❌ FAIL | algo &gt; sum (complexity) |");
    expect(markdown).toContain("O(n) expected over n, best fit O(n^2)");
    expect(markdown).toContain("30x faster than scan (28x-32x), needs 2x");
  });
  test("JUnit: the failed fit is the failure message", () => {
    const xml = renderJunitReport(run, "/p");
    expect(xml).toContain("O(n) expected over n, best fit O(n^2)");
  });
});

describe("HTML summary and charts for a newcomer (issue 23)", () => {
  test("the summary table says why a spec has its status, in a Note column", () => {
    const warned = specResult({ id: "warned", status: "WARN", warnings: ["forks scattered: 2 modes"] });
    const html = renderHtmlReport(runResult([warned]));
    expect(html).toContain("<th>Centre vs baseline</th><th>Note</th>");
    expect(html).toContain("<td>forks scattered: 2 modes</td></tr>");
  });
  test("a chart's zero tick reads 0, never a unit its other ticks do not use", () => {
    const chart = renderPercentileChart("t", [1e6, 2e6, 3e6], [], formatNs);
    expect(chart).toContain(">0</text>");
    expect(chart).not.toContain("0.00 ns");
  });
  test("a bar's floor inside the chart is labelled with its value", () => {
    const chart = renderBarChart("rps", [{ label: "rps", value: 5000, limit: 4000, floor: true }], (v) => `${v}/s`);
    expect(chart).toContain("allowed ≥ 4000/s</text>");
  });
});
