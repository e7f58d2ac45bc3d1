import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { parseArgs } from "../../../src/cli/create-cli.ts";
import { parseSettings } from "../../../src/cli/parse-settings.ts";
import type { Env, ParsedSettings } from "../../../src/cli/settings.ts";
import { ExitCode, FxperfError } from "../../../src/errors.ts";
import { itPerf } from "../../../src/index.ts";
import { runFake } from "../fake-runtime.ts";

const HOST = { platform: "linux", homeDir: "/home/test", cwd: "/project", stdoutIsTTY: false, stderrIsTTY: false };

function settings(args: string[], env: Env = {}): ParsedSettings {
  return parseSettings(parseArgs(args), env, HOST);
}

function refusal(args: string[], env: Env = {}): FxperfError {
  try {
    settings(args, env);
  } catch (error) {
    if (error instanceof FxperfError) return error;
    throw error;
  }
  throw new Error(`expected ${args.join(" ")} to be refused`);
}

/** Any spec file: the settings step must refuse before it is even looked at. */
const specs = { "spec/a.perf.ts": () => itPerf("a", () => 1).time("1ms") };

describe("parseSettings()", () => {
  test("run defaults: forks and maxTimeNs undefined, strict false, timeout 60 s, no retries", () => {
    expect(settings(["run"])).toMatchObject({
      command: "run",
      paths: ["spec/"],
      forks: undefined,
      maxTimeNs: undefined,
      strict: false,
      timeoutNs: 60e9,
      load: { retries: 0, skipReason: undefined, wrkPath: undefined, graceS: 10 },
      userProfileDir: "/home/test/.fxperf/profiles",
      color: { stdout: false, stderr: false },
    });
  });

  test("--forks, --max-time and --strict are typed for run and calibrate", () => {
    for (const command of ["run", "calibrate"]) {
      expect(settings([command, "--forks", "3", "--max-time", "500ms", "--strict"])).toMatchObject({
        forks: 3,
        maxTimeNs: 500e6,
        strict: true,
      });
    }
    expect(settings(["run", "--max-time", "3s"])).toMatchObject({ maxTimeNs: 3e9 });
  });

  test("FXPERF_STRICT turns strict mode on or off; --strict wins", () => {
    for (const [value, strict] of [
      ["1", true],
      ["true", true],
      ["TRUE", true],
      ["0", false],
      ["false", false],
      ["", false],
    ] as const) {
      expect(settings(["run"], { FXPERF_STRICT: value })).toMatchObject({ strict });
    }
    expect(settings(["calibrate", "--strict"], { FXPERF_STRICT: "0" })).toMatchObject({ strict: true });
  });

  test.each([
    [["run", "--forks", "0"], 'Option "--forks" is "0": expected a whole number from 1 to 40'],
    // As typed: not read as hexadecimal or exponent, and bounded (issue 23).
    [["run", "--forks", "0x10"], 'Option "--forks" is "0x10": expected a whole number from 1 to 40'],
    [["ab", "--base", "main", "--forks", "1e9"], 'Option "--forks" is "1e9"'],
    [["run", "--forks", "41"], 'Option "--forks" is "41": expected a whole number from 1 to 40'],
    // A negative value is the option's value, not flags.
    [["run", "--max-time", "-1s"], 'Option "--max-time" is "-1s"'],
    [["run", "--tolerance", "-5%"], 'Option "--tolerance" is "-5%"'],
    [["run", "--forks", "abc"], 'Option "--forks" is "abc"'],
    [["calibrate", "--forks", "1.5"], 'Option "--forks" is "1.5"'],
    [["run", "--max-time", "soon"], 'Option "--max-time" is "soon": expected a duration'],
    [["calibrate", "--max-time", "0s"], 'Option "--max-time" is "0s"'],
    [["run", "--max-time", "3"], 'Option "--max-time" is "3"'],
    [["run", "--retries", "abc"], 'Option "--retries" is "abc": expected a whole number of at least 0'],
    [["run", "--retries=-1"], 'Option "--retries" is "-1"'],
    [["run", "--timeout", "soon"], 'Option "--timeout" is "soon"'],
    [["run", "--tolerance", "lots"], 'Option "--tolerance" is "lots"'],
    [["compare", "a.json", "b.json", "--tolerance", "lots"], 'Option "--tolerance" is "lots"'],
    [["run", "--grep", "/[/"], 'Invalid --grep "/[/"'],
    [["run", "--reporter", "xml"], 'Unknown reporter "xml"'],
    [["run", "--perf-report", "junit"], 'Option "--perf-report junit"'],
    [["calibrate", "--overwrite", "--append"], "Options --overwrite and --append exclude each other"],
  ])("%j is refused with exit 2: %s", (args, message) => {
    const error = refusal(args);
    expect(error.message).toContain(message);
    expect(error.exitCode).toBe(ExitCode.Usage);
  });

  test.each([
    [{ FXPERF_STRICT: "maybe" }, 'FXPERF_STRICT="maybe": expected 1'],
    [{ FXPERF_SKIP_LOAD: "sometimes" }, 'FXPERF_SKIP_LOAD="sometimes": expected 1'],
    [{ FXPERF_WRK_GRACE: "soon" }, 'FXPERF_WRK_GRACE="soon": expected a number of seconds'],
    [{ FXPERF_WRK_GRACE: "-1" }, 'FXPERF_WRK_GRACE="-1"'],
    [{ FXPERF_TOLERANCE: "lots" }, 'FXPERF_TOLERANCE="lots"'],
    [{ FXPERF_OVERRIDE_JSON_PARSE: "fast" }, 'FXPERF_OVERRIDE_JSON_PARSE="fast"'],
  ])("run refuses %j with exit 2 naming the variable", (env, message) => {
    const error = refusal(["run"], env);
    expect(error.message).toContain(message);
    expect(error.exitCode).toBe(ExitCode.Usage);
  });

  test("the environment feeds typed fields", () => {
    const run = settings(["run", "--tolerance", "15%"], {
      FXPERF_SKIP_LOAD: "yes",
      FXPERF_WRK: "/opt/wrk",
      FXPERF_WRK_GRACE: "30",
      FXPERF_TOLERANCE: "5%",
      FXPERF_OVERRIDE_A: "2ms",
      FXPERF_PROFILE: "ci.json",
      GITHUB_STEP_SUMMARY: "/ci/summary.md",
      XDG_CONFIG_HOME: "/xdg",
      FORCE_COLOR: "1",
    });
    expect(run).toMatchObject({
      tolerance: 0.15,
      load: { skipReason: "FXPERF_SKIP_LOAD=yes", wrkPath: "/opt/wrk", graceS: 30 },
      profiles: { env: "ci.json", flag: undefined },
      githubStepSummary: "/ci/summary.md",
      userProfileDir: "/xdg/fxperf/profiles",
      color: { stdout: true, stderr: true },
    });
    expect(run.command === "run" && run.overrides.tolerance?.value).toBe(0.05);
    expect(run.command === "run" && run.overrides.overrides.get("A")).toMatchObject({ kind: "absolute", ns: 2e6 });
    expect(settings(["run", "--skip-load"], { FXPERF_SKIP_LOAD: "0" })).toMatchObject({
      load: { skipReason: "--skip-load" },
    });
  });

  test("calibrate: --out and FXPERF_PROFILE_DIR become absolute, the tolerance defaults to 10%", () => {
    expect(settings(["calibrate", "--out", "profiles"], { FXPERF_PROFILE_DIR: "/elsewhere" })).toMatchObject({
      command: "calibrate",
      out: "/project/profiles",
      profileDir: "/elsewhere",
      tolerance: 0.1,
    });
  });

  test("--shard is read for run, calibrate and ab, and adds a shard file named after the shard", () => {
    const run = settings(["run", "--shard", "2/4", "--shard-timings", "last.json"]);
    expect(run).toMatchObject({ shard: { index: 2, total: 4 }, shardTimings: "/project/last.json" });
    expect((run as unknown as { reporters: unknown[] }).reporters).toContainEqual({
      kind: "built-in",
      name: "shard",
      target: "fxperf-shard-2-of-4.json",
    });
    const ab = settings(["ab", "--base", "main", "--shard", "auto"], {
      CIRCLE_NODE_INDEX: "0",
      CIRCLE_NODE_TOTAL: "2",
    });
    expect(ab).toMatchObject({ shard: { index: 1, total: 2 } });
    expect((ab as unknown as { reporters: unknown[] }).reporters).toContainEqual({
      kind: "built-in",
      name: "shard",
      target: "fxperf-ab-shard-1-of-2.json",
    });
    // A shard file chosen by the user is not doubled.
    const chosen = settings(["run", "--shard", "1/2", "--reporter", "shard=mine.json"]) as unknown as {
      reporters: unknown[];
    };
    expect(chosen.reporters).toEqual([{ kind: "built-in", name: "shard", target: "mine.json" }]);
    expect(settings(["calibrate", "--shard", "1/3"])).toMatchObject({ shard: { index: 1, total: 3 } });
  });

  test("merge: files, --profile with --out, and the options that apply to one mode only", () => {
    expect(settings(["merge", "a.json", "b.json", "--reporter", "json"])).toMatchObject({
      command: "merge",
      files: ["a.json", "b.json"],
      profiles: false,
    });
    expect(settings(["merge", "--profile", "p.json", "--out", "perf-profiles"])).toMatchObject({
      profiles: true,
      out: "/project/perf-profiles",
    });
    expect(refusal(["merge"]).message).toBe('"fxperf merge" needs the files to merge');
    expect(refusal(["merge", "--profile", "p.json"]).message).toContain("needs --out <dir>");
    expect(refusal(["merge", "a.json", "--out", "x"]).message).toBe(
      'Option "--out" applies to "fxperf merge --profile" only',
    );
    expect(refusal(["merge", "--profile", "p.json", "--out", "x", "--reporter", "json"]).message).toContain(
      'Option "--reporter" does not apply',
    );
    expect(refusal(["merge", "a.json", "--reporter", "./mine.ts"]).message).toContain("no custom reporters");
  });

  test("calibrate does not read run's variables", () => {
    expect(settings(["calibrate"], { FXPERF_TOLERANCE: "lots", FXPERF_PROFILE: "nope.json" })).toMatchObject({
      command: "calibrate",
    });
  });
});

describe("the settings step refuses first, whatever else is asked (issue 9)", () => {
  test("--retries abc --list exits 2 naming the flag, and lists nothing", async () => {
    const run = await runFake(["run", "--retries", "abc", "--list"], { specs });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('Option "--retries" is "abc"');
    expect(run.stdout).toBe("");
  });

  test("--profile nope --list exits 2: a missing profile is refused before specs load", async () => {
    let imported = false;
    const run = await runFake(["run", "--profile", "nope", "--list"], {
      specs: {
        "spec/a.perf.ts": () => {
          imported = true;
        },
      },
    });
    expect(run.exitCode).toBe(2);
    expect(run.error?.code).toBe("PROFILE_NOT_FOUND");
    expect(run.stderr).toContain('Profile "nope" not found');
    expect(imported).toBe(false);
  });

  test("a missing FXPERF_PROFILE file is refused before specs load", async () => {
    const run = await runFake(["run", "--list"], { specs, env: { FXPERF_PROFILE: "gone.json" } });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('FXPERF_PROFILE="gone.json": no such file');
  });

  test("FXPERF_PROFILE or --profile naming a directory says it is a directory", async () => {
    const files = { "perf-profiles/ci.json": "{}" };
    const byEnv = await runFake(["run", "--list"], { specs, files, env: { FXPERF_PROFILE: "perf-profiles" } });
    expect(byEnv.exitCode).toBe(2);
    expect(byEnv.error?.code).toBe("PROFILE_NOT_FOUND");
    expect(byEnv.stderr).toContain('FXPERF_PROFILE="perf-profiles" is a directory: expected a profile JSON file');
    const byFlag = await runFake(["run", "--list", "--profile", "perf-profiles/"], { specs, files });
    expect(byFlag.exitCode).toBe(2);
    expect(byFlag.error?.code).toBe("PROFILE_NOT_FOUND");
    expect(byFlag.stderr).toContain('--profile "perf-profiles/" is a directory: expected a profile JSON file');
    expect(byFlag.error?.hint).toContain("perf-profiles/ci.json");
  });

  test("--retries abc --tags nope reports the flag, not 'No spec selected'", async () => {
    const run = await runFake(["run", "--retries", "abc", "--tags", "nope"], { specs });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('Option "--retries" is "abc"');
    expect(run.stderr).not.toContain("No spec selected");
  });

  test("fxperf --bogus exits 2 instead of printing help", async () => {
    const run = await runFake(["--bogus"]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain("Unknown option `--bogus` for fxperf");
    expect(run.stdout).toBe("");
  });

  test("fxperf run --bogus exits 2", async () => {
    const run = await runFake(["run", "--bogus"], { specs });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('Unknown option `--bogus` for "fxperf run"');
  });

  test("--tag gets 'did you mean --tags?'", async () => {
    const run = await runFake(["run", "--tag", "x"], { specs });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain("did you mean --tags?");
  });

  test("near misses are suggested; far ones and other commands' options are not mistaken", () => {
    expect(refusal(["run", "--retires", "2"]).hint).toContain("did you mean --retries?");
    expect(refusal(["calibrate", "--overwite"]).hint).toContain("did you mean --overwrite?");
    expect(refusal(["run", "--skip-tag", "a"]).hint).toContain("did you mean --skip-tags?");
    expect(refusal(["run", "--zzz"]).hint).not.toContain("did you mean");
    expect(refusal(["run", "--dry-run"]).hint).toContain('--dry-run is an option of "fxperf calibrate"');
  });

  test("a bad variable exits 2 even with --list", async () => {
    const run = await runFake(["run", "--list"], { specs, env: { FXPERF_STRICT: "maybe" } });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('FXPERF_STRICT="maybe"');
  });
});

describe("only the settings step reads the environment", () => {
  const SRC = join(import.meta.dirname, "..", "..", "..", "src");
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
    );

  test("no file but src/cli/read-settings.ts, src/main.ts and src/runtime/ reads runtime.env", () => {
    const allowed = ["cli/read-settings.ts", "main.ts", "runtime/"];
    const offenders = files(SRC)
      .map((file) => relative(SRC, file))
      .filter((file) => !allowed.some((a) => file.startsWith(a)))
      .filter((file) => /\b(runtime|io|deps)\.env\b/.test(readFileSync(join(SRC, file), "utf8")));
    expect(offenders).toEqual([]);
  });
});
