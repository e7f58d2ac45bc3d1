import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { renderReportJsonSchema } from "../../../scripts/report-json-schema.ts";
import { FxperfError } from "../../../src/errors.ts";
import { settleInTime } from "../../../src/cli/output-reporters.ts";
import { renderJsonReport } from "../../../src/report/json-report.ts";
import { escapeCell, escapeXml, escapeXmlAttribute } from "../../../src/format/escape.ts";
import { renderJunitReport } from "../../../src/report/junit-report.ts";
import { renderHtmlReport } from "../../../src/report/html-report.ts";
import { renderMarkdownReport } from "../../../src/report/markdown-report.ts";
import { outlierLine } from "../../../src/report/outlier-line.ts";
import { parseReporterChoices } from "../../../src/report/select-reporters.ts";
import type { MicroSpecResult, SpecResult } from "../../../src/result/spec-result.ts";
import { reportSchemaErrors } from "../../report-schema.ts";
import { limit, measurement, runResult, specResult } from "../helpers.ts";

const result = (overrides: Partial<MicroSpecResult>) => specResult({ tags: ["t"], ...overrides });

const specs: SpecResult[] = [
  result({ id: "ok", checks: [{ metric: "p50", measured: 100, limit: limit("p50", 500), passed: true }] }),
  result({
    id: 'json > "parse" <&>',
    status: "FAIL",
    checks: [{ metric: "p99", measured: 1500, limit: limit("p99", 1000), passed: false }],
  }),
  result({
    id: "boom",
    status: "ERROR",
    measurement: undefined,
    error: { phase: "spec", message: "kaput <here>", stack: "Error: kaput\n    at x (a.ts:1:1)" },
  }),
  result({ id: "later", status: "SKIP", measurement: undefined, skipReason: "marked .skip()" }),
  result({ id: "nan", status: "NO BASELINE", measurement: measurement({ heapBytes: Number.NaN }) }),
];
const run = runResult(specs, {
  fxperfVersion: "0.1.0",
  runtime: { name: "bun", version: "1.4.5" },
  startedAt: "2026-11-26T15:00:00.000Z",
  endedAt: "2026-11-26T15:00:03.000Z",
  profiles: { slug: "linux-x64-test-2c-24g-bun1", notices: ["No profile for this machine"] },
  git: { commit: "0123456789abcdef", branch: "main" },
});

describe("renderJsonReport()", () => {
  const report = renderJsonReport(run);
  test("is valid against docs/report.schema.json", () => {
    expect(reportSchemaErrors(JSON.parse(JSON.stringify(report)))).toEqual([]);
  });
  test("carries run metadata, verdicts and limits with provenance", () => {
    expect(report).toMatchObject({
      schemaVersion: 1,
      fxperfVersion: "0.1.0",
      git: { commit: "0123456789abcdef", branch: "main" },
      machine: { slug: "linux-x64-test-2c-24g-bun1" },
    });
    expect(report.specs[1]).toMatchObject({
      status: "FAIL",
      limits: [
        {
          metric: "p99",
          direction: "max",
          unit: "ns",
          bound: 1000,
          measured: 1500,
          passed: false,
          source: { kind: "spec", file: "/p/spec/a.perf.ts", line: 3 },
        },
      ],
    });
    expect(report.specs[2]!.error).toMatchObject({ phase: "spec", message: "kaput <here>" });
  });
  test("a figure that could not be measured is null, never NaN", () => {
    expect(report.specs[4]!.micro!.heapBytes).toBeNull();
    expect(JSON.stringify(report)).not.toContain("NaN");
  });
  test("a report that breaks the schema is caught by the validator", () => {
    expect(reportSchemaErrors({ ...report, schemaVersion: "1" }).length).toBeGreaterThan(0);
  });
  test("docs/report.schema.json is what the valibot schema generates", () => {
    expect(readFileSync(join(import.meta.dirname, "..", "..", "..", "docs", "report.schema.json"), "utf8")).toBe(
      renderReportJsonSchema(),
    );
  });
});

describe("renderJunitReport()", () => {
  const xml = renderJunitReport(run, "/p");
  test("one testcase per spec with counts on the suite", () => {
    expect(xml.match(/<testcase /g)).toHaveLength(5);
    expect(xml).toContain('<testsuites name="fxperf" tests="5" failures="1" errors="1" time="3.000">');
    expect(xml).toContain('tests="5" failures="1" errors="1" time="3.000" skipped="1"');
  });
  test("a FAIL carries measured against limit; an ERROR its message; a SKIP its reason", () => {
    expect(xml).toContain('<failure message="p99 1.50 µs &gt; limit 1.00 µs" type="perf-budget">');
    expect(xml).toContain('<error message="kaput &lt;here&gt;" type="spec">');
    expect(xml).toContain('<skipped message="marked .skip()"/>');
  });
  test("an undecided spec passes the test tab, except under --strict, where it is a perf-undecided failure", () => {
    const undecided = [result({ id: "maybe", status: "WARN", warnings: ["undecided against baseline: p50 +3.0%"] })];
    expect(renderJunitReport(runResult(undecided), "/p")).not.toContain("<failure");
    const strict = renderJunitReport(runResult(undecided, { strict: true }), "/p");
    expect(strict).toContain('<failure message="undecided against baseline: p50 +3.0%" type="perf-undecided">');
    expect(strict).toContain('failures="1"');
  });
  test("names are escaped; attributes keep line breaks", () => {
    expect(xml).toContain('name="json &gt; &quot;parse&quot; &lt;&amp;&gt;"');
    expect(escapeXml("a\u0000b")).toBe("ab");
    expect(escapeXmlAttribute("a\nb")).toBe("a&#10;b");
  });
});

describe("renderMarkdownReport()", () => {
  const md = renderMarkdownReport(run);
  test("a heading with the outcome, counts and a row per spec", () => {
    expect(md).toStartWith("## ❌ Performance Summary");
    expect(md).toContain("**1 passed**, **1 failed**, 1 errors");
    expect(md).toContain("commit `0123456789ab` on `main`");
    expect(md).toMatch(/\| ❌ FAIL \| json &gt; "parse" &lt;&amp;&gt; \| .* \| p99 1.50 µs &gt; limit 1.00 µs \|/);
  });
  test("cells are escaped: no HTML, formatting, links or line breaks", () => {
    expect(escapeCell("a|b\nc")).toBe("a\\|b c");
    expect(escapeCell("parse <T> *fast* _x_ [a](b) `c`\rd")).toBe(
      "parse &lt;T&gt; \\*fast\\* \\_x\\_ \\[a\\](b) \\`c\\` d",
    );
  });
});

describe("renderMarkdownReport() with untrusted text", () => {
  test("@mentions, issue references and bare URLs do not ping or link", () => {
    const cell = escapeCell("@octocat fixes #123 and GH-7, see https://evil.example and www.evil.example, mail a@b.co");
    // What GitHub scans: the rendered text, with entities decoded.
    const rendered = cell.replaceAll("&#8203;", "\u200b");
    expect(rendered).not.toMatch(/@\w/);
    expect(rendered).not.toMatch(/#\d/);
    expect(rendered).not.toMatch(/GH-\d/i);
    expect(rendered).not.toContain("://");
    expect(rendered).not.toMatch(/www\./);
    // A zero-width space (as an entity) keeps the text readable and breaks GitHub's patterns.
    expect(cell).toBe(
      "@&#8203;octocat fixes #&#8203;123 and GH-&#8203;7, see https:&#8203;//evil.example and www&#8203;.evil.example, mail a@&#8203;b.co",
    );
  });

  test("a # not before a digit is left alone; an entity in the input stays literal text", () => {
    expect(escapeCell("C# &#64;x")).toBe("C# &amp;#&#8203;64;x");
  });

  test("spec ids in the summary are neutralised too, one row each", () => {
    const md = renderMarkdownReport(
      runResult([result({ id: "@team #1 https://x.example\n::error::boom" })], {
        git: { commit: null, branch: null },
      }),
    );
    expect(md).toContain("| @&#8203;team #&#8203;1 https:&#8203;//x.example ::error::boom |");
    expect(md.split("\n").filter((line) => line.startsWith("::"))).toEqual([]);
  });

  test("the branch stays inside its code span even when it holds backticks", () => {
    const md = renderMarkdownReport(runResult([], { git: { commit: null, branch: "x`<b>@y</b>`" } }));
    expect(md).toContain("on `` x`<b>@y</b>` ``.");
  });
});

describe("outlier counts in every report", () => {
  const counted = { lowSevere: 0, lowMild: 2, highMild: 5, highSevere: 1 };
  const none = { lowSevere: 0, lowMild: 0, highMild: 0, highSevere: 0 };
  const outlierRun = runResult([
    result({ id: "spiky", measurement: measurement({ samples: 1200, outliers: counted }) }),
    result({ id: "clean", measurement: measurement({ samples: 300, outliers: none }) }),
    result({ id: "uncounted", measurement: measurement({ outliers: undefined }) }),
    result({
      id: "broken",
      status: "ERROR",
      measurement: undefined,
      error: { phase: "spec", message: "x", stack: undefined },
    }),
  ]);
  const spikyLine = "outliers: 2 low mild, 5 high mild, 1 high severe of 1,200 samples";

  test("outlierLine() names each non-empty class in Criterion's order, or none", () => {
    expect(outlierLine({ samples: 1200, outliers: counted })).toBe(spikyLine);
    expect(outlierLine({ samples: 12, outliers: { ...none, lowSevere: 1, highSevere: 2 } })).toBe(
      "outliers: 1 low severe, 2 high severe of 12 samples",
    );
    expect(outlierLine({ samples: 300, outliers: none })).toBe("outliers: none of 300 samples");
    expect(outlierLine({ samples: 300, outliers: undefined })).toBeUndefined();
  });
  test("JSON: an outliers object per measured micro spec, null when not counted, valid against the schema", () => {
    const report = renderJsonReport(outlierRun);
    expect(reportSchemaErrors(JSON.parse(JSON.stringify(report)))).toEqual([]);
    expect(report.specs.map((s) => s.micro?.outliers)).toEqual([counted, none, null, undefined]);
    expect(report.specs[3]!.micro).toBeNull();
  });
  test("JSON: the schema refuses an outliers object with a class missing", () => {
    const report = JSON.parse(JSON.stringify(renderJsonReport(outlierRun)));
    delete report.specs[0].micro.outliers.highSevere;
    expect(reportSchemaErrors(report).join("\n")).toContain("/specs/0/micro/outliers");
  });
  test("HTML: one line in the spec's notes", () => {
    const html = renderHtmlReport(outlierRun);
    expect(html).toContain(`<li>${spikyLine}</li>`);
    expect(html).toContain("<li>outliers: none of 300 samples</li>");
    expect(html.match(/outliers: /g)).toHaveLength(2);
  });
  test("Markdown: a line in the details of each spec with outliers", () => {
    const md = renderMarkdownReport(outlierRun);
    expect(md).toContain("<details><summary>Baselines, modes, outliers and warnings</summary>");
    expect(md).toContain(`- spiky\n  - ${spikyLine}\n`);
    expect(md).not.toContain("of 300 samples");
    // A run whose specs have no outliers and no warnings has no details at all.
    const quiet = renderMarkdownReport(
      runResult([result({ id: "clean", measurement: measurement({ outliers: none }) })]),
    );
    expect(quiet).not.toContain("<details>");
  });
  test("JUnit: the line in the testcase's system-out, before its warnings", () => {
    const xml = renderJunitReport(outlierRun, "/p");
    expect(xml).toContain(`name="spiky" time="0.700">\n      <system-out>${spikyLine}</system-out>`);
    expect(xml).toContain("<system-out>outliers: none of 300 samples</system-out>");
    expect(xml).toContain('name="uncounted" time="0.700"/>');
    const warned = renderJunitReport(
      runResult([
        result({ id: "w", measurement: measurement({ samples: 1200, outliers: counted }), warnings: ["slow <host>"] }),
      ]),
      "/p",
    );
    expect(warned).toContain(`<system-out>${spikyLine}\nslow &lt;host&gt;</system-out>`);
    const strict = renderJunitReport(
      runResult(
        [
          result({
            id: "u",
            status: "WARN",
            measurement: measurement({ samples: 1200, outliers: counted }),
            warnings: ["undecided"],
          }),
        ],
        { strict: true },
      ),
      "/p",
    );
    expect(strict).toContain(`type="perf-undecided">undecided</failure>\n      <system-out>${spikyLine}</system-out>`);
  });
});

describe("parseReporterChoices()", () => {
  test("names, paths, stdout and modules", () => {
    expect(parseReporterChoices(["json", "junit=out/j.xml", "markdown=-", "./mine.ts", "./mine.ts=out.txt"])).toEqual([
      { kind: "built-in", name: "json", target: "fxperf-report.json" },
      { kind: "built-in", name: "junit", target: "out/j.xml" },
      { kind: "built-in", name: "markdown", target: "-" },
      { kind: "module", module: "./mine.ts", target: undefined },
      { kind: "module", module: "./mine.ts", target: "out.txt" },
    ]);
  });
  test("an unknown name or an empty path is a usage error naming it", () => {
    expect(() => parseReporterChoices(["xml"])).toThrow(FxperfError);
    expect(() => parseReporterChoices(["xml"])).toThrow('Unknown reporter "xml"');
    expect(() => parseReporterChoices(["json="])).toThrow("the path after");
  });
});

describe("settleInTime() (issue 23)", () => {
  test("a custom reporter's hook that never settles is given up on, naming the hook", async () => {
    const never = new Promise<void>(() => {});
    const error = await settleInTime(never, "onRunEnd", 20).catch((e: Error) => e);
    expect(String(error)).toContain("onRunEnd did not settle within 0.02 s: fxperf stopped waiting");
    expect(await settleInTime(Promise.resolve(7), "onRunEnd", 20)).toBe(7);
  });
});

describe("an interrupted run's reports (issue 23)", () => {
  const passing = [result({ id: "a", status: "PASS" })];
  test("JUnit carries an interrupted error, counted, so the test tab is not green", () => {
    const xml = renderJunitReport(runResult(passing, { interrupted: true }), "/p");
    expect(xml).toContain(
      '<error message="fxperf run was interrupted after 1 spec: the specs after them did not run" type="interrupted"/>',
    );
    expect(xml).toContain('tests="2" failures="0" errors="1"');
    expect(renderJunitReport(runResult(passing), "/p")).not.toContain("interrupted");
  });
  test("Markdown's heading shows the stop mark, never the pass mark", () => {
    const markdown = renderMarkdownReport(runResult(passing, { interrupted: true }));
    expect(markdown).toStartWith("## ⏹️ Performance Summary (interrupted)");
    expect(renderMarkdownReport(runResult(passing))).toStartWith("## ✅ Performance Summary\n");
  });
});
