import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { renderAbReportJsonSchema } from "../../../scripts/ab-report-json-schema.ts";
import { renderAbHtml } from "../../../src/report/ab-html.ts";
import { renderAbJunit } from "../../../src/report/ab-junit.ts";
import { createAbConsoleReporter } from "../../../src/report/ab-console-reporter.ts";
import { abProgressLine, renderAbJson, renderAbMarkdown, renderAbSummary } from "../../../src/report/ab-report.ts";
import { createColors } from "../../../src/report/colors.ts";
import { type AbRunResult, type AbSpecResult, countAbStatuses } from "../../../src/result/ab-result.ts";
import { abReportSchemaErrors } from "../../report-schema.ts";

const side = (centreNs: number) => ({
  centreNs,
  valuesNs: [centreNs, centreNs * 1.01],
  cpuShares: [1, Number.NaN],
  rps: [],
  modes: [{ centre: centreNs, share: 1, count: 2 }],
});

/** A change of the separate kind (one process per side), with the half-width of its interval. */
const separate = (ratio: number, low: number | null, high: number | null) => ({
  ratio,
  low,
  high,
  level: 0.95,
  tolerance: 0.02,
  method: "separate" as const,
  pairRatios: [],
  resolvable: low !== null && high !== null ? (high - low) / 2 : null,
});

function abSpec(overrides: Partial<AbSpecResult>): AbSpecResult {
  return {
    id: "json > parse",
    kind: "micro",
    status: "unchanged",
    files: { base: "spec/json.perf.ts", head: "spec/json.perf.ts" },
    base: side(1000),
    head: side(1000),
    change: separate(1, 0.99, 1.01),
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
    change: separate(1.05, 1.041, 1.063),
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
    change: separate(Number.NaN, null, null),
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
  loadCpus: { wrk: "0", servers: "1-3" },
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

describe("createAbConsoleReporter()", () => {
  const capture = (isTTY: boolean) => {
    const chunks: string[] = [];
    return { isTTY, columns: 80, write: (text: string) => void chunks.push(text), text: () => chunks.join("") };
  };
  test("prints run's progress line: the counter, the verdict, the id and the change", () => {
    const progress = capture(false);
    const summary = capture(false);
    const reporter = createAbConsoleReporter(progress, summary, createColors(false));
    reporter.onRunStart?.({ total: 2, files: 1 });
    reporter.onSpecStart?.({ id: specs[0]!.id, index: 0, total: 2 });
    reporter.onSpecEnd?.(specs[0]!, 0, 2);
    expect(progress.text()).toBe(
      "Running 2 specs from 1 file\n[1/2] regressed json > parse +5.0% (+4.1% to +6.3%), 6 pairs in 3.2 s\n",
    );
    expect(summary.text()).toBe("");
  });
  test("on a terminal the live line says both trees are being measured, and the result replaces it", () => {
    const progress = capture(true);
    const reporter = createAbConsoleReporter(progress, capture(false), createColors(false));
    reporter.onSpecStart?.({ id: "json > parse", index: 0, total: 1 });
    expect(progress.text()).toBe("\r\u001b[2K[1/1] json > parse measuring base and head in turn...");
    reporter.onSpecEnd?.(specs[4]!, 0, 1);
    expect(progress.text()).toEndWith("\r\u001b[2K[1/1] error throws\\x1b[2J on base: boom\n");
  });
});

describe("abProgressLine()", () => {
  test("says the change and how long it took (the progress line puts the verdict before it)", () => {
    expect(abProgressLine(specs[0]!)).toBe("+5.0% (+4.1% to +6.3%), 6 pairs in 3.2 s");
    expect(abProgressLine(specs[4]!)).toBe("on base: boom");
  });
});

describe("renderAbJunit()", () => {
  const xml = renderAbJunit(result);
  const testcases = xml.split("<testcase ").slice(1);
  test("one testcase per spec, with totals that count regressed as failures and errors as errors", () => {
    expect(testcases).toHaveLength(specs.length);
    expect(xml).toContain(
      `<testsuites name="fxperf ab" tests="${specs.length}" failures="1" errors="1" time="20.000">`,
    );
    expect(xml).toContain('skipped="2"');
    expect(xml).toContain("base origin/main (1234567890) vs head fedcba0987 + uncommitted changes");
  });
  test("a regression is a failure with its change and interval; an error names its side; added and removed are skipped", () => {
    expect(testcases[0]).toContain(
      '<failure message="regressed +5.0% (+4.1% to +6.3%), allowed +2%" type="perf-regressed">',
    );
    expect(testcases[1]).not.toContain("<failure");
    expect(testcases[2]).toContain('<skipped message="added: only in head"/>');
    expect(testcases[3]).toContain('<skipped message="removed: only in base"/>');
    expect(testcases[4]).toContain('<error message="base: boom" type="spec">');
  });
  test("ids are escaped for XML, control characters dropped", () => {
    expect(xml).not.toContain("\u001b");
    expect(renderAbJunit({ ...result, specs: [abSpec({ id: 'a <b> & "c"' })] })).toContain(
      'name="a &lt;b&gt; &amp; &quot;c&quot;"',
    );
  });
  test("undecided passes, unless --strict makes it a failure as in run", () => {
    const undecided = abSpec({ id: "maybe", status: "undecided", change: separate(1.02, 0.99, 1.05) });
    const one = { ...result, specs: [undecided], counts: countAbStatuses([undecided]) };
    expect(renderAbJunit(one)).not.toContain("<failure");
    const strict = renderAbJunit({ ...one, strict: true });
    expect(strict).toContain('type="perf-undecided"');
    expect(strict).toContain('failures="1"');
  });
});

describe("renderAbHtml()", () => {
  const html = renderAbHtml(result);
  test("one table row per spec, with its verdict, figures and change", () => {
    expect(html.match(/<tr><td class="status /g)).toHaveLength(specs.length);
    expect(html).toContain('<td class="status regressed">regressed</td><td>json &gt; parse</td>');
    expect(html).toContain("+5.0% (+4.1% to +6.3%)");
    expect(html).toContain("load specs: wrk on CPU 0, servers on CPU 1-3");
  });
  test("is one page with nothing fetched, and escapes what the specs say", () => {
    expect(html).toStartWith("<!doctype html>");
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/);
    const tricky = renderAbHtml({ ...result, specs: [abSpec({ id: "<script>alert(1)</script>", warnings: ["<b>"] })] });
    expect(tricky).not.toContain("<script>alert");
    expect(tricky).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(tricky).toContain("<li>&lt;b&gt;</li>");
  });
});

describe("renderAbJson()", () => {
  const json = renderAbJson(result);
  test("is valid against docs/ab-report.schema.json", () => {
    expect(abReportSchemaErrors(json)).toEqual([]);
    expect(abReportSchemaErrors(JSON.parse(JSON.stringify(json)))).toEqual([]);
  });
  test("records where wrk and the servers ran, and a schema that rejects a malformed placement", () => {
    expect(json.loadCpus).toEqual({ wrk: "0", servers: "1-3" });
    expect(abReportSchemaErrors({ ...json, loadCpus: { wrk: 0 } }).length).toBeGreaterThan(0);
    expect(abReportSchemaErrors({ ...json, loadCpus: null })).toEqual([]);
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

describe("the figures shown are the figures judged", () => {
  const paired = (ratio: number, low: number, high: number, pairRatios: number[]) => ({
    ratio,
    low,
    high,
    level: 0.95,
    tolerance: 0.02,
    method: "paired" as const,
    pairRatios,
    resolvable: (high - low) / 2,
  });
  const bimodal = {
    centreNs: 350,
    valuesNs: [340, 350, 360, 690, 700, 710, 720, 705, 695, 700],
    cpuShares: [],
    rps: [],
    modes: [
      { centre: 350, share: 0.4, count: 4 },
      { centre: 700, share: 0.6, count: 6 },
    ],
  };
  const undecided = abSpec({
    id: "router > match",
    status: "undecided",
    base: bimodal,
    head: side(360),
    change: paired(1.02, 0.96, 1.08, [1.01, 0.97, 1.06, 1.04]),
    pairs: 4,
    stop: "time budget",
  });
  const regressed = abSpec({
    id: "router > build",
    status: "regressed",
    change: paired(1.05, 1.04, 1.06, [1.05, 1.04, 1.06, 1.05, 1.05, 1.06]),
  });
  // The case the issue reported: wrk runs whose median rps moved one way while the fastest third of
  // their time per request, the figure judged, moved the other.
  const load = abSpec({
    id: "api > GET /",
    kind: "load",
    status: "unchanged",
    base: { ...side(30_000), rps: [24_898, 33_000, 20_000], modes: [] },
    head: { ...side(32_670), rps: [35_986, 30_600, 36_100], modes: [] },
    change: separate(1.089, 0.95, 1.2),
    pairs: 3,
  });
  const specs = [undecided, regressed, load];
  const judged: AbRunResult = { ...result, specs, planned: specs.length, counts: countAbStatuses(specs) };
  const text = renderAbSummary(judged, createColors(false));

  test("a load row shows each side's time per request, the figure its change is of, not the median rps", () => {
    expect(text).toMatch(/unchanged\s+api > GET \/\s+30\.0 µs\/req\s+32\.7 µs\/req\s+\+8\.9%/);
    expect(text).not.toMatch(/api > GET \/.*req\/s.*\+8\.9%/);
    expect(text).toContain(
      "api > GET /: plain median of the wrk runs: base 24,898 req/s, head 35,986 req/s (the verdict compares time per request)",
    );
  });
  test("a paired row says so in PAIRS, and the legend says its change is not HEAD / BASE", () => {
    expect(text).toMatch(
      /regressed\s+router > build\s+1\.00 µs\s+1\.00 µs\s+\+5\.0% \(\+4\.0% to \+6\.0%\)\s+6 paired/,
    );
    expect(text).toContain("BASE, HEAD: the mean of the fastest third of each side's process medians");
    expect(text).toContain(
      `CHANGE of a "paired" spec (base and head measured in the same processes, in alternating rounds): the geometric mean of each process's own head/base ratio, with its 95% interval; not HEAD / BASE.`,
    );
    expect(text).toContain("CHANGE: HEAD / BASE, with its 95% interval.");
  });
  test("a paired spec that did not come out unchanged lists each process's own ratio", () => {
    expect(text).toContain(
      "router > build: each process's head/base: +5.0%, +4.0%, +6.0%, +5.0%, +5.0%, +6.0% (geometric mean +5.0%)",
    );
  });
  test("an undecided row notes what it resolves; under the table, the tolerance it could gate at", () => {
    expect(text).toMatch(/undecided\s+router > match\s.*4 paired\s+resolves ±6%/);
    expect(text).toContain(
      "router > match: undecided: this spec resolves ±6% with 4 processes (tolerance 2%): it can gate at 7%, not at 2%",
    );
    expect(abProgressLine(undecided)).toBe(
      "+2.0% (-4.0% to +8.0%), resolves ±6%, 4 pairs in 3.2 s (time budget reached)",
    );
  });
  test("a side whose processes fell into several modes says so under the table", () => {
    expect(text).toContain("router > match: base: 2 modes: 350 ns in 40% of processes, 700 ns in 60%");
    expect(text).not.toContain("router > match: head: ");
  });
  test("Markdown: the legend under the table, and every spec's lines in collapsed details", () => {
    const markdown = renderAbMarkdown(judged);
    expect(markdown).toContain(
      "| api &gt; GET / | 30.0 µs/req | 32.7 µs/req | +8.9% (-5.0% to +20.0%) | ✅ unchanged |",
    );
    expect(markdown).toContain("Base, Head: the mean of the fastest third");
    expect(markdown).toContain("<details><summary>Resolution, per-process ratios and modes</summary>");
    expect(markdown).toContain("- router &gt; build\n  - this spec resolves ±1% with 6 processes (tolerance 2%)\n");
    expect(markdown).toContain("  - base: 2 modes: 350 ns in 40% of processes, 700 ns in 60%");
  });
  test("JSON: each side's modes, the method, the pair ratios and the resolvable change, valid", () => {
    const nan = abSpec({ id: "x", change: paired(1, 0.99, 1.01, [1, Number.NaN]) });
    const json = renderAbJson({ ...judged, specs: [...specs, nan] });
    expect(abReportSchemaErrors(JSON.parse(JSON.stringify(json)))).toEqual([]);
    expect(json.specs[0]!.base!.modes).toEqual([
      { centreNs: 350, share: 0.4, count: 4 },
      { centreNs: 700, share: 0.6, count: 6 },
    ]);
    expect(json.specs[0]!.change).toMatchObject({ method: "paired", pairRatios: [1.01, 0.97, 1.06, 1.04] });
    expect(json.specs[0]!.change!.resolvable).toBeCloseTo(0.06, 10);
    expect(json.specs[2]!.change).toMatchObject({ method: "separate", pairRatios: [] });
    expect(json.specs[3]!.change!.pairRatios).toEqual([1, null]);
  });
});
