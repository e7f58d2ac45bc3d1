/**
 * Every report of `run` shows the figures the baseline verdict compared (the fork centres), the
 * plain p50 beside them labelled as such, what each spec can resolve, and the modes of its forks.
 */
import { describe, expect, test } from "bun:test";
import { baselineChange, baselineLines } from "../../../src/report/baseline-lines.ts";
import { createColors } from "../../../src/report/colors.ts";
import { describeResolution, formatResolvable, microForkLines } from "../../../src/report/fork-lines.ts";
import { renderHtmlReport } from "../../../src/report/html-report.ts";
import { renderJsonReport } from "../../../src/report/json-report.ts";
import { renderJunitReport } from "../../../src/report/junit-report.ts";
import { renderMarkdownReport } from "../../../src/report/markdown-report.ts";
import { renderSummary } from "../../../src/report/summary.ts";
import type { BaselineOutcome, MicroSpecResult } from "../../../src/result/spec-result.ts";
import { reportSchemaErrors } from "../../report-schema.ts";
import { measurement, runResult, specResult } from "../helpers.ts";
import { profile } from "../profiles/fixtures.ts";

const plain = createColors(false);
const base = profile().baselines["json > parse"]!;

/**
 * The case the issue reported: p50 3.54 ms against a baseline p50 of 6.31 ms (the baseline's forks
 * fell into a slow mode), while the verdict compared the fork centres, 3.48 ms against 3.54 ms.
 */
function judged(outcome: Partial<BaselineOutcome>, overrides: Partial<MicroSpecResult> = {}): MicroSpecResult {
  return specResult({
    id: "csv > split",
    status: "WARN",
    measurement: measurement({ p50: 3_540_000, p99: 4_100_000 }),
    baseline: {
      comparison: {
        statistic: "p50",
        baseline: { ...(base as Extract<typeof base, { kind: "micro" }>), p50: 6_310_000 },
        source: {
          kind: "local",
          file: "/p/profiles/linux.json",
          calibratedAt: "2026-12-03T10:00:00.000Z",
          gitCommit: null,
        },
        noiseCv: 0.01,
        tolerance: 0.02,
        toleranceSource: "spec",
        factor: 1,
      },
      outcome: {
        decision: "undecided",
        ratio: 3_480_000 / 3_540_000,
        ratioLow: 0.93,
        ratioHigh: 1.046,
        limitRatio: 1.02,
        improved: false,
        driftCorrected: false,
        centre: 3_480_000,
        baselineCentre: 3_540_000,
        resolvable: 0.058,
        ...outcome,
      },
    },
    forks: {
      count: 8,
      p50sNs: [3.4e6, 3.5e6, 3.6e6, 7e6, 6.9e6, 7.1e6, 7.2e6, 6.8e6],
      referenceP50sNs: undefined,
      stop: "time budget",
      elapsedNs: 2e9,
      modes: [
        { centre: 3_500_000, share: 0.375, count: 3 },
        { centre: 7_000_000, share: 0.625, count: 5 },
      ],
    },
    ...overrides,
  });
}

const undecided = judged({});
const modesLine = "2 modes: 3.50 ms in 38% of processes, 7.00 ms in 63%";
const resolutionLine = "undecided: this spec resolves ±5.8% with 8 forks (tolerance 2%): it can gate at 6%, not at 2%";

describe("baselineLines() and baselineChange()", () => {
  test("name the fork centres the ratio is of, and the plain p50s beside them, labelled", () => {
    expect(baselineLines(undecided, (f) => f)[0]).toBe(
      "centre 3.48 ms against baseline 3.54 ms: -1.7% (95% CI -7.0% to +4.6%); allowed +2.0%: tolerance 2% from spec; plain p50 3.54 ms, baseline's 6.31 ms",
    );
    expect(baselineChange(undecided)).toBe("centre 3.48 ms vs baseline 3.54 ms: -1.7% (95% CI -7.0% to +4.6%)");
  });
  test("never put the change next to the p50s as if it were their ratio", () => {
    expect(baselineLines(undecided, (f) => f).join("\n")).not.toMatch(/p50 (was )?3\.54 ms, -1\.7%/);
  });
  test("a drift-corrected centre is a multiple of the reference kernel, not a duration", () => {
    const drift = judged({ driftCorrected: true, centre: 0.912, baselineCentre: 0.928 });
    expect(baselineChange(drift)).toStartWith("centre 0.912× reference vs baseline 0.928× reference: ");
  });
  test("an outcome without centres shows the change alone", () => {
    const bare = judged({ centre: undefined, baselineCentre: undefined });
    expect(baselineChange(bare)).toBe("-1.7% (95% CI -7.0% to +4.6%)");
    expect(baselineLines(bare, (f) => f)[0]).toStartWith("-1.7% against baseline (95% CI");
  });
});

describe("describeResolution()", () => {
  const r = { resolvable: 0.058, evidence: "8 forks", tolerance: 0.02, ratio: 0.983 };
  test("an undecided spec that resolves coarser than its tolerance says the tolerance it could gate at", () => {
    expect(describeResolution({ ...r, decision: "undecided" })).toBe(resolutionLine);
  });
  test("an undecided spec that resolves finer than its tolerance says its change sits at the limit", () => {
    expect(describeResolution({ ...r, decision: "undecided", resolvable: 0.03, tolerance: 0.1, ratio: 1.09 })).toBe(
      "undecided: this spec resolves ±3% with 8 forks (tolerance 10%), but its change (+9.0%) lies within that of the +10.0% limit",
    );
  });
  test("a decided spec states its resolution only", () => {
    expect(describeResolution({ ...r, decision: "pass", resolvable: 0.021 })).toBe(
      "this spec resolves ±2.1% with 8 forks (tolerance 2%)",
    );
  });
  test("formatResolvable() keeps one decimal at most", () => {
    expect(formatResolvable(0.06)).toBe("±6%");
    expect(formatResolvable(0.0583)).toBe("±5.8%");
  });
});

describe("microForkLines()", () => {
  test("the resolution, then the modes", () => {
    expect(microForkLines(undecided)).toEqual([resolutionLine, modesLine]);
  });
  test("nothing for a spec with one mode and no baseline", () => {
    const single = specResult({
      forks: {
        count: 4,
        p50sNs: [1, 1, 1, 1],
        referenceP50sNs: undefined,
        stop: "fixed",
        elapsedNs: 1,
        modes: [{ centre: 1, share: 1, count: 4 }],
      },
    });
    expect(microForkLines(single)).toEqual([]);
  });
});

describe("the console summary", () => {
  const passing = judged(
    { decision: "pass", ratio: 0.99, ratioLow: 0.98, ratioHigh: 1.0, resolvable: 0.01, limitRatio: 1.1 },
    { id: "json > parse", status: "PASS" },
  );
  const text = renderSummary(runResult([undecided, passing]), plain, "/p");

  test("the table shows the centres compared, the change with what it resolves, and the limit", () => {
    expect(text).toMatch(/WARN\s+csv > split\s+3\.54 ms\s.*centre 3\.48 ms vs 3\.54 ms: -1\.7% ±5\.8% ≤ \+2\.0%/);
    expect(text).toMatch(/PASS\s+json > parse\s+3\.54 ms\s.*centre 3\.48 ms vs 3\.54 ms: -1\.0% ±1% ≤ \+10\.0%/);
  });
  test("a legend under the table says what a centre is, beside the P50 column", () => {
    expect(text).toContain(
      "centre: the mean of the fastest third of a spec's fork medians, the figure its baseline verdict compares; P50: the median of its fork medians",
    );
  });
  test("an undecided spec gets details: the figures compared, what it can resolve, its modes", () => {
    const details = text.slice(text.indexOf("WARN csv > split  spec/a.perf.ts:3"));
    expect(details).toContain("centre 3.48 ms against baseline 3.54 ms: -1.7%");
    expect(details).toContain(`    ${resolutionLine}`);
    expect(details).toContain(`    ${modesLine}`);
  });
  test("a passing spec with several modes is listed under Modes, not in the table", () => {
    expect(text).toContain("Modes (processes that ran at different speeds)");
    expect(text).toContain(`    json > parse: ${modesLine}`);
    const row = text.split("\n").find((line) => line.includes("PASS") && line.includes("json > parse"));
    expect(row).not.toContain("modes");
  });
  test("no legend when no spec was compared with a baseline", () => {
    expect(renderSummary(runResult([specResult({})]), plain, "/p")).not.toContain("centre:");
  });
});

describe("Markdown, HTML, JUnit and JSON", () => {
  const run = runResult([undecided]);
  test("Markdown: the centres in the table, a legend, the resolution as the note, all lines in the details", () => {
    const md = renderMarkdownReport(run);
    expect(md).toContain("| Centre vs baseline |");
    expect(md).toContain(`| centre 3.48 ms vs baseline 3.54 ms: -1.7% (95% CI -7.0% to +4.6%) | ${resolutionLine} |`);
    expect(md).toContain("<sub>centre: the mean of the fastest third");
    expect(md).toContain(`  - ${resolutionLine}\n  - ${modesLine}\n`);
    expect(md).toContain("plain p50 3.54 ms, baseline's 6.31 ms");
  });
  test("HTML: the centres in the table and the resolution and modes in the spec's notes", () => {
    const html = renderHtmlReport(run);
    expect(html).toContain("<th>Centre vs baseline</th>");
    expect(html).toContain("<td>centre 3.48 ms vs baseline 3.54 ms: -1.7% (95% CI -7.0% to +4.6%)</td>");
    expect(html).toContain(`<li>${resolutionLine}</li><li>${modesLine}</li>`);
    // The verdict does not compare percentiles: no "allowed p50" line on the percentile chart.
    expect(html).not.toContain("allowed p50");
  });
  test("JUnit: a failure names the centres compared; system-out carries the resolution and modes", () => {
    const failing = judged(
      { decision: "fail", ratio: 1.2, ratioLow: 1.15, ratioHigh: 1.25, centre: 4_248_000 },
      {
        status: "FAIL",
      },
    );
    const xml = renderJunitReport(runResult([failing]), "/p");
    expect(xml).toContain('message="centre 4.25 ms against baseline 3.54 ms: +20.0%, allowed +2.0%"');
    expect(xml).toContain(modesLine);
  });
  test("JSON: the forks' modes in ns and the resolvable change, valid against the schema", () => {
    const report = renderJsonReport(run);
    expect(reportSchemaErrors(JSON.parse(JSON.stringify(report)))).toEqual([]);
    expect(report.specs[0]!.micro!.forks!.modes).toEqual([
      { centreNs: 3_500_000, share: 0.375, count: 3 },
      { centreNs: 7_000_000, share: 0.625, count: 5 },
    ]);
    expect(report.specs[0]!.baseline).toMatchObject({
      measured: 3_480_000,
      baseline: 3_540_000,
      resolvable: 0.058,
      baselineP50Ns: 6_310_000,
    });
  });
  test("JSON: a result without modes or resolvable (recorded before them) leaves them out", () => {
    const old = judged({ resolvable: undefined }, { forks: undefined });
    const report = renderJsonReport(runResult([old]));
    expect(report.specs[0]!.baseline).not.toHaveProperty("resolvable");
    expect(reportSchemaErrors(JSON.parse(JSON.stringify(report)))).toEqual([]);
  });
});
