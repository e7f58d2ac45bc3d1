import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { renderReportJsonSchema } from "../../../scripts/report-json-schema.ts";
import { FxperfError } from "../../../src/errors.ts";
import { renderJsonReport } from "../../../src/report/json-report.ts";
import { escapeXml, escapeXmlAttribute, renderJunitReport } from "../../../src/report/junit-report.ts";
import { escapeCell, renderMarkdownReport } from "../../../src/report/markdown-report.ts";
import { parseReporterChoices } from "../../../src/report/select-reporters.ts";
import type { MicroSpecResult, SpecResult } from "../../../src/result/spec-result.ts";
import { reportSchemaErrors } from "../../report-schema.ts";
import { limit, measurement, runResult, specResult } from "../helpers.ts";

const result = (overrides: Partial<MicroSpecResult>) => specResult({ tags: ["t"], ...overrides });

const specs: SpecResult[] = [
  result({ id: "ok", checks: [{ statistic: "p50", measured: 100, limit: limit("p50", 500), passed: true }] }),
  result({
    id: 'json > "parse" <&>',
    status: "FAIL",
    checks: [{ statistic: "p99", measured: 1500, limit: limit("p99", 1000), passed: false }],
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
