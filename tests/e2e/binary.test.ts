/**
 * The product as users get it: dist/fxperf compiled by build.ts, copied alone
 * into an empty directory, run with no Node, Bun or fxperf node_modules on PATH.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { cpSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildBinary, ROOT, runProcess, SPECS } from "../cli-harness.ts";

// These tests run real processes; Bun applies a preloaded default timeout to the first file only.
setDefaultTimeout(60_000);

let work: string;
let binary: string;
// Only system directories: neither bun nor node is reachable from the binary's environment.
const PATH = "/usr/bin:/bin";

beforeAll(async () => {
  await buildBinary();
  work = mkdtempSync(join(tmpdir(), "fxperf-e2e-"));
  mkdirSync(join(work, "bin"));
  binary = join(work, "bin", "fxperf");
  cpSync(join(ROOT, "dist", "fxperf"), binary);
  // A user project: its own code, a tsconfig path alias, and real packages in its node_modules.
  const project = join(work, "project");
  cpSync(join(ROOT, "tests", "fixtures", "project"), project, { recursive: true });
  for (const pkg of ["valibot", "picocolors"])
    cpSync(join(ROOT, "node_modules", pkg), join(project, "node_modules", pkg), { recursive: true });
  for (const name of ["passing", "failing", "syntax-error", "load"])
    cpSync(join(SPECS, name), join(work, "specs", name), { recursive: true });
}, 120_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

const fxperf = (args: string[], cwd = work, env: Record<string, string> = {}) =>
  runProcess([binary, ...args], cwd, { PATH, ...env });

describe("the compiled binary, alone in an empty directory", () => {
  test("prints its version without any runtime installed", async () => {
    const run = await fxperf(["--version"]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/^fxperf \d+\.\d+\.\d+/);
  });

  test("runs a project's specs: relative imports, tsconfig path aliases, ESM and CommonJS packages", async () => {
    const run = await fxperf(["run", "spec"], join(work, "project"));
    expect(run.stderr).not.toContain("Cannot find");
    expect(run.stdout).toMatch(/PASS\s+project > relative import/);
    expect(run.stdout).toMatch(/PASS\s+project > path alias/);
    expect(run.stdout).toMatch(/PASS\s+project > esm package/);
    expect(run.stdout).toMatch(/PASS\s+project > cjs package/);
    expect(run.exitCode).toBe(0);
  });

  test("passing specs exit 0", async () => {
    const run = await fxperf(["run", "specs/passing"]);
    expect(run.stdout).toContain("2 specs: 2 passed, 0 failed");
    expect(run.exitCode).toBe(0);
  });

  test("a breached budget exits 1 with the verdict", async () => {
    const run = await fxperf(["run", "specs/failing"]);
    expect(run.stdout).toMatch(/FAIL\s+budget > busy loop over budget/);
    expect(run.exitCode).toBe(1);
  });

  test("a syntax error exits 5 (the file did not load) naming file and line", async () => {
    const run = await fxperf(["run", "specs/syntax-error"]);
    expect(run.stderr).toContain("specs/syntax-error/broken.perf.ts:4");
    expect(run.exitCode).toBe(5);
  });

  test("runs a load spec with real wrk against the spec file's own server", async () => {
    const run = await fxperf(["run", "specs/load", "--grep", "/^http > (GET /|POST echo)$/"], work, {
      PATH: "/usr/bin:/bin",
    });
    expect(run.stdout).toMatch(/PASS\s+http > GET \//);
    expect(run.stdout).toMatch(/PASS\s+http > POST echo/);
    expect(run.exitCode).toBe(0);
  });

  test("calibrates a load baseline and compares rps and p99 with it", async () => {
    const calibrate = await fxperf(["calibrate", "specs/load", "--grep", "/^http > GET /$/", "--out", "profiles"]);
    expect(calibrate.exitCode).toBe(0);
    expect(calibrate.stdout).toContain("Wrote 1 baseline");
    const profile = (await fxperf(["fingerprint", "--json"])).stdout;
    const file = `profiles/${JSON.parse(profile).slug}.json`;
    // A 1 s loopback run's p99 can double from one run to the next: the verdict is not the point
    // here, the comparison with the calibrated baseline (and its provenance) is.
    const run = await fxperf([
      "run",
      "specs/load",
      "--grep",
      "/^http > GET /$/",
      "--profile",
      file,
      "--tolerance",
      "900%",
    ]);
    expect(run.stdout).toMatch(/(PASS|FAIL)\s+http > GET \/ .*flag\+spec\s+(rps|latency\.p99) [+-][\d.]+% vs baseline/);
    expect(run.stdout).toMatch(
      /Profile ".*profiles\/linux-.*\.json" \(flag, calibrated .*\): baselines for 1 of 1 specs/,
    );
    expect(run.exitCode).toBe(run.stdout.includes("FAIL ") ? 1 : 0);
  });

  test("a missing path exits 2; the guard exits 3", async () => {
    expect((await fxperf(["run", "nope"])).exitCode).toBe(2);
    expect((await fxperf(["run", "specs/passing"], work, { NODE_ENV: "development" })).exitCode).toBe(3);
  });

  test("a newcomer's slips are answered with what to do (issue 23)", async () => {
    // A mistyped command gets the nearest one.
    const typo = await fxperf(["runn"]);
    expect(typo.exitCode).toBe(2);
    expect(typo.stderr).toContain('hint: did you mean "fxperf run"?');
    // compare with one report says what it needs, not cac's "missing required args".
    const compare = await fxperf(["compare", "a.json"]);
    expect(compare.exitCode).toBe(2);
    expect(compare.stderr).toContain("\"fxperf compare\" needs two JSON reports: the base's and the head's");
    expect(compare.stderr).not.toContain("missing required args");
    // A directory without spec/ points at fxperf init instead of repeating the command.
    const empty = join(work, "empty-project");
    mkdirSync(empty, { recursive: true });
    const run = await fxperf(["run"], empty);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('no spec/ here: run "fxperf init" to write a starter');
  });
});
