import { describe, expect, test } from "bun:test";
import { itPerf } from "../../../src/index.ts";
import { type FakeRuntime, runFake } from "../fake-runtime.ts";
import { projectProfileDir } from "../../../src/profiles/locations.ts";

const specs = {
  "spec/a.perf.ts": () =>
    itPerf("a", () => 1)
      .time("2ms")
      .warmup(1),
};
const SLUG = "linux-x64-fake-3000-4c-16g-bun1";
/** This project's folder in the user directory (the fake runtime's project is /project). */
const USER_PROFILE = `${projectProfileDir("/home/test/.fxperf/profiles", "/project")}/${SLUG}.json`;

describe("fxperf calibrate (fake runtime)", () => {
  test("--dry-run says what and where, and measures nothing", async () => {
    const run = await runFake(["calibrate", "--dry-run"], { specs });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain(`Would calibrate 1 spec on ${SLUG}`);
    expect(run.stdout).toContain("(this project's folder in the user directory; new file)");
    // Only the probe that checks the spec files load ran: nothing was measured.
    expect(run.runtime.spawned.map((argv) => argv[1])).toEqual(["__probe"]);
  });

  test("an unwritable target is refused before measuring, --dry-run too, naming the cause (exit 3, issue 23)", async () => {
    const unwritable = { "/ro": "EROFS: read-only file system, access '/ro'" };
    for (const args of [
      ["calibrate", "--out", "/ro"],
      ["calibrate", "--out", "/ro", "--dry-run"],
    ]) {
      const run = await runFake(args, { specs, unwritable });
      expect(run.exitCode).toBe(3);
      expect(run.stderr).toContain(
        `Profile "/ro/${SLUG}.json" (--out) cannot be written: EROFS: read-only file system`,
      );
      expect(run.stderr).toContain("hint: choose a writable directory with --out <dir>");
      expect(run.stderr).not.toContain("internal error");
      expect(run.runtime.spawned.filter((argv) => argv[1] === "__fork")).toHaveLength(0);
    }
  });

  test("records a profile in the user directory, measuring noise in fresh processes", async () => {
    const run = await runFake(["calibrate"], { specs });
    expect(run.exitCode).toBe(0);
    const profile = JSON.parse(run.runtime.files.get(USER_PROFILE)!);
    expect(Object.keys(profile.baselines)).toEqual(["a"]);
    // Every spawned process is a noise probe or one of the spec's 10 forks, each recorded.
    const forks = run.runtime.spawned.filter((argv) => argv[1] === "__fork");
    expect(forks.length).toBe(10);
    const count = (command: string) => run.runtime.spawned.filter((argv) => argv[1] === command).length;
    expect(count("__probe")).toBe(1);
    expect(count("__noise-probe")).toBeGreaterThan(0);
    expect(run.runtime.spawned.length).toBe(10 + 1 + count("__noise-probe"));
    expect(profile.baselines.a.forks).toHaveLength(10);
    expect(profile.schemaVersion).toBe(2);
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

/** A profile of this fake machine holding baselines for the specs named. */
async function profileWith(...ids: string[]): Promise<string> {
  const many = Object.fromEntries(
    ids.map((id) => [
      `spec/${id}.perf.ts`,
      () =>
        itPerf(id, () => 1)
          .time("2ms")
          .warmup(1),
    ]),
  );
  const run = await runFake(["calibrate", "--out", "/tmp/p"], { specs: many });
  return run.runtime.files.get(`/tmp/p/${SLUG}.json`)!;
}
const baselineIds = (runtime: FakeRuntime, file = USER_PROFILE) =>
  Object.keys(JSON.parse(runtime.files.get(file)!).baselines).sort();
const LOCK = `${USER_PROFILE}.lock`;

describe("fxperf calibrate: concurrent calibrations (fake runtime)", () => {
  test("--append merges with baselines another calibration wrote while this one measured", async () => {
    const before = await profileWith("old");
    const meanwhile = await profileWith("old", "other");
    const run = await runFake(["calibrate", "--append"], {
      specs,
      files: { [USER_PROFILE]: before },
      // The other calibration finishes while this one measures the noise.
      spawnSelf: (_args, runtime) => {
        runtime.files.set(USER_PROFILE, meanwhile);
        return { exitCode: 0, stdout: "1000\n" };
      },
    });
    expect(run.exitCode).toBe(0);
    expect(baselineIds(run.runtime)).toEqual(["a", "old", "other"]);
    expect(run.runtime.files.has(LOCK)).toBe(false);
  });

  test("a profile another calibration created meanwhile is not replaced silently", async () => {
    const meanwhile = await profileWith("other");
    const run = await runFake(["calibrate"], {
      specs,
      spawnSelf: (_args, runtime) => {
        runtime.files.set(USER_PROFILE, meanwhile);
        return { exitCode: 0, stdout: "1000\n" };
      },
    });
    expect(run.exitCode).toBe(2);
    expect(run.error?.code).toBe("PROFILE_EXISTS");
    expect(baselineIds(run.runtime)).toEqual(["other"]);
    expect(run.runtime.files.has(LOCK)).toBe(false);
  });

  test("a lock held by a running process is waited for, then exit 3 naming the lock file and PID", async () => {
    const before = await profileWith("old");
    const run = await runFake(["calibrate", "--append"], {
      specs,
      livePids: [4242],
      files: { [USER_PROFILE]: before, [LOCK]: "4242\n" },
    });
    expect(run.exitCode).toBe(3);
    expect(run.error?.code).toBe("PROFILE_LOCKED");
    expect(run.error?.message).toContain(`"${LOCK}" is held by PID 4242`);
    expect(run.stderr).toContain("waiting up to 60 s");
    expect(run.runtime.slept.reduce((sum, ms) => sum + ms, 0)).toBeGreaterThanOrEqual(60_000);
    // Nothing replaced, and the other process's lock is left alone.
    expect(run.runtime.files.get(USER_PROFILE)).toBe(before);
    expect(run.runtime.files.get(LOCK)).toBe("4242\n");
  });

  test("the calibration goes on once the holder releases the lock, and merges what it wrote", async () => {
    const before = await profileWith("old");
    const written = await profileWith("old", "other");
    const run = await runFake(["calibrate", "--append"], {
      specs,
      livePids: [4242],
      files: { [USER_PROFILE]: before, [LOCK]: "4242\n" },
      onSleep: (_ms, runtime) => {
        if (runtime.slept.length === 3) {
          runtime.files.set(USER_PROFILE, written);
          runtime.files.delete(LOCK);
        }
      },
    });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toContain(`is locked by PID 4242`);
    expect(baselineIds(run.runtime)).toEqual(["a", "old", "other"]);
    expect(run.runtime.files.has(LOCK)).toBe(false);
  });

  test("a stale lock (its PID no longer runs) is taken over", async () => {
    const run = await runFake(["calibrate"], { specs, files: { [LOCK]: "4242\n" } });
    expect(run.exitCode).toBe(0);
    expect(baselineIds(run.runtime)).toEqual(["a"]);
    expect(run.runtime.files.has(LOCK)).toBe(false);
    expect(run.runtime.slept).toEqual([]);
  });

  test("the lock is released when the merge fails", async () => {
    const before = await profileWith("old");
    const run = await runFake(["calibrate", "--append"], {
      specs,
      files: { [USER_PROFILE]: before },
      spawnSelf: (_args, runtime) => {
        runtime.files.set(USER_PROFILE, "{ not json");
        return { exitCode: 0, stdout: "1000\n" };
      },
    });
    expect(run.exitCode).toBe(2);
    expect(run.error?.code).toBe("PROFILE_INVALID");
    expect(run.runtime.files.has(LOCK)).toBe(false);
  });

  test("a spec that changes the working directory does not move the profile", async () => {
    const run = await runFake(["calibrate", "--out", "mine"], {
      specs: {
        "spec/a.perf.ts": (runtime) => {
          runtime.chdir("/elsewhere");
          itPerf("a", () => 1)
            .time("2ms")
            .warmup(1);
        },
      },
    });
    expect(run.exitCode).toBe(0);
    expect(run.runtime.files.has(`/project/mine/${SLUG}.json`)).toBe(true);
  });

  test("--repo resolves the repository's perf-profiles/ before any spec runs", async () => {
    const run = await runFake(["calibrate", "--repo"], {
      specs: {
        "spec/a.perf.ts": (runtime) => {
          runtime.chdir("/elsewhere");
          itPerf("a", () => 1)
            .time("2ms")
            .warmup(1);
        },
      },
    });
    expect(run.exitCode).toBe(0);
    expect(run.runtime.files.has(`/project/perf-profiles/${SLUG}.json`)).toBe(true);
  });

  test("a signal after the last spec was measured still stops calibrate before it writes (exit 130)", async () => {
    const controller = new AbortController();
    // gitCommit() is read after measuring, just before the profile is written.
    const gitCommit = async () => {
      controller.abort();
      return null;
    };
    const run = await runFake(["calibrate"], { specs, gitCommit, signal: controller.signal });
    expect(run.exitCode).toBe(130);
    expect(run.stdout).toContain("Interrupted: nothing written");
    expect(run.runtime.files.has(USER_PROFILE)).toBe(false);
  });
});
