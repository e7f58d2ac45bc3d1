/**
 * Baselines per machine through the compiled binary, alone in an empty directory,
 * with a temporary HOME so no real user directory is touched.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildBinary, ROOT, readUntil, runProcess, SPECS } from "../cli-harness.ts";

// These tests run real processes; Bun applies a preloaded default timeout to the first file only.
setDefaultTimeout(60_000);

let work: string;
let binary: string;
/** The project the user-directory tests run in (it never gets a perf-profiles/ of its own). */
let project: string;
/** A second copy of it, for the tests of repository profiles (perf-profiles/ at its root). */
let repoProject: string;

beforeAll(async () => {
  await buildBinary();
  work = mkdtempSync(join(tmpdir(), "fxperf-profiles-"));
  binary = join(work, "fxperf");
  cpSync(join(ROOT, "dist", "fxperf"), binary);
  project = newProject("project-");
  repoProject = newProject("repo-project-");
}, 120_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

function newProject(prefix: string): string {
  const dir = mkdtempSync(join(work, prefix));
  cpSync(join(SPECS, "calibrated"), join(dir, "spec"), { recursive: true });
  return dir;
}

/** A HOME of its own: each test states the profiles it starts from, so any test can run alone. */
const newHome = () => mkdtempSync(join(work, "home-"));

const fxperf = (
  args: string[],
  env: Record<string, string> = {},
  at: { readonly home: string; readonly cwd?: string } = { home: newHome() },
) => runProcess([binary, ...args], at.cwd ?? project, { PATH: "/usr/bin:/bin", HOME: at.home, ...env });

/** A project's folder in a HOME's user profile directory. */
const profileDir = (home: string, of = project) => {
  const root = join(home, ".fxperf", "profiles");
  const prefix = `${of.split("/").at(-1)}-`;
  const folder = readdirSync(root, { withFileTypes: true }).find((e) => e.isDirectory() && e.name.startsWith(prefix));
  if (!folder) throw new Error(`no user-directory profile folder for ${of} in ${root}`);
  return join(root, folder.name);
};
const profileFile = (home: string, of = project) => {
  const dir = profileDir(home, of);
  return join(dir, readdirSync(dir).find((name) => name.endsWith(".json"))!);
};

/** A HOME where `calibrate` recorded `of`'s two specs, made once per project (read it, do not change it). */
const calibrations = new Map<string, ReturnType<typeof calibrateOnce>>();
async function calibrateOnce(of: string) {
  const home = newHome();
  const run = await fxperf(["calibrate"], {}, { home, cwd: of });
  if (run.exitCode !== 0) throw new Error(`calibrate failed (exit ${run.exitCode}): ${run.stderr}`);
  return { home, run };
}
const calibrated = (of = project) => {
  if (!calibrations.has(of)) calibrations.set(of, calibrateOnce(of));
  return calibrations.get(of)!;
};
/** A copy of a calibrated HOME, for a test that changes its profile. */
async function calibratedCopy(of = project): Promise<string> {
  const home = newHome();
  cpSync(join((await calibrated(of)).home, ".fxperf"), join(home, ".fxperf"), { recursive: true });
  return home;
}

/** `calibrate --repo` of one spec in the repository project, made once; its file. */
let repoCalibration: Promise<{ file: string; run: Awaited<ReturnType<typeof fxperf>> }> | undefined;
const repoCalibrated = () => {
  repoCalibration ??= (async () => {
    const run = await fxperf(
      ["calibrate", "--repo", "--grep", "sqrt loop small"],
      {},
      { home: newHome(), cwd: repoProject },
    );
    const files = existsSync(join(repoProject, "perf-profiles")) ? readdirSync(join(repoProject, "perf-profiles")) : [];
    return { file: join(repoProject, "perf-profiles", files[0] ?? "missing.json"), run };
  })();
  return repoCalibration;
};

describe("profiles and calibration (compiled binary)", () => {
  test("before calibrating: NO BASELINE, the missing profile is named once, --require-baseline fails", async () => {
    const home = newHome();
    const run = await fxperf(["run"], {}, { home });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/NO BASELINE\s+calibrated > sqrt loop /);
    expect(run.stdout.match(/No profile for this machine/g)).toHaveLength(1);
    const required = await fxperf(["run", "--require-baseline"], {}, { home });
    expect(required.exitCode).toBe(1);
    expect(required.stdout).toContain("no baseline (--require-baseline)");
  });

  test("calibrate --dry-run measures nothing and writes nothing", async () => {
    const home = newHome();
    const run = await fxperf(["calibrate", "--dry-run"], {}, { home });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("Would calibrate 2 specs");
    expect(run.stdout).toContain("Nothing was measured");
    expect(existsSync(join(home, ".fxperf", "profiles"))).toBe(false);
  });

  test("calibrate writes this machine's profile to the user directory", async () => {
    const { home, run } = await calibrated();
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("Machine noise");
    expect(run.stdout).toMatch(/Wrote 2 baselines to .*\.fxperf\/profiles\/project-[^/]+\/linux-.*\.json/);
    const profile = JSON.parse(readFileSync(profileFile(home), "utf8"));
    expect(profile.schemaVersion).toBe(2);
    expect(Object.keys(profile.baselines).sort()).toEqual(["calibrated > sqrt loop", "calibrated > sqrt loop small"]);
    expect(profile.calibration.noiseCv).toBeGreaterThanOrEqual(0);
  });

  test("an existing profile is never replaced silently", async () => {
    const home = await calibratedCopy();
    const before = readFileSync(profileFile(home), "utf8");
    const run = await fxperf(["calibrate"], {}, { home });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain("already exists");
    expect(run.stderr).toContain("--append");
    expect(readFileSync(profileFile(home), "utf8")).toBe(before);
  });

  // Runs that must PASS against a baseline use a wide tolerance: on a shared machine an unchanged spec
  // can drift a few percent and be (rightly) undecided at 10%. The failing case uses twice the work.
  test("after calibrating, run compares with the baseline and passes, naming the profile", async () => {
    const { home } = await calibrated();
    const run = await fxperf(["run", "--tolerance", "50%"], {}, { home });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(
      /PASS\s+calibrated > sqrt loop .*local\s+centre \S+ \S+ vs \S+ \S+: [+-][\d.]+%( ±[\d.]+%)? ≤ \+50\.0%/,
    );
    expect(run.stdout).toMatch(/Profile ".*linux-.*\.json" \(local, calibrated .*\): baselines for 2 of 2 specs/);
  });

  test("twice the work fails against the baseline, with its provenance", async () => {
    const { home } = await calibrated();
    const run = await fxperf(["run", "--grep", "sqrt loop small"], { WORK_FACTOR: "2" }, { home });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(/FAIL\s+calibrated > sqrt loop small/);
    expect(run.stdout).toMatch(/centre .* against baseline .*: \+\d+\.\d%/);
    expect(run.stdout).toMatch(
      /baseline from local profile .*\.fxperf\/profiles\/[^/]+\/linux-.*\.json, calibrated \d{4}-\d\d-\d\dT/,
    );
  });

  test("an override loosens the limit and is flagged with its variable", async () => {
    const at = { home: (await calibrated()).home };
    const run = await fxperf(
      ["run", "--grep", "sqrt loop small"],
      { WORK_FACTOR: "2", FXPERF_OVERRIDE_CALIBRATED_SQRT_LOOP_SMALL: "+300%" },
      at,
    );
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("Overridden limits");
    expect(run.stdout).toContain('FXPERF_OVERRIDE_CALIBRATED_SQRT_LOOP_SMALL="+300%"');
    const unmatched = await fxperf(["run", "--grep", "sqrt loop small"], { FXPERF_OVERRIDE_NO_SUCH_SPEC: "1ms" }, at);
    expect(unmatched.stdout).toContain("FXPERF_OVERRIDE_NO_SUCH_SPEC matches no spec");
    const malformed = await fxperf(["run"], { FXPERF_OVERRIDE_CALIBRATED_SQRT_LOOP: "soon" }, at);
    expect(malformed.exitCode).toBe(2);
    expect(malformed.stderr).toContain('FXPERF_OVERRIDE_CALIBRATED_SQRT_LOOP="soon"');
  });

  test("--append re-records one spec and keeps the others", async () => {
    const home = await calibratedCopy();
    const before = JSON.parse(readFileSync(profileFile(home), "utf8"));
    const run = await fxperf(["calibrate", "--append", "--grep", "sqrt loop small"], {}, { home });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("Wrote 1 baseline");
    expect(run.stdout).toContain("kept 1 other");
    const after = JSON.parse(readFileSync(profileFile(home), "utf8"));
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
      cwd: project,
      env: { PATH: "/usr/bin:/bin", HOME: newHome(), NO_COLOR: "1" },
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
    const at = { home: await calibratedCopy() };
    const file = profileFile(at.home);
    const corrupt = JSON.parse(readFileSync(file, "utf8"));
    corrupt.baselines["calibrated > sqrt loop"].p50 = "fast";
    writeFileSync(file, JSON.stringify(corrupt));
    const run = await fxperf(["run"], {}, at);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(
      /Cannot read profile ".*linux-.*\.json": "baselines\.calibrated > sqrt loop\.p50" must be number, got "fast"/,
    );
    const append = await fxperf(["calibrate", "--append"], {}, at);
    expect(append.exitCode).toBe(2);
    expect(JSON.parse(readFileSync(file, "utf8")).baselines["calibrated > sqrt loop"].p50).toBe("fast");
    writeFileSync(file, "{ not json");
    const broken = await fxperf(["run"], {}, at);
    expect(broken.stderr).toContain("invalid JSON at line 1, column 3");
  });

  test("calibrate --repo writes perf-profiles/ and FXPERF_PROFILE picks a file explicitly", async () => {
    const { run } = await repoCalibrated();
    expect(run.exitCode).toBe(0);
    const repoFiles = readdirSync(join(repoProject, "perf-profiles"));
    expect(repoFiles).toHaveLength(1);
    const at = { home: newHome(), cwd: repoProject };
    const viaEnv = await fxperf(
      ["run", "--grep", "sqrt loop small", "--tolerance", "50%"],
      { FXPERF_PROFILE: join("perf-profiles", repoFiles[0]!) },
      at,
    );
    expect(viaEnv.stdout).toMatch(/PASS\s+calibrated > sqrt loop small .*env/);
    const missing = await fxperf(["run"], { FXPERF_PROFILE: "nope.json" }, at);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain('FXPERF_PROFILE="nope.json": no such file');
  });

  test("a corrupt repository profile's hint says to record it again with --repo", async () => {
    const { file } = await repoCalibrated();
    const good = readFileSync(file, "utf8");
    writeFileSync(file, "{ broken");
    const run = await fxperf(["run"], {}, { home: newHome(), cwd: repoProject });
    writeFileSync(file, good);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('hint: re-run "fxperf calibrate --repo --overwrite"');
  });

  test("a user-directory profile older than the repository's it shadows is pointed out", async () => {
    await repoCalibrated();
    const home = await calibratedCopy(repoProject);
    const file = profileFile(home, repoProject);
    const older = JSON.parse(readFileSync(file, "utf8"));
    older.calibration.date = "2020-01-01T00:00:00.000Z";
    writeFileSync(file, JSON.stringify(older));
    const run = await fxperf(
      ["run", "--grep", "sqrt loop small", "--tolerance", "50%"],
      {},
      { home, cwd: repoProject },
    );
    expect(run.stdout).toMatch(
      /Profile ".*perf-profiles\/linux-.*\.json" \(calibrated .*\) is newer than ".*" \(calibrated 2020-01-01/,
    );
    expect(run.stdout).toContain("which takes precedence for 1 of its specs");
  });

  test("two projects on one machine keep their own user-directory baselines", async () => {
    // Another project with a spec of the same id that does twice the work: it must not be
    // compared with this project's baseline (it was: "+100% vs baseline", exit 1).
    // Outside this project's tree, so its perf-profiles/ is not found either.
    const home = await calibratedCopy();
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
    const before = readFileSync(profileFile(home), "utf8");
    const calibrate = await runProcess([binary, "calibrate", "--grep", "sqrt loop small", "--forks", "2"], other, {
      PATH: "/usr/bin:/bin",
      HOME: home,
    });
    expect(calibrate.exitCode).toBe(0);
    expect(calibrate.stdout).toMatch(/\.fxperf\/profiles\/fxperf-other-project-[^/]+-[0-9a-f]{10}\/linux-.*\.json/);
    rmSync(other, { recursive: true, force: true });
    // The first project's profile is untouched.
    expect(readFileSync(profileFile(home), "utf8")).toBe(before);
  });

  test("a profile left in the user directory by an older fxperf (one per machine) is explained, not used", async () => {
    const home = await calibratedCopy();
    const root = join(home, ".fxperf", "profiles");
    const name = profileFile(home).split("/").at(-1)!;
    cpSync(profileFile(home), join(root, name));
    const run = await fxperf(["run", "--grep", "sqrt loop small", "--tolerance", "50%"], {}, { home });
    expect(run.stdout).toMatch(
      /Ignoring ".*\.fxperf\/profiles\/linux-[^/]*\.json": user-directory profiles are kept per project now/,
    );
    expect(run.stdout).toContain(`mv "${join(root, name)}"`);
  });

  test("fingerprint prints the slug the profile is named after", async () => {
    const { home } = await calibrated();
    const run = await fxperf(["fingerprint", "--json"], {}, { home });
    const printed = JSON.parse(run.stdout);
    expect(`${printed.slug}.json`).toBe(profileFile(home).split("/").at(-1)!);
    expect(printed.fingerprint.cores).toBeGreaterThan(0);
  });
});
