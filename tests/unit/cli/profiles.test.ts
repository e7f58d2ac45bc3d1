import { describe, expect, test } from "bun:test";
import { itPerf } from "../../../src/index.ts";
import { createFakeRuntime, runFake } from "../fake-runtime.ts";
import { projectProfileDir } from "../../../src/profiles/locations.ts";

const specs = {
  "spec/a.perf.ts": () =>
    itPerf("a", () => 1)
      .time("2ms")
      .warmup(1),
};
const SLUG = "linux-x64-fake-3000-4c-16g-bun1";

/** A real profile for this fake machine, written by a fake calibration. */
async function calibratedProfile(): Promise<string> {
  const run = await runFake(["calibrate", "--out", "/tmp/p"], { specs });
  return run.runtime.files.get(`/tmp/p/${SLUG}.json`)!;
}

describe("profile loading (fake runtime)", () => {
  test("the user directory's profile for this machine is read (local)", async () => {
    const profile = await calibratedProfile();
    const run = await runFake(["run"], {
      specs,
      files: { [`${projectProfileDir("/home/test/.fxperf/profiles", "/project")}/${SLUG}.json`]: profile },
    });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain(
      `Profile "${projectProfileDir("/home/test/.fxperf/profiles", "/project")}/${SLUG}.json" (local`,
    );
  });

  test("XDG_CONFIG_HOME moves the user directory", async () => {
    const profile = await calibratedProfile();
    const run = await runFake(["run"], {
      specs,
      env: { XDG_CONFIG_HOME: "/xdg" },
      files: { [`${projectProfileDir("/xdg/fxperf/profiles", "/project")}/${SLUG}.json`]: profile },
    });
    expect(run.stdout).toContain(
      `Profile "${projectProfileDir("/xdg/fxperf/profiles", "/project")}/${SLUG}.json" (local`,
    );
  });

  test("--profile finds a name in the repository's perf-profiles/ and FXPERF_PROFILE a file", async () => {
    const profile = await calibratedProfile();
    const byName = await runFake(["run", "--profile", "ci"], {
      specs,
      files: { "perf-profiles/ci.json": profile },
    });
    expect(byName.exitCode).toBe(0);
    expect(byName.stdout).toContain('Profile "perf-profiles/ci.json" (flag');
    const byEnv = await runFake(["run"], { specs, env: { FXPERF_PROFILE: "p.json" }, files: { "p.json": profile } });
    expect(byEnv.stdout).toContain('Profile "p.json" (env');
  });

  test("--profile that names nothing lists the profiles there are", async () => {
    const run = await runFake(["run", "--profile", "nope"], {
      specs,
      files: { "perf-profiles/ci.json": "{}" },
    });
    expect(run.exitCode).toBe(2);
    expect(run.error?.hint).toContain("available: perf-profiles/ci.json");
  });

  test("the fake runtime keeps written files", async () => {
    const runtime = createFakeRuntime({ files: { "a.txt": "x" } });
    await runtime.writeTextFileAtomic("/project/b/c.txt", "y");
    expect(await runtime.stat("/project/b")).toBe("directory");
    expect(await runtime.readDir("/project")).toEqual([
      { name: "a.txt", kind: "file" },
      { name: "b", kind: "directory" },
    ]);
  });
});
