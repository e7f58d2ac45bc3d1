/**
 * Baselines per machine through the compiled binary, alone in an empty directory,
 * with a temporary HOME so no real user directory is touched.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildBinary, ROOT, readUntil, runProcess, SPECS } from "../cli-harness.ts";

// These tests run real processes; Bun applies a preloaded default timeout to the first file only.
setDefaultTimeout(60_000);

let work: string;
let home: string;
let binary: string;

beforeAll(async () => {
  await buildBinary();
  work = mkdtempSync(join(tmpdir(), "fxperf-profiles-"));
  home = join(work, "home");
  mkdirSync(home);
  binary = join(work, "fxperf");
  cpSync(join(ROOT, "dist", "fxperf"), binary);
  cpSync(join(SPECS, "calibrated"), join(work, "spec"), { recursive: true });
}, 120_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

const fxperf = (args: string[], env: Record<string, string> = {}) =>
  runProcess([binary, ...args], work, { PATH: "/usr/bin:/bin", HOME: home, ...env });
/** This project's folder in the user profile directory (the only project these tests calibrate in HOME). */
const profileDir = () => {
  const root = join(home, ".fxperf", "profiles");
  const folders = readdirSync(root, { withFileTypes: true }).filter(
    (e) => e.isDirectory() && e.name.startsWith("fxperf-profiles-"),
  );
  return join(root, folders[0]!.name);
};
const profileFile = () => join(profileDir(), readdirSync(profileDir())[0]!);

describe("profiles and calibration (compiled binary)", () => {
  test("before calibrating: NO BASELINE, the missing profile is named once, --require-baseline fails", async () => {
    const run = await fxperf(["run"]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/NO BASELINE\s+calibrated > sqrt loop /);
    expect(run.stdout.match(/No profile for this machine/g)).toHaveLength(1);
    const required = await fxperf(["run", "--require-baseline"]);
    expect(required.exitCode).toBe(1);
    expect(required.stdout).toContain("no baseline (--require-baseline)");
  });

  test("calibrate --dry-run measures nothing and writes nothing", async () => {
    const run = await fxperf(["calibrate", "--dry-run"]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("Would calibrate 2 specs");
    expect(run.stdout).toContain("Nothing was measured");
    expect(existsSync(join(home, ".fxperf", "profiles"))).toBe(false);
  });

  test("calibrate writes this machine's profile to the user directory", async () => {
    const run = await fxperf(["calibrate"]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("Machine noise");
    expect(run.stdout).toMatch(/Wrote 2 baselines to .*\.fxperf\/profiles\/fxperf-profiles-[^/]+\/linux-.*\.json/);
    const profile = JSON.parse(readFileSync(profileFile(), "utf8"));
    expect(profile.schemaVersion).toBe(2);
    expect(Object.keys(profile.baselines).sort()).toEqual(["calibrated > sqrt loop", "calibrated > sqrt loop small"]);
    expect(profile.calibration.noiseCv).toBeGreaterThanOrEqual(0);
  });

  test("an existing profile is never replaced silently", async () => {
    const before = readFileSync(profileFile(), "utf8");
    const run = await fxperf(["calibrate"]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain("already exists");
    expect(run.stderr).toContain("--append");
    expect(readFileSync(profileFile(), "utf8")).toBe(before);
  });

  // Runs that must PASS against a baseline use a wide tolerance: on a shared machine an unchanged spec
  // can drift a few percent and be (rightly) undecided at 10%. The failing case uses twice the work.
  test("after calibrating, run compares with the baseline and passes, naming the profile", async () => {
    const run = await fxperf(["run", "--tolerance", "50%"]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(
      /PASS\s+calibrated > sqrt loop .*local\s+centre \S+ \S+ vs \S+ \S+: [+-][\d.]+%( ±[\d.]+%)? ≤ \+50\.0%/,
    );
    expect(run.stdout).toMatch(/Profile ".*linux-.*\.json" \(local, calibrated .*\): baselines for 2 of 2 specs/);
  });

  test("twice the work fails against the baseline, with its provenance", async () => {
    const run = await fxperf(["run", "--grep", "sqrt loop small"], { WORK_FACTOR: "2" });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(/FAIL\s+calibrated > sqrt loop small/);
    expect(run.stdout).toMatch(/centre .* against baseline .*: \+\d+\.\d%/);
    expect(run.stdout).toMatch(
      /baseline from local profile .*\.fxperf\/profiles\/[^/]+\/linux-.*\.json, calibrated \d{4}-\d\d-\d\dT/,
    );
  });

  test("an override loosens the limit and is flagged with its variable", async () => {
    const run = await fxperf(["run", "--grep", "sqrt loop small"], {
      WORK_FACTOR: "2",
      FXPERF_OVERRIDE_CALIBRATED_SQRT_LOOP_SMALL: "+300%",
    });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("Overridden limits");
    expect(run.stdout).toContain('FXPERF_OVERRIDE_CALIBRATED_SQRT_LOOP_SMALL="+300%"');
    const unmatched = await fxperf(["run", "--grep", "sqrt loop small"], { FXPERF_OVERRIDE_NO_SUCH_SPEC: "1ms" });
    expect(unmatched.stdout).toContain("FXPERF_OVERRIDE_NO_SUCH_SPEC matches no spec");
    const malformed = await fxperf(["run"], { FXPERF_OVERRIDE_CALIBRATED_SQRT_LOOP: "soon" });
    expect(malformed.exitCode).toBe(2);
    expect(malformed.stderr).toContain('FXPERF_OVERRIDE_CALIBRATED_SQRT_LOOP="soon"');
  });

  test("--append re-records one spec and keeps the others", async () => {
    const before = JSON.parse(readFileSync(profileFile(), "utf8"));
    const run = await fxperf(["calibrate", "--append", "--grep", "sqrt loop small"]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("Wrote 1 baseline");
    expect(run.stdout).toContain("kept 1 other");
    const after = JSON.parse(readFileSync(profileFile(), "utf8"));
    expect(after.baselines["calibrated > sqrt loop"]).toEqual(before.baselines["calibrated > sqrt loop"]);
    expect(after.baselines["calibrated > sqrt loop small"]).not.toEqual(
      before.baselines["calibrated > sqrt loop small"],
    );
  });

  test("two calibrate --append at once on one profile keep both runs' baselines", async () => {
    const out = join(work, "concurrent");
    const [big, small] = await Promise.all([
      fxperf(["calibrate", "--append", "--out", out, "--grep", "/sqrt loop$/"]),
      fxperf(["calibrate", "--append", "--out", out, "--grep", "sqrt loop small"]),
    ]);
    expect(big.exitCode).toBe(0);
    expect(small.exitCode).toBe(0);
    const files = readdirSync(out);
    // Only the profile is left: the lock is removed and no temporary file remains.
    expect(files).toHaveLength(1);
    const profile = JSON.parse(readFileSync(join(out, files[0]!), "utf8"));
    expect(Object.keys(profile.baselines).sort()).toEqual(["calibrated > sqrt loop", "calibrated > sqrt loop small"]);
  }, 180_000);

  test("a profile locked by a running process is waited for; a stale lock is taken over", async () => {
    const out = join(work, "locked");
    const first = await fxperf(["calibrate", "--out", out, "--grep", "sqrt loop small"]);
    expect(first.exitCode).toBe(0);
    const file = join(out, readdirSync(out)[0]!);
    const lock = `${file}.lock`;
    // Held by this (running) test process: the calibration waits, saying so, until it is removed.
    writeFileSync(lock, `${process.pid}\n`);
    const child = Bun.spawn([binary, "calibrate", "--append", "--out", out, "--grep", "/sqrt loop$/"], {
      cwd: work,
      env: { PATH: "/usr/bin:/bin", HOME: home, NO_COLOR: "1" },
      stdout: "pipe",
      stderr: "pipe",
    });
    const stdout = new Response(child.stdout).text();
    const waiting = await readUntil(child.stderr, "waiting up to 60 s");
    expect(waiting).toContain(`is locked by PID ${process.pid}`);
    expect(waiting).toContain(".lock");
    rmSync(lock);
    expect(await child.exited).toBe(0);
    expect(await stdout).toContain("kept 1 other");
    expect(existsSync(lock)).toBe(false);
    expect(Object.keys(JSON.parse(readFileSync(file, "utf8")).baselines)).toHaveLength(2);

    // Held by a process that has exited: taken over at once.
    const gone = Bun.spawn(["/bin/true"]);
    await gone.exited;
    writeFileSync(lock, `${gone.pid}\n`);
    const stale = await fxperf(["calibrate", "--append", "--out", out, "--grep", "sqrt loop small"]);
    expect(stale.exitCode).toBe(0);
    expect(stale.stderr).not.toContain("waiting");
    expect(existsSync(lock)).toBe(false);
  }, 180_000);

  test("a corrupt profile exits 2 naming the file and the JSON path; the file is left as it was", async () => {
    const good = readFileSync(profileFile(), "utf8");
    const corrupt = JSON.parse(good);
    corrupt.baselines["calibrated > sqrt loop"].p50 = "fast";
    writeFileSync(profileFile(), JSON.stringify(corrupt));
    const run = await fxperf(["run"]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(
      /Cannot read profile ".*linux-.*\.json": "baselines\.calibrated > sqrt loop\.p50" must be number, got "fast"/,
    );
    const append = await fxperf(["calibrate", "--append"]);
    expect(append.exitCode).toBe(2);
    expect(JSON.parse(readFileSync(profileFile(), "utf8")).baselines["calibrated > sqrt loop"].p50).toBe("fast");
    writeFileSync(profileFile(), "{ not json");
    const broken = await fxperf(["run"]);
    expect(broken.stderr).toContain("invalid JSON at line 1, column 3");
    writeFileSync(profileFile(), good);
  });

  test("calibrate --repo writes perf-profiles/ and FXPERF_PROFILE picks a file explicitly", async () => {
    const run = await fxperf(["calibrate", "--repo", "--grep", "sqrt loop small"]);
    expect(run.exitCode).toBe(0);
    const repoFiles = readdirSync(join(work, "perf-profiles"));
    expect(repoFiles).toHaveLength(1);
    const viaEnv = await fxperf(["run", "--grep", "sqrt loop small", "--tolerance", "50%"], {
      FXPERF_PROFILE: join("perf-profiles", repoFiles[0]!),
    });
    expect(viaEnv.stdout).toMatch(/PASS\s+calibrated > sqrt loop small .*env/);
    const missing = await fxperf(["run"], { FXPERF_PROFILE: "nope.json" });
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain('FXPERF_PROFILE="nope.json": no such file');
  });

  test("a corrupt repository profile's hint says to record it again with --repo", async () => {
    const file = join(work, "perf-profiles", readdirSync(join(work, "perf-profiles"))[0]!);
    const good = readFileSync(file, "utf8");
    writeFileSync(file, "{ broken");
    const run = await fxperf(["run"]);
    writeFileSync(file, good);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('hint: re-run "fxperf calibrate --repo --overwrite"');
  });

  test("a user-directory profile older than the repository's it shadows is pointed out", async () => {
    const file = join(profileDir(), readdirSync(profileDir()).find((name) => name.endsWith(".json"))!);
    const good = readFileSync(file, "utf8");
    const older = JSON.parse(good);
    older.calibration.date = "2020-01-01T00:00:00.000Z";
    writeFileSync(file, JSON.stringify(older));
    const run = await fxperf(["run", "--grep", "sqrt loop small", "--tolerance", "50%"]);
    writeFileSync(file, good);
    expect(run.stdout).toMatch(
      /Profile ".*perf-profiles\/linux-.*\.json" \(calibrated .*\) is newer than ".*" \(calibrated 2020-01-01/,
    );
    expect(run.stdout).toContain("which takes precedence for 1 of its specs");
  });

  test("two projects on one machine keep their own user-directory baselines", async () => {
    // Another project with a spec of the same id that does twice the work: it must not be
    // compared with this project's baseline (it was: "+100% vs baseline", exit 1).
    // Outside this project's tree, so its perf-profiles/ is not found either.
    const other = mkdtempSync(join(tmpdir(), "fxperf-other-project-"));
    writeFileSync(join(other, "package.json"), '{ "name": "other" }\n');
    cpSync(join(SPECS, "calibrated"), join(other, "spec"), { recursive: true });
    const run = await runProcess([binary, "run", "--grep", "sqrt loop small"], other, {
      PATH: "/usr/bin:/bin",
      HOME: home,
      WORK_FACTOR: "2",
    });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/NO BASELINE\s+calibrated > sqrt loop small/);
    expect(run.stdout).toContain("No profile for this machine");
    const before = readFileSync(
      join(profileDir(), readdirSync(profileDir()).find((n) => n.endsWith(".json"))!),
      "utf8",
    );
    const calibrate = await runProcess([binary, "calibrate", "--grep", "sqrt loop small", "--forks", "2"], other, {
      PATH: "/usr/bin:/bin",
      HOME: home,
    });
    expect(calibrate.exitCode).toBe(0);
    expect(calibrate.stdout).toMatch(/\.fxperf\/profiles\/fxperf-other-project-[^/]+-[0-9a-f]{10}\/linux-.*\.json/);
    rmSync(other, { recursive: true, force: true });
    // The first project's profile is untouched.
    expect(readFileSync(join(profileDir(), readdirSync(profileDir()).find((n) => n.endsWith(".json"))!), "utf8")).toBe(
      before,
    );
  });

  test("a profile left in the user directory by an older fxperf (one per machine) is explained, not used", async () => {
    const root = join(home, ".fxperf", "profiles");
    const name = readdirSync(profileDir()).find((n) => n.endsWith(".json"))!;
    cpSync(join(profileDir(), name), join(root, name));
    const run = await fxperf(["run", "--grep", "sqrt loop small", "--tolerance", "50%"]);
    rmSync(join(root, name));
    expect(run.stdout).toMatch(
      /Ignoring ".*\.fxperf\/profiles\/linux-[^/]*\.json": user-directory profiles are kept per project now/,
    );
    expect(run.stdout).toContain(`mv "${join(root, name)}"`);
  });

  test("fingerprint prints the slug the profile is named after", async () => {
    const run = await fxperf(["fingerprint", "--json"]);
    const printed = JSON.parse(run.stdout);
    expect(`${printed.slug}.json`).toBe(readdirSync(profileDir())[0]!);
    expect(printed.fingerprint.cores).toBeGreaterThan(0);
  });
});
