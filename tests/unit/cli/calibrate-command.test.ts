import { describe, expect, test } from "bun:test";
import { itPerf } from "../../../src/index.ts";
import { runFake } from "../fake-runtime.ts";

const specs = {
  "spec/a.perf.ts": () =>
    itPerf("a", () => 1)
      .time("2ms")
      .warmup(1),
};
const SLUG = "linux-x64-fake-3000-4c-16g-bun1";
const USER_PROFILE = `/home/test/.fxperf/profiles/${SLUG}.json`;

describe("fxperf calibrate (fake runtime)", () => {
  test("--dry-run says what and where, and measures nothing", async () => {
    const run = await runFake(["calibrate", "--dry-run"], { specs });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain(`Would calibrate 1 spec on ${SLUG}`);
    expect(run.stdout).toContain("(user directory; new file)");
    expect(run.runtime.spawned).toEqual([]);
  });

  test("records a profile in the user directory, measuring noise in fresh processes", async () => {
    const run = await runFake(["calibrate"], { specs });
    expect(run.exitCode).toBe(0);
    const profile = JSON.parse(run.runtime.files.get(USER_PROFILE)!);
    expect(Object.keys(profile.baselines)).toEqual(["a"]);
    // Every spawned process is a noise probe or one of the spec's 10 forks, each recorded.
    const forks = run.runtime.spawned.filter((argv) => argv[1] === "__fork");
    expect(forks.length).toBe(10);
    expect(run.runtime.spawned.length - forks.length).toBeGreaterThan(0);
    expect(run.runtime.spawned.every((argv) => argv[1] === "__noise-probe" || argv[1] === "__fork")).toBe(true);
    expect(profile.baselines.a.forks).toHaveLength(10);
    expect(profile.schemaVersion).toBe(2);
    expect(run.runtime.spawned.length).toBeGreaterThan(0);
  });

  test("--out and FXPERF_PROFILE_DIR choose the directory; --out wins", async () => {
    const env = await runFake(["calibrate"], { specs, env: { FXPERF_PROFILE_DIR: "/profiles" } });
    expect(env.runtime.files.has(`/profiles/${SLUG}.json`)).toBe(true);
    const out = await runFake(["calibrate", "--out", "mine"], { specs, env: { FXPERF_PROFILE_DIR: "/profiles" } });
    expect(out.runtime.files.has(`/project/mine/${SLUG}.json`)).toBe(true);
  });

  test("an existing profile is never replaced silently", async () => {
    const run = await runFake(["calibrate"], { specs, files: { [USER_PROFILE]: "{}" } });
    expect(run.exitCode).toBe(2);
    expect(run.error?.code).toBe("PROFILE_EXISTS");
  });

  test("a failing noise probe stops the calibration with exit 3", async () => {
    const run = await runFake(["calibrate"], { specs, spawnSelf: () => ({ exitCode: 1, stdout: "" }) });
    expect(run.exitCode).toBe(3);
    expect(run.stderr).toContain("The noise probe");
  });
});
