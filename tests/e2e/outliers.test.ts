/**
 * Outliers through the compiled binary, alone in an empty directory: a spec that pauses for 2 ms in
 * 1 of 20 (or 10) calls, 100 µs otherwise, has high outliers in its JSON report, JUnit and HTML, and
 * the one past 5% is warned about on the console.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { reportSchemaErrors } from "../report-schema.ts";
import { buildBinary, ROOT, runProcess, SPECS } from "../cli-harness.ts";

// These tests run real processes; Bun applies a preloaded default timeout to the first file only.
setDefaultTimeout(120_000);

let work: string;
let binary: string;

beforeAll(async () => {
  await buildBinary();
  work = mkdtempSync(join(tmpdir(), "fxperf-outliers-"));
  mkdirSync(join(work, "home"));
  binary = join(work, "fxperf");
  cpSync(join(ROOT, "dist", "fxperf"), binary);
  cpSync(join(SPECS, "outliers"), join(work, "spec"), { recursive: true });
}, 120_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

interface Outliers {
  lowSevere: number;
  lowMild: number;
  highMild: number;
  highSevere: number;
}
interface JsonSpec {
  id: string;
  status: string;
  warnings: string[];
  micro: { samples: number; outliers: Outliers | null } | null;
}

describe("outliers (compiled binary)", () => {
  let run: { exitCode: number; stdout: string; stderr: string };
  let report: { specs: JsonSpec[] };
  const specOf = (id: string) => report.specs.find((s) => s.id === id)!;

  beforeAll(async () => {
    run = await runProcess(
      [binary, "run", "spec", "--forks", "2", "--reporter", "json=out.json", "--reporter", "junit=out.xml"],
      work,
      { PATH: "/usr/bin:/bin", HOME: join(work, "home") },
    );
    report = JSON.parse(readFileSync(join(work, "out.json"), "utf8"));
  }, 120_000);

  test("the run measures both specs (no limits: exit 0) and its report is valid", () => {
    expect(run.exitCode).toBe(0);
    expect(reportSchemaErrors(report)).toEqual([]);
    expect(report.specs.map((s) => s.status)).toEqual(["NO BASELINE", "NO BASELINE"]);
  });

  test("a spec that pauses in 1 of 20 calls has high outliers, mostly severe", () => {
    const { samples, outliers } = specOf("outliers > 1 in 20").micro!;
    expect(outliers).not.toBeNull();
    // 5% of calls pause for 20x a normal call: far beyond q3 + 3 IQR. mitata drops each fork's two
    // largest samples and the first pause may land in the warm-up, so allow for a few fewer.
    expect(outliers!.highSevere).toBeGreaterThan(0.03 * samples);
    expect(outliers!.highMild + outliers!.highSevere).toBeLessThan(samples / 2);
  });

  test("past 5% the console and the JSON report warn about high outliers", () => {
    const spec = specOf("outliers > 1 in 10");
    const { samples, outliers } = spec.micro!;
    expect(outliers!.highSevere).toBeGreaterThan(0.07 * samples);
    const warning = spec.warnings.find((w) => w.includes("high outliers"));
    expect(warning).toMatch(/^\d+(\.\d)?% high outliers \(\d+(\.\d)?% severe\): the machine was busy or GC ran/);
    expect(run.stdout).toContain("outliers > 1 in 10: ");
    expect(run.stdout).toMatch(/outliers > 1 in 10: \d+(\.\d)?% high outliers/);
  });

  test("JUnit carries the counts in the testcase's system-out", () => {
    const xml = readFileSync(join(work, "out.xml"), "utf8");
    const { samples } = specOf("outliers > 1 in 20").micro!;
    expect(xml).toMatch(
      new RegExp(`<system-out>outliers: [^<]*\\d+ high severe of ${samples.toLocaleString("en-US")} samples`),
    );
  });
});
