import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  parseWrkBytes,
  parseWrkMetric,
  parseWrkOutput,
  parseWrkTime,
  type WrkReport,
} from "../../../src/load/parse-wrk-output.ts";

/** A fixture captured from real wrk by scripts/capture-wrk-fixtures.ts: exit code, stderr, stdout. */
function fixture(name: string): { exit: number; stderr: string; stdout: string } {
  const text = readFileSync(join(import.meta.dirname, "..", "..", "fixtures", "wrk", `${name}.txt`), "utf8");
  const [, exit, stderr, stdout] = /^### exit (\d+)\n### stderr\n([\s\S]*?)### stdout\n([\s\S]*)$/.exec(text)!;
  return { exit: Number(exit), stderr: stderr!, stdout: stdout! };
}

function report(name: string): WrkReport {
  const parsed = parseWrkOutput(fixture(name).stdout);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.report;
}

describe("wrk unit forms (src/units.c)", () => {
  test.each([
    ["635.91us", 635.91],
    ["1.00ms", 1000],
    ["1.20s", 1_200_000],
    ["2.00m", 120_000_000],
    ["1.00h", 3_600_000_000],
    ["0.00us", 0],
  ])("time %p = %p µs", (text, us) => expect(parseWrkTime(text)).toBeCloseTo(us, 6));
  test("-nan time is NaN, not zero", () => expect(parseWrkTime("-nanus")).toBeNaN());
  test.each([
    ["56.20k", 56_200],
    ["1.00M", 1_000_000],
    ["2.50G", 2_500_000_000],
    ["12", 12],
  ])("metric %p = %p", (text, n) => expect(parseWrkMetric(text)).toBeCloseTo(n, 6));
  test.each([
    ["476.00B", 476],
    ["1.00KB", 1024],
    ["163.17MB", 163.17 * 1024 ** 2],
    ["3.97GB", 3.97 * 1024 ** 3],
  ])("bytes %p = %p (1024 steps)", (text, n) => expect(parseWrkBytes(text)).toBeCloseTo(n, 3));
  test("garbage is undefined", () => {
    expect(parseWrkTime("12 parsecs")).toBeUndefined();
    expect(parseWrkBytes("12XB")).toBeUndefined();
  });
});

describe("parseWrkOutput() on real captured runs", () => {
  test("plain run (no --latency): totals, Thread Stats, no distribution", () => {
    const r = report("plain");
    expect(r.threads).toBe(1);
    expect(r.connections).toBe(4);
    expect(r.requests).toBeGreaterThan(1000);
    expect(r.rps).toBeGreaterThan(1000);
    expect(r.latency!.avgUs).toBeGreaterThan(0);
    expect(r.percentilesUs).toBeUndefined();
    expect(r.socketErrors).toEqual({ connect: 0, read: 0, write: 0, timeout: 0 });
    expect(r.non2xx3xx).toBe(0);
  });

  test("--latency: the distribution in µs, ordered", () => {
    const r = report("latency");
    const p = r.percentilesUs!;
    expect(p["50"]).toBeGreaterThan(0);
    expect(p["50"]).toBeLessThanOrEqual(p["75"]);
    expect(p["75"]).toBeLessThanOrEqual(p["90"]);
    expect(p["90"]).toBeLessThanOrEqual(p["99"]);
    // Requests/sec agrees with requests / runtime, as wrk computes it.
    expect(r.rps).toBeCloseTo(r.requests / (r.runtimeUs / 1e6), -2);
  });

  test("all 404: every response counted as Non-2xx or 3xx", () => {
    const r = report("all-404");
    expect(r.non2xx3xx).toBe(r.requests);
  });

  test("mixed 5xx: about a third of the responses", () => {
    const r = report("mixed-5xx");
    expect(r.non2xx3xx / r.requests).toBeGreaterThan(0.3);
    expect(r.non2xx3xx / r.requests).toBeLessThan(0.36);
  });

  test("socket read errors and no completed request", () => {
    const r = report("read-errors");
    expect(r.requests).toBe(0);
    expect(r.socketErrors.read).toBeGreaterThan(0);
  });

  test("timeouts: slow responses counted in Socket errors, left out of the latency histogram", () => {
    const r = report("timeouts");
    expect(r.socketErrors.timeout).toBe(r.requests);
    expect(r.latency!.maxUs).toBe(0);
  });

  test("latencies in seconds", () => {
    const r = report("latency-seconds");
    expect(r.latency!.avgUs).toBeCloseTo(1_200_000, -4);
    expect(r.percentilesUs!["99"]).toBeCloseTo(1_200_000, -4);
  });

  test("a server that dies mid-run: write and read errors after some requests", () => {
    const r = report("server-dies");
    expect(r.requests).toBeGreaterThan(0);
    expect(r.socketErrors.write + r.socketErrors.read).toBeGreaterThan(0);
  });

  test("large transfers in GB", () => {
    const r = report("large-transfer");
    expect(r.bytesRead).toBeGreaterThan(1024 ** 3);
    expect(r.transferBytesPerSec).toBeGreaterThan(100 * 1024 ** 2);
  });

  test("no responses at all: zeros and -nan, parsed as such", () => {
    const r = report("no-responses");
    expect(r.requests).toBe(0);
    expect(r.rps).toBe(0);
  });

  test("connect errors: wrk prints nothing on stdout and exits 1", () => {
    const f = fixture("connect-errors");
    expect(f.exit).toBe(1);
    expect(f.stderr).toContain("unable to connect");
    expect(parseWrkOutput(f.stdout)).toEqual({ ok: false, problem: expect.stringContaining("Requests/sec") });
  });

  test("usage errors (a fractional duration, more threads than connections): usage text, no report", () => {
    for (const name of ["usage-error", "threads-over-connections"]) {
      const f = fixture(name);
      expect(f.exit).toBe(1);
      expect(f.stdout).toContain("Usage: wrk");
      expect(parseWrkOutput(f.stdout).ok).toBe(false);
    }
  });

  test("trailing spaces and carriage returns are tolerated", () => {
    const text = fixture("latency")
      .stdout.split("\n")
      .map((l) => `${l}   \r`)
      .join("\n");
    expect(parseWrkOutput(text).ok).toBe(true);
  });
});
