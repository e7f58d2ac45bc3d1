import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { renderAbReportJsonSchema } from "../../../scripts/ab-report-json-schema.ts";
import { abProgressLine, renderAbJson, renderAbMarkdown, renderAbSummary } from "../../../src/report/ab-report.ts";
import { createColors } from "../../../src/report/colors.ts";
import { type AbRunResult, type AbSpecResult, countAbStatuses } from "../../../src/result/ab-result.ts";
import { abReportSchemaErrors } from "../../report-schema.ts";

const side = (centreNs: number) => ({
  centreNs,
  valuesNs: [centreNs, centreNs * 1.01],
  cpuShares: [1, Number.NaN],
  rps: [],
});

function abSpec(overrides: Partial<AbSpecResult>): AbSpecResult {
  return {
    id: "json > parse",
    kind: "micro",
    status: "unchanged",
    files: { base: "spec/json.perf.ts", head: "spec/json.perf.ts" },
    base: side(1000),
    head: side(1000),
    change: { ratio: 1, low: 0.99, high: 1.01, level: 0.95, tolerance: 0.02 },
    pairs: 6,
    stop: "decided",
    elapsedNs: 3.2e9,
    error: null,
    skipReason: null,
    warnings: [],
    ...overrides,
  };
}

const specs: AbSpecResult[] = [
  abSpec({
    id: "json > parse",
    status: "regressed",
    head: side(1050),
    change: { ratio: 1.05, low: 1.041, high: 1.063, level: 0.95, tolerance: 0.02 },
  }),
  abSpec({ id: "json > stringify" }),
  abSpec({
    id: "@octocat #12 https://x.io",
    status: "added",
    base: null,
    head: null,
    change: null,
    pairs: 0,
    stop: null,
  }),
  abSpec({ id: "old", status: "removed", base: null, head: null, change: null, pairs: 0, stop: null }),
  abSpec({
    id: "throws\u001b[2J",
    status: "error",
    base: null,
    head: null,
    change: { ratio: Number.NaN, low: null, high: null, level: 0.95, tolerance: 0.02 },
    error: { side: "base", phase: "spec", message: "boom", output: "at x.ts:1" },
  }),
];

const result: AbRunResult = {
  fxperfVersion: "0.1.0",
  runtime: { name: "bun", version: "1.4.5" },
  startedAt: "2026-11-27T09:00:00.000Z",
  endedAt: "2026-11-27T09:00:20.000Z",
  base: { ref: "origin/main", commit: "1234567890abcdef", source: "worktree", dependencies: "none needed" },
  head: { commit: "fedcba0987654321", dirty: true },
  guard: { guarded: true, refusals: [], warnings: [] },
  strict: false,
  interrupted: false,
  planned: specs.length,
  specs,
  counts: countAbStatuses(specs),
};

describe("renderAbMarkdown()", () => {
  const markdown = renderAbMarkdown(result);
  test("starts with a one-line summary naming both trees, then one table", () => {
    const lines = markdown.split("\n");
    expect(lines[0]).toStartWith(
      "❌ **Performance, base origin/main (1234567890) vs head fedcba0987 + uncommitted changes**",
    );
    expect(lines[0]).toContain("1 regressed, 1 unchanged, 1 added, 1 removed, 1 error");
    expect(lines[2]).toBe("| Spec | Base | Head | Change (95% interval) | Verdict |");
    expect(markdown).toContain("| json &gt; parse | 1.00 µs | 1.05 µs | +5.0% (+4.1% to +6.3%) | ❌ regressed |");
  });
  test("a spec id cannot ping, link or inject markup", () => {
    expect(markdown).not.toContain("@octocat");
    expect(markdown).not.toContain("#12");
    expect(markdown).not.toContain("https://x.io");
  });
  test("an error names the side", () => {
    expect(markdown).toContain("💥 error (base: boom)");
  });
  test("no regression: a green mark", () => {
    const calm = renderAbMarkdown({ ...result, specs: [specs[1]!], counts: countAbStatuses([specs[1]!]) });
    expect(calm.split("\n")[0]).toStartWith("✅");
  });
});

describe("renderAbSummary()", () => {
  const text = renderAbSummary(result, createColors(false));
  test("one row per spec with both figures, the change and its interval", () => {
    expect(text).toContain("A/B comparison: base origin/main (1234567890) vs head fedcba0987 + uncommitted changes");
    expect(text).toMatch(/regressed\s+json > parse\s+1\.00 µs\s+1\.05 µs\s+\+5\.0% \(\+4\.1% to \+6\.3%\)\s+6/);
    expect(text).toMatch(/added\s+@octocat #12 https:\/\/x\.io.*only in head/);
    expect(text).toContain("1 regressed, 1 unchanged, 1 added, 1 removed, 1 error (tolerance 2%)");
  });
  test("control characters in ids are shown escaped", () => {
    expect(text).toContain("throws\\x1b[2J");
    expect(text).not.toContain("\u001b[2J");
  });
  test("a failing side's output is shown", () => {
    expect(text).toContain("output of throws\\x1b[2J (base)");
  });
});

describe("an interrupted comparison", () => {
  test("says how many of the planned specs finished, in the console and the Markdown", () => {
    const cut = { ...result, interrupted: true, planned: 7, specs: [], counts: countAbStatuses([]) };
    expect(renderAbSummary(cut, createColors(false))).toContain("no spec finished — interrupted after 0 of 7 specs");
    expect(renderAbMarkdown(cut).split("\n")[0]).toStartWith("⏹️");
    expect(renderAbMarkdown(cut).split("\n")[0]).toContain("no spec finished (interrupted after 0 of 7 specs)");
  });
});

describe("abProgressLine()", () => {
  test("says the verdict, the change and how long it took", () => {
    expect(abProgressLine(specs[0]!)).toBe("regressed +5.0% (+4.1% to +6.3%), 6 pairs in 3.2 s");
    expect(abProgressLine(specs[4]!)).toBe("error on base: boom");
  });
});

describe("renderAbJson()", () => {
  const json = renderAbJson(result);
  test("is valid against docs/ab-report.schema.json", () => {
    expect(abReportSchemaErrors(json)).toEqual([]);
    expect(abReportSchemaErrors(JSON.parse(JSON.stringify(json)))).toEqual([]);
  });
  test("figures that could not be measured are null, never NaN", () => {
    expect(json.specs[4]!.change!.ratio).toBeNull();
    expect(json.specs[0]!.base!.cpuShares).toEqual([1, null]);
    expect(JSON.stringify(json)).not.toContain("NaN");
  });
  test("a document that breaks the schema is caught by the validator", () => {
    expect(abReportSchemaErrors({ ...json, kind: "fxperf-report" }).length).toBeGreaterThan(0);
    expect(abReportSchemaErrors({ ...json, specs: [{ ...json.specs[0], status: "FAIL" }] }).length).toBeGreaterThan(0);
  });
  test("docs/ab-report.schema.json is what the valibot schema generates", () => {
    expect(readFileSync(join(import.meta.dirname, "..", "..", "..", "docs", "ab-report.schema.json"), "utf8")).toBe(
      renderAbReportJsonSchema(),
    );
  });
});
