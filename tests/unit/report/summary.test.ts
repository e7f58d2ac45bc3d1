import { describe, expect, test } from "bun:test";
import { createColors, resolveColorEnabled } from "../../../src/report/colors.ts";
import { renderSummary } from "../../../src/report/summary.ts";
import { renderTable, visibleWidth } from "../../../src/report/table.ts";
import { limit, measurement, runResult, specResult } from "../helpers.ts";

const result = specResult;
const run = runResult;

const plain = createColors(false);

describe("renderSummary()", () => {
  const failing = result({
    id: "json > parse",
    status: "FAIL",
    measurement: measurement({ p50: 1_500 }),
    checks: [{ metric: "p50", measured: 1_500, limit: limit("p50", 1_000), passed: false }],
  });
  const erroring = result({
    id: "json > boom",
    status: "ERROR",
    measurement: undefined,
    error: { phase: "spec", message: "kaput", stack: "Error: kaput\n    at x (/p/spec/a.perf.ts:9:3)" },
  });
  const text = renderSummary(
    run([
      result({ id: "ok", checks: [{ metric: "p99", measured: 150, limit: limit("p99", 500), passed: true }] }),
      failing,
      erroring,
    ]),
    plain,
    "/p",
  );

  test("has the heading, a row per spec and the counts", () => {
    expect(text).toContain("Performance Summary");
    expect(text).toMatch(/PASS\s+ok\s+100 ns\s+150 ns/);
    expect(text).toMatch(/FAIL\s+json > parse\s+1.50 µs/);
    expect(text).toContain("3 specs: 1 passed, 1 failed, 1 error, 0 skipped");
    expect(text).toContain("(2.5 s)");
  });

  test("explains a failure: measured, limit, overshoot and where the limit was set", () => {
    expect(text).toContain("p50 was 1.50 µs, limit 1.00 µs (+50.0%), set in spec/a.perf.ts:3");
  });

  test("shows an error's message and its stack frame", () => {
    expect(text).toContain("kaput");
    expect(text).toContain("at x (/p/spec/a.perf.ts:9:3)");
  });

  test("renderTable() aligns columns, ignoring colour codes", () => {
    const table = renderTable(
      [
        ["A", "BB", "C"],
        [createColors(true).red("xyz"), "1", "last"],
      ],
      ["left", "right", "left"],
      "",
    );
    expect(table.replace(/\u001b\[[0-9;]*m/g, "")).toBe("A    BB  C\nxyz   1  last");
  });

  test("says when a run was unguarded or interrupted", () => {
    const unguarded = renderSummary(
      run([], { guard: { guarded: false, refusals: ['NODE_ENV is "development"'], warnings: [] }, interrupted: true }),
      plain,
      "/p",
    );
    expect(unguarded).toContain("Unguarded run");
    expect(unguarded).toContain("Interrupted");
  });

  test("shows a HEAP column only when a spec measured heap", () => {
    expect(text).not.toContain("HEAP");
    const withHeap = renderSummary(run([result({ measurement: measurement({ heapBytes: 2048 }) })]), plain, "/p");
    expect(withHeap).toMatch(/HEAP[\s\S]*2.00 KiB/);
  });

  test("says when .only() or filters narrowed the run", () => {
    const narrowed = renderSummary(
      run([result({})], { selection: { loaded: 5, selected: 1, onlyUsed: true } }),
      plain,
      "/p",
    );
    expect(narrowed).toContain("1 of 5 specs selected: .only() is in use");
    expect(narrowed).toContain("1 spec: 1 passed");
  });

  test("lists warnings", () => {
    const warned = renderSummary(
      run([result({ warnings: ["likely optimised away"] })], {
        guard: { guarded: true, refusals: [], warnings: ["busy"] },
      }),
      plain,
      "/p",
    );
    expect(warned).toContain("! busy");
    expect(warned).toContain("! s: likely optimised away");
  });

  test("colour appears only when enabled", () => {
    expect(text).not.toContain("\u001b[");
    const coloured = renderSummary(run([failing]), createColors(true), "/p");
    expect(coloured).toContain("\u001b[");
    expect(visibleWidth(createColors(true).red("abc"))).toBe(3);
    // East Asian wide characters and emoji take two columns each.
    expect(visibleWidth("解析")).toBe(4);
    expect(visibleWidth("🚀 go")).toBe(5);
  });
  test("a table lines up CJK and emoji cells with plain ones", () => {
    const lines = renderTable(
      [
        ["SPEC", "P50"],
        ["json > 解析", "1 µs"],
        ["🚀 launch", "2 µs"],
        ["plain", "3 µs"],
      ],
      ["left", "right"],
    ).split("\n");
    const columnOf = (line: string, text: string) => visibleWidth(line.slice(0, line.indexOf(text)));
    const ends = lines.slice(1).map((line) => columnOf(line, "µs"));
    expect(new Set(ends).size).toBe(1);
  });
});

describe("renderSummary() counts", () => {
  test("counts specs as 'Running N specs' did; a complexity fit is a check of its own (issue 23)", () => {
    const complexity = {
      kind: "complexity" as const,
      id: "algo > sum (complexity)",
      file: "/p/spec/a.perf.ts",
      line: 3,
      tags: [],
      status: "PASS" as const,
      warnings: [],
      error: undefined,
      skipReason: undefined,
      group: "algo > sum",
      param: "n",
      points: [],
      outcome: undefined,
    };
    const run = runResult([specResult({ id: "a" }), specResult({ id: "b" }), complexity]);
    const text = renderSummary(run, createColors(false), "/p");
    expect(text).toContain("  2 specs and 1 check (complexity fits, hooks): 3 passed");
    expect(renderSummary(runResult([specResult({ id: "a" })]), createColors(false), "/p")).toContain(
      "  1 spec: 1 passed",
    );
  });
});

describe("renderSummary() with hostile or long spec ids", () => {
  const hostile = "x\u001b[2J\r\u0000\n::error::fake";
  const long = `suite > ${"very long name ".repeat(10)}end`;
  const failing = result({
    id: hostile,
    status: "FAIL",
    measurement: measurement({ p50: 1_500 }),
    checks: [{ metric: "p50", measured: 1_500, limit: limit("p50", 1_000), passed: false }],
    warnings: ["noisy"],
  });
  const text = renderSummary(run([failing, result({ id: long })]), plain, "/p");

  test("control characters in an id are shown escaped in the table, details and warnings", () => {
    expect(text).not.toMatch(/[\u0000\u001b\r]/);
    expect(text).toMatch(/FAIL\s+x\\x1b\[2J\\r\\x00\\n::error::fake\s+1.50 µs/);
    expect(text).toContain("FAIL x\\x1b[2J\\r\\x00\\n::error::fake  spec/a.perf.ts:3");
    expect(text).toContain("! x\\x1b[2J\\r\\x00\\n::error::fake: noisy");
  });

  test("no id can start a line with a GitHub Actions workflow command", () => {
    expect(text.split("\n").filter((line) => line.startsWith("::"))).toEqual([]);
  });

  test("a very long id is cut to 60 characters with an ellipsis in the table", () => {
    const row = text.split("\n").find((line) => line.includes("suite > very long"));
    expect(row).toContain(`${long.slice(0, 59)}…`);
    expect(row).not.toContain(long);
  });
});

describe("resolveColorEnabled()", () => {
  test.each([
    [{}, true, true],
    [{}, false, false],
    [{ NO_COLOR: "1" }, true, false],
    [{ NO_COLOR: "" }, true, true],
    [{ FORCE_COLOR: "1" }, false, true],
    [{ FORCE_COLOR: "" }, false, false],
    [{ FORCE_COLOR: "0" }, true, false],
    [{ NO_COLOR: "1", FORCE_COLOR: "1" }, true, false],
    [{ TERM: "dumb" }, true, false],
  ] as [Record<string, string>, boolean, boolean][])("env %p on a TTY=%p → %p", (env, tty, expected) => {
    expect(resolveColorEnabled(env, tty)).toBe(expected);
  });
});
