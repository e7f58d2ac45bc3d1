import { describe, expect, test } from "bun:test";
import { createColors } from "../../../src/report/colors.ts";
import { createConsoleReporter } from "../../../src/report/console-reporter.ts";
import type { OutputStream } from "../../../src/runtime/runtime.ts";
import { specResult } from "../helpers.ts";

/** A stream that keeps what is written to it. */
function captureStream(isTTY: boolean): OutputStream & { text: () => string } {
  const chunks: string[] = [];
  return { isTTY, columns: 80, write: (text) => void chunks.push(text), text: () => chunks.join("") };
}

const hostile = "x\u001b[2J\r\u0000\n::error::fake";

describe("createConsoleReporter()", () => {
  test("progress lines show control characters in a spec id as visible escapes", () => {
    const progress = captureStream(false);
    const reporter = createConsoleReporter(progress, captureStream(false), createColors(false), "/p");
    reporter.onSpecEnd?.(specResult({ id: hostile }), 0, 1);
    const text = progress.text();
    expect(text).toContain("x\\x1b[2J\\r\\x00\\n::error::fake");
    expect(text).not.toMatch(/[\u0000\u001b\r]/);
    expect(text.split("\n").filter((line) => line.startsWith("::"))).toEqual([]);
  });

  test("the live line on a terminal escapes the id and cuts a very long one", () => {
    const progress = captureStream(true);
    const reporter = createConsoleReporter(progress, captureStream(false), createColors(false), "/p");
    reporter.onSpecStart?.({ id: `${hostile}${"y".repeat(200)}`, index: 0, total: 1 });
    // The reporter's own line clearing ("\r\u001b[2K") is the only control sequence left.
    const line = progress.text().replaceAll("\r\u001b[2K", "");
    expect(line).toContain("x\\x1b[2J\\r");
    expect(line).not.toMatch(/[\u0000\u001b\r\n]/);
    expect(line).toContain("…");
    expect(line).not.toContain("y".repeat(100));
  });
});

describe("the live progress line on a terminal (issue 23)", () => {
  test("says which fork the spec in progress is on, not only 'measuring...'", () => {
    const progress = captureStream(true);
    const reporter = createConsoleReporter(progress, captureStream(false), createColors(false), "/p");
    reporter.onSpecStart?.({ id: "json > parse", index: 1, total: 4 });
    reporter.onSpecWork?.("measuring, fork 3...");
    expect(progress.text()).toEndWith("[2/4] json > parse measuring, fork 3...");
    // Off a terminal (CI logs) nothing live is written.
    const log = captureStream(false);
    const quiet = createConsoleReporter(log, captureStream(false), createColors(false), "/p");
    quiet.onSpecStart?.({ id: "a", index: 0, total: 1 });
    quiet.onSpecWork?.("measuring, fork 1...");
    expect(log.text()).toBe("");
  });
});
