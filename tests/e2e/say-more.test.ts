/**
 * Specs that say more, through the compiled binary alone in an empty directory: parameters with a
 * complexity expectation (a linear function passes O(n), a quadratic one fails it), a Map lookup
 * faster than an array scan (and the reverse failing), and a per-call setup whose time is not
 * counted. Verdicts that rest on shapes and large ratios, so they hold on a busy machine.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildBinary, ROOT, runProcess, SPECS } from "../cli-harness.ts";
import { reportSchemaErrors } from "../report-schema.ts";

setDefaultTimeout(180_000);

let work: string;
let binary: string;
let run: Awaited<ReturnType<typeof runProcess>>;

interface JsonSpec {
  id: string;
  kind: string;
  status: string;
  micro: { p50Ns: number | null } | null;
  params?: { group: string; values: Record<string, number> } | null;
  complexity?: { expected: string; best: string; passed: boolean; fits: { complexity: string; rms: number }[] } | null;
  relative?: { fasterThan: string; speedup: number; low: number; decision: string } | null;
}
let specs: JsonSpec[];
const spec = (id: string) => specs.find((s) => s.id === id)!;

beforeAll(async () => {
  await buildBinary();
  work = mkdtempSync(join(tmpdir(), "fxperf-say-more-"));
  mkdirSync(join(work, "home"));
  binary = join(work, "fxperf");
  cpSync(join(ROOT, "dist", "fxperf"), binary);
  cpSync(join(SPECS, "say-more"), join(work, "spec"), { recursive: true });
  run = await runProcess([binary, "run", "spec", "--forks", "2", "--reporter", "json=report.json"], work, {
    PATH: "/usr/bin:/bin",
    HOME: join(work, "home"),
  });
  const report = JSON.parse(readFileSync(join(work, "report.json"), "utf8"));
  expect(reportSchemaErrors(report)).toEqual([]);
  specs = report.specs;
}, 180_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("specs that say more (compiled binary)", () => {
  test(".args() makes one spec per value, with the value in its id", () => {
    expect(specs.filter((s) => s.params?.group === "growth > linear").map((s) => s.id)).toEqual([
      "growth > linear [n=1024]",
      "growth > linear [n=4096]",
      "growth > linear [n=16384]",
      "growth > linear [n=65536]",
    ]);
    expect(spec("growth > linear [n=4096]").params!.values).toEqual({ n: 4096 });
    expect(run.stdout).toMatch(/growth > linear\n.*\[n=1024\]/);
  });

  test("a linear function passes an O(n) expectation; a quadratic one fails it, its best fit O(n^2)", () => {
    const linear = spec("growth > linear (complexity)");
    expect(linear).toMatchObject({
      kind: "complexity",
      status: "PASS",
      complexity: { expected: "O(n)", passed: true },
    });
    // O(n) on a quiet machine; under load the medians can tip the best fit to its neighbour, which
    // the rule treats as indistinguishable over this range of n (docs/writing-specs.md).
    expect(["O(n)", "O(n log n)"]).toContain(linear.complexity!.best);
    const quadratic = spec("growth > quadratic (complexity)");
    // O(n^2) on a quiet machine; a loaded one can inflate the largest point towards O(n^3).
    expect(quadratic).toMatchObject({ status: "FAIL", complexity: { passed: false } });
    expect(["O(n^2)", "O(n^3)"]).toContain(quadratic.complexity!.best);
    expect(quadratic.complexity!.fits).toHaveLength(6);
    expect(run.stdout).toMatch(/FAIL\s+\(complexity\)\s.*O\(n\) expected, best fit O\(n\^[23]\)/);
    expect(run.stdout).toMatch(/O\(n\^[23]\)\s+[\d.]+ \w+ per n\^[23], RMS error [\d.]+%\s+\(best\)/);
  });

  test("a Map lookup is at least 2x faster than an array scan; the reverse fails", () => {
    const map = spec("lookup > map get");
    expect(map.status).toBe("PASS");
    expect(map.relative).toMatchObject({ fasterThan: "lookup > array scan", decision: "pass" });
    expect(map.relative!.low).toBeGreaterThan(2);
    expect(run.stdout).toMatch(/map get .*x faster than array scan \([\d.]+x-[\d.]+x\), needs 2x/);
    const reverse = spec("lookup > scan again");
    expect(reverse.status).toBe("FAIL");
    expect(reverse.relative!.decision).toBe("fail");
    expect(run.stdout).toMatch(/scan again .*x slower than map get/);
  });

  test("a per-call setup's time is not counted: a cheap call on a dear input measures the call", () => {
    const cheap = spec("setup > length of a fresh copy").micro!.p50Ns!;
    const copying = spec("setup > copy inside").micro!.p50Ns!;
    // Copying 20,000 numbers takes microseconds; reading the copy's length takes nanoseconds.
    expect(cheap * 20).toBeLessThan(copying);
  });

  test("the run fails (exit 1) for the failed expectations, and says why", () => {
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain("FAIL growth > quadratic (complexity)");
  });
});
