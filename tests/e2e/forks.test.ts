/**
 * Forks through the compiled binary, alone in an empty directory: every micro spec is measured in
 * fresh child processes of the binary; calibrate records each fork; run adds forks while undecided
 * and stops at its time budget; --strict turns undecided into exit 4; a fork that throws, exits or
 * hangs is ERROR and the run goes on; version 1 profiles still load.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { buildBinary, ROOT, runProcess, SPECS } from "../cli-harness.ts";

// These tests run real processes; Bun applies a preloaded default timeout to the first file only.
setDefaultTimeout(120_000);

let work: string;
let binary: string;

beforeAll(async () => {
  await buildBinary();
  work = mkdtempSync(join(tmpdir(), "fxperf-forks-"));
  mkdirSync(join(work, "home"));
  binary = join(work, "fxperf");
  cpSync(join(ROOT, "dist", "fxperf"), binary);
  cpSync(join(SPECS, "forks"), join(work, "spec"), { recursive: true });
  cpSync(join(SPECS, "fork-errors"), join(work, "errors"), { recursive: true });
  cpSync(join(SPECS, "blocked"), join(work, "blocked"), { recursive: true });
  cpSync(join(SPECS, "top-level-loop"), join(work, "top-level-loop"), { recursive: true });
}, 120_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

const fxperf = (args: string[], env: Record<string, string> = {}) =>
  runProcess([binary, ...args], work, {
    PATH: "/usr/bin:/bin",
    HOME: join(work, "home"),
    FORK_COUNTER: join(work, "noisy-counter.txt"),
    ...env,
  });
const profileIn = (dir: string) => join(work, dir, readdirSync(join(work, dir))[0]!);
const readJson = (path: string) => JSON.parse(readFileSync(path, "utf8"));

interface JsonSpec {
  id: string;
  status: string;
  micro: { forks: { count: number; p50sNs: number[]; stop: string } | null } | null;
  baseline: { ratio: number; baselineForksNs: number[] } | null;
  error: { phase: string; message: string } | null;
}
const specOf = (report: { specs: JsonSpec[] }, id: string) => report.specs.find((s) => s.id === id)!;

describe("forks (compiled binary)", () => {
  test("calibrate records every fork's median and the drift reference in a version 2 profile", async () => {
    const run = await fxperf(["calibrate", "spec", "--forks", "3", "--out", "prof"]);
    expect(run.exitCode).toBe(0);
    const profile = readJson(profileIn("prof"));
    expect(profile.schemaVersion).toBe(2);
    for (const id of ["forks > noisy", "forks > steady"]) {
      expect(profile.baselines[id].forks).toHaveLength(3);
      expect(profile.baselines[id].referenceP50s).toHaveLength(3);
      for (const p50 of profile.baselines[id].forks) expect(p50).toBeGreaterThan(0);
    }
  });

  test("run measures each spec in fresh processes and reports its forks and the baseline's", async () => {
    const run = await fxperf([
      "run",
      "spec",
      "--grep",
      "steady",
      "--profile",
      profileIn("prof"),
      "--forks",
      "2",
      "--tolerance",
      "50%",
      "--reporter",
      "json=steady.json",
    ]);
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toMatch(/forks > steady p50 .* \(\d+ forks? in /);
    const spec = specOf(readJson(join(work, "steady.json")), "forks > steady");
    expect(spec.status).toBe("PASS");
    // --forks 2 asks for 2 before the first decision; a verdict needs 3, so run adds the third.
    expect(spec.micro!.forks!.count).toBeGreaterThanOrEqual(3);
    expect(spec.micro!.forks!.p50sNs).toHaveLength(spec.micro!.forks!.count);
    expect(spec.baseline!.baselineForksNs).toHaveLength(3);
  });

  test("one fork is no verdict: cut to one by --max-time, the spec is undecided and says why (issue 23)", async () => {
    const args = ["run", "spec", "--grep", "steady", "--profile", profileIn("prof"), "--tolerance", "50%"];
    const run = await fxperf([...args, "--forks", "1", "--max-time", "10ms", "--reporter", "json=one.json"]);
    expect(run.exitCode).toBe(0);
    const spec = specOf(readJson(join(work, "one.json")), "forks > steady");
    expect(spec.micro!.forks!.count).toBe(1);
    expect(spec.status).toBe("WARN");
    expect(run.stdout).toContain("1 fork decides nothing: a verdict needs at least 3");
    expect(run.stdout).toContain("one fork alone costs");
    const strict = await fxperf([...args, "--forks", "1", "--max-time", "10ms", "--strict"]);
    expect(strict.exitCode).toBe(4);
  });

  test("calibrate warns that a baseline of fewer than 3 forks makes verdicts against it overconfident", async () => {
    const run = await fxperf(["calibrate", "spec", "--grep", "steady", "--forks", "2", "--out", "two"]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout + run.stderr).toContain(
      "forks > steady: a baseline of 2 forks cannot show how much this machine's processes differ",
    );
    const enough = await fxperf(["calibrate", "spec", "--grep", "steady", "--forks", "3", "--out", "three"]);
    expect(enough.stdout + enough.stderr).not.toContain("a baseline of");
  });

  test("twice the work fails against the baseline, in every fork", async () => {
    const run = await fxperf(
      ["run", "spec", "--grep", "steady", "--profile", profileIn("prof"), "--tolerance", "20%"],
      { WORK_FACTOR: "2" },
    );
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(/FAIL\s+forks > steady/);
  });

  test("an undecided spec gets forks until its time budget, is WARN, and --strict exits 4", async () => {
    // A baseline of 12 forks covers the fixture's spread, as the run's forks do.
    expect((await fxperf(["calibrate", "spec", "--grep", "noisy", "--forks", "12", "--out", "wide"])).exitCode).toBe(0);
    const args = ["run", "spec", "--grep", "noisy", "--profile", profileIn("wide"), "--tolerance", "0%"];
    const loose = await fxperf([...args, "--max-time", "2s", "--reporter", "json=noisy.json"]);
    const spec = specOf(readJson(join(work, "noisy.json")), "forks > noisy");
    expect(spec.status).toBe("WARN");
    expect(loose.exitCode).toBe(0);
    // It stopped for its budget, not for a verdict nor the fixed count: how many forks fit in 2 s
    // depends on how busy the machine is (6 or fewer beside a CI run), never below the floor of 3.
    expect(spec.micro!.forks!.stop).toBe("time budget");
    expect(spec.micro!.forks!.count).toBeGreaterThanOrEqual(3);
    expect(loose.stdout).toContain("1 spec undecided");
    const strict = await fxperf([...args, "--max-time", "1s", "--strict"]);
    expect(strict.exitCode).toBe(4);
    expect(strict.stdout).toContain("--strict: the run fails (exit 4)");
    const env = await fxperf([...args, "--max-time", "1s"], { FXPERF_STRICT: "1" });
    expect(env.exitCode).toBe(4);
  });

  test("a version 1 profile (one process per baseline) still loads, with a notice", async () => {
    const profile = readJson(profileIn("prof"));
    profile.schemaVersion = 1;
    for (const baseline of Object.values(profile.baselines) as Record<string, unknown>[]) {
      delete baseline.forks;
      delete baseline.referenceP50s;
    }
    writeFileSync(join(work, "v1.json"), JSON.stringify(profile));
    const run = await fxperf(["run", "spec", "--grep", "steady", "--profile", "v1.json", "--tolerance", "50%"]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/PASS\s+forks > steady/);
    expect(run.stdout).toContain("schemaVersion 1");
    expect(run.stdout).toContain("fxperf calibrate --overwrite");
  });

  test("a profile with malformed fork data is refused with exit 2, naming the file and field", async () => {
    const profile = readJson(profileIn("prof"));
    profile.baselines["forks > steady"].forks = [1000, "fast"];
    writeFileSync(join(work, "bad.json"), JSON.stringify(profile));
    const run = await fxperf(["run", "spec", "--profile", "bad.json"]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain("bad.json");
    expect(run.stderr).toContain("forks");
  });

  test("a fork that throws, ends its process or hangs is ERROR naming the fork; the run goes on", async () => {
    const counter = join(work, "counter.txt");
    writeFileSync(counter, "");
    const run = await fxperf(["run", "errors", "--forks", "2", "--reporter", "json=errors.json"], {
      FORK_COUNTER: counter,
    });
    expect(run.exitCode).toBe(5);
    const report = readJson(join(work, "errors.json"));
    const thrown = specOf(report, "fork errors > throws in the second fork");
    expect(thrown.status).toBe("ERROR");
    expect(thrown.error!.message).toContain("only this process fails (in fork 2)");
    const exited = specOf(report, "fork errors > ends its process");
    expect(exited.status).toBe("ERROR");
    expect(exited.error!.message).toContain("process.exit(0) was called: spec code must not end fxperf's process");
    expect(exited.error!.message).toContain("(in fork 1)");
    const hung = specOf(report, "fork errors > never returns");
    expect(hung.status).toBe("ERROR");
    expect(hung.error!.phase).toBe("timeout");
    expect(hung.error!.message).toContain("did not finish within its timeout of 1.00 s in fork 1");
    const after = specOf(report, "fork errors > still runs after them");
    expect(after.status).toBe("NO BASELINE");
    expect(after.micro!.forks!.count).toBe(2);
  });

  test("process.exit() at the top of a spec file is that file's load error (exit 5), not the run's exit code", async () => {
    mkdirSync(join(work, "exits"));
    writeFileSync(
      join(work, "exits", "top.perf.ts"),
      'import { itPerf } from "fxperf";\nprocess.exit(0);\nitPerf("never", () => 1);\n',
    );
    const run = await fxperf(["run", "exits"]);
    expect(run.exitCode).toBe(5);
    expect(run.stderr).toContain("top.perf.ts:2: cannot load spec file: process.exit(0) was called");
  });

  test("forks that other processes kept off the CPU are reported as such", async () => {
    // One busy loop per core (bounded, killed below): every fork then shares a CPU.
    const hogs = Array.from({ length: cpus().length }, () =>
      Bun.spawn([process.execPath, "-e", "const end = Date.now() + 60_000; while (Date.now() < end) {}"]),
    );
    try {
      await fxperf(["run", "spec", "--grep", "steady", "--forks", "3", "--reporter", "json=busy.json"]);
    } finally {
      for (const hog of hogs) hog.kill();
    }
    const spec = specOf(readJson(join(work, "busy.json")), "forks > steady") as JsonSpec & {
      micro: { forks: { cpuShares: number[] } };
      warnings: string[];
    };
    expect(spec.micro.forks.cpuShares).toHaveLength(spec.micro.forks.count);
    expect(Math.min(...spec.micro.forks.cpuShares)).toBeLessThan(0.8);
    expect(spec.warnings.join("\n")).toMatch(/\d+ of \d+ forks got less than 80% of a CPU while measuring/);
  });

  test("--forks 0, --forks abc and a bad --max-time are refused before anything runs", async () => {
    for (const args of [
      ["--forks", "0"],
      ["--forks", "abc"],
      ["--max-time", "soon"],
    ]) {
      const run = await fxperf(["run", "spec", ...args]);
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toContain(args[0]!);
    }
  });

  test("spec code stuck in a synchronous loop (a load spec's beforeAll, a file's top level) cannot hang the binary", async () => {
    const started = Date.now();
    const hooks = await fxperf(["run", "blocked", "--timeout", "3s"], { PATH: "/usr/bin:/bin" });
    expect(hooks.exitCode).toBe(5);
    expect(hooks.stdout).toMatch(/ERROR\s+blocked > never ready/);
    expect(hooks.stdout).toContain("did not finish within its timeout of 3.00 s");
    expect(hooks.stdout).toMatch(/ERROR\s+after > runs then fails to clean up > afterAll/);
    expect(hooks.stdout).toMatch(/(PASS|NO BASELINE)\s+fine > still measured/);
    const loading = await fxperf(["run", "top-level-loop", "--timeout", "2s"]);
    expect(loading.exitCode).toBe(5);
    expect(loading.stderr).toContain("did not finish loading within 2.00 s");
    expect(Date.now() - started).toBeLessThan(60_000);
  });
});
