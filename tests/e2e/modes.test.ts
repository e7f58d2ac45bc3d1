/**
 * Modes and resolvable change through the compiled binary, alone in an empty directory: a spec
 * whose processes alternate between two speeds 4x apart (each import of its file bumps a counter
 * on disk, and odd imports do four times the work) is reported with two modes on the console and
 * in the JSON report; a steady spec with one; and a run against a calibration says what change
 * each verdict could resolve. A `--max-time` that a spec's minimum forks cannot keep is a warning
 * that says why.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { reportSchemaErrors } from "../report-schema.ts";
import { buildBinary, ROOT, runProcess } from "../cli-harness.ts";

setDefaultTimeout(120_000);

const SPEC = `import { describePerf, itPerf } from "fxperf";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

// Every process that imports this file bumps the counter: odd ones do four times the work.
const counter = join(import.meta.dir, "..", "counter.txt");
let n = 0;
try {
  n = Number(readFileSync(counter, "utf8")) || 0;
} catch {}
writeFileSync(counter, String(n + 1));
const work = n % 2 === 0 ? 2000 : 8000;
let seed = 0;

describePerf("modes", () => {
  itPerf("two speeds", () => {
    let s = seed++;
    for (let i = 0; i < work; i++) s = (s * 31 + i) | 0;
    return s;
  });
  itPerf("one speed", () => {
    let s = seed++;
    for (let i = 0; i < 2000; i++) s = (s * 31 + i) | 0;
    return s;
  });
});
`;

interface JsonSpec {
  id: string;
  status: string;
  micro: {
    forks: { count: number; modes?: { centreNs: number; share: number; count: number }[] } | null;
  } | null;
  baseline: { resolvable?: number } | null;
}

let work: string;
let binary: string;
const env = () => ({ PATH: "/usr/bin:/bin", HOME: join(work, "home"), NO_COLOR: "1" });
const specOf = (report: { specs: JsonSpec[] }, id: string) => report.specs.find((s) => s.id === id)!;

beforeAll(async () => {
  await buildBinary();
  work = mkdtempSync(join(tmpdir(), "fxperf-modes-"));
  mkdirSync(join(work, "home"));
  mkdirSync(join(work, "spec"));
  binary = join(work, "fxperf");
  cpSync(join(ROOT, "dist", "fxperf"), binary);
  writeFileSync(join(work, "spec", "modes.perf.ts"), SPEC);
}, 120_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("modes (compiled binary)", () => {
  test("a spec whose processes run at two speeds is reported with two modes; a steady one with one", async () => {
    const run = await runProcess([binary, "run", "spec", "--forks", "8", "--reporter", "json=modes.json"], work, env());
    expect(run.exitCode).toBe(0);
    const report = JSON.parse(readFileSync(join(work, "modes.json"), "utf8"));
    expect(reportSchemaErrors(report)).toEqual([]);
    const two = specOf(report, "modes > two speeds").micro!.forks!;
    // Two groups of forks 4x apart. A busy machine may slow a fork enough to stand alone (a mode
    // of one), so the test asks for two modes of two or more forks, far apart, not for exactly two.
    const spread = (modes: { centreNs: number }[]) => modes.at(-1)!.centreNs / modes[0]!.centreNs;
    expect(two.modes!.filter((m) => m.count >= 2).length).toBeGreaterThanOrEqual(2);
    expect(spread(two.modes!)).toBeGreaterThan(2);
    expect(two.modes!.reduce((sum, m) => sum + m.count, 0)).toBe(two.count);
    // One speed: one mode on a quiet machine; a busy one may split off a slower fork, never 2x away.
    const one = specOf(report, "modes > one speed").micro!.forks!;
    expect(one.modes!.length === 1 || spread(one.modes!) < 2).toBe(true);
    expect(one.modes![0]!.count).toBeGreaterThanOrEqual(4);
    expect(run.stdout).toMatch(/2 modes: [\d.]+ µs in \d+% of processes, [\d.]+ µs in \d+%/);
  });

  test("a run against a calibration says what change each verdict could resolve", async () => {
    const calibrate = await runProcess(
      [binary, "calibrate", "spec", "--grep", "one speed", "--out", "profiles", "--overwrite", "--forks", "6"],
      work,
      env(),
    );
    expect(calibrate.exitCode).toBe(0);
    const profile = readdirSync(join(work, "profiles")).find((f) => f.endsWith(".json"))!;
    const run = await runProcess(
      [
        binary,
        "run",
        "spec",
        "--grep",
        "one speed",
        "--profile",
        join("profiles", profile),
        "--reporter",
        "json=resolve.json",
      ],
      work,
      env(),
    );
    expect([0, 1]).toContain(run.exitCode);
    const report = JSON.parse(readFileSync(join(work, "resolve.json"), "utf8"));
    expect(reportSchemaErrors(report)).toEqual([]);
    const resolvable = specOf(report, "modes > one speed").baseline!.resolvable!;
    expect(resolvable).toBeGreaterThan(0);
    expect(resolvable).toBeLessThan(1);
  });

  test("a --max-time the minimum forks cannot keep is held to three forks, and the warning says why", async () => {
    writeFileSync(
      join(work, "spec", "slow.perf.ts"),
      'import { describePerf, itPerf } from "fxperf";\nlet s = 0;\ndescribePerf("budget", () => {\n  itPerf("slow", () => { for (let i = 0; i < 1e4; i++) s = (s + i) | 0; return s; }).time("400ms");\n});\n',
    );
    const run = await runProcess(
      [binary, "run", "spec/slow.perf.ts", "--max-time", "1s", "--reporter", "json=budget.json"],
      work,
      env(),
    );
    expect(run.exitCode).toBe(0);
    const report = JSON.parse(readFileSync(join(work, "budget.json"), "utf8"));
    const spec = report.specs.find((s: { id: string }) => s.id === "budget > slow");
    expect(spec.micro.forks.count).toBe(3);
    expect(spec.warnings.join("\n")).toMatch(
      /over the time budget: 3 forks took .* against --max-time 1\.00 s, because a verdict needs at least 3 forks/,
    );
    expect(run.stdout).toContain("over the time budget");
  });
});
