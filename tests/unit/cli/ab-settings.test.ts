import { describe, expect, test } from "bun:test";
import { parseArgs } from "../../../src/cli/create-cli.ts";
import { abSchedule } from "../../../src/cli/ab-plan.ts";
import { parseSettings } from "../../../src/cli/parse-settings.ts";
import type { AbSettings, Env } from "../../../src/cli/settings.ts";
import { AB_PAIRED_FORKS } from "../../../src/run/run-ab-micro-spec.ts";
import { AB_LOAD_MAX_TIME_NS, AB_LOAD_PAIRS } from "../../../src/run/run-ab-load-spec.ts";
import { ExitCode, FxperfError } from "../../../src/errors.ts";

const HOST = { platform: "linux", homeDir: "/home/test", cwd: "/project", stdoutIsTTY: false, stderrIsTTY: false };
const settings = (args: string[], env: Env = {}) => parseSettings(parseArgs(args), env, HOST);

function refusal(args: string[], env: Env = {}): FxperfError {
  try {
    settings(args, env);
  } catch (error) {
    if (error instanceof FxperfError) return error;
    throw error;
  }
  throw new Error(`expected ${args.join(" ")} to be refused`);
}

describe("fxperf ab settings", () => {
  test("defaults: spec/, tolerance from the spec, 6 s per spec, json and markdown to their own files", () => {
    expect(settings(["ab", "--base", "origin/main", "--reporter", "json", "--reporter", "markdown"])).toMatchObject({
      command: "ab",
      paths: ["spec/"],
      baseRef: "origin/main",
      baseDir: undefined,
      install: false,
      tolerance: undefined,
      forks: undefined,
      maxTimeNs: 6e9,
      maxTimeGiven: false,
      strict: false,
      reporters: [
        { kind: "built-in", name: "json", target: "fxperf-ab.json" },
        { kind: "built-in", name: "markdown", target: "fxperf-ab.md" },
      ],
    });
  });
  test("--base-dir is resolved against the working directory; flags and FXPERF_* are read", () => {
    expect(
      settings(["ab", "bench/", "--base-dir", "../main", "--tolerance", "5%", "--forks", "3", "--max-time", "10s"], {
        FXPERF_STRICT: "1",
        GITHUB_STEP_SUMMARY: "/tmp/summary.md",
      }),
    ).toMatchObject({
      paths: ["bench/"],
      baseDir: "/main",
      tolerance: 0.05,
      forks: 3,
      maxTimeNs: 10e9,
      maxTimeGiven: true,
      strict: true,
      githubStepSummary: "/tmp/summary.md",
    });
    expect(settings(["ab", "--base", "main"], { FXPERF_TOLERANCE: "7%" })).toMatchObject({ tolerance: 0.07 });
  });
  test("a load spec's budget is 25 s unless --max-time says; --forks and the spec's .forks() set the first pairs", () => {
    const ab = (args: string[]) => settings(["ab", "--base", "main", ...args]) as AbSettings;
    expect(abSchedule(ab([]), undefined, AB_LOAD_PAIRS, AB_LOAD_MAX_TIME_NS)).toMatchObject({
      minForks: 4,
      maxTimeNs: 25e9,
      budgetFloor: undefined,
    });
    expect(abSchedule(ab([]), 8, AB_PAIRED_FORKS)).toMatchObject({ minForks: 8, maxTimeNs: 6e9 });
    expect(abSchedule(ab(["--max-time", "3s", "--forks", "5"]), 8, AB_LOAD_PAIRS, AB_LOAD_MAX_TIME_NS)).toMatchObject({
      minForks: 5,
      maxTimeNs: 3e9,
      budgetFloor: 3,
    });
  });
  test("base and head are measured side by side by default; --separate measures each in its own processes", () => {
    expect(settings(["ab", "--base", "main"])).toMatchObject({ paired: true });
    expect(settings(["ab", "--base", "main", "--separate"])).toMatchObject({ paired: false });
  });
  test("load specs' wrk and servers are pinned to separate CPUs unless --no-pin; run refuses --no-pin", () => {
    expect(settings(["ab", "--base", "main"])).toMatchObject({ pinCpus: true });
    expect(settings(["ab", "--base", "main", "--no-pin"])).toMatchObject({ pinCpus: false });
    expect(() => settings(["run", "--no-pin"])).toThrow(/--no-pin/);
    // A negated flag only another command has in its plain spelling points there.
    expect(refusal(["ab", "--base", "main", "--no-heap"]).hint).toContain('--heap is an option of "fxperf run"');
  });
  test("--separate belongs to ab: run refuses it naming the flag (exit 2)", () => {
    let caught: unknown;
    try {
      settings(["run", "--separate"]);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(FxperfError);
    expect((caught as FxperfError).exitCode).toBe(ExitCode.Usage);
    expect((caught as FxperfError).message).toContain("--separate");
  });
  test("without --base or --base-dir: exit 2 saying what to give", () => {
    const error = refusal(["ab"]);
    expect(error.exitCode).toBe(ExitCode.Usage);
    expect(error.message).toContain("--base <git-rev> or --base-dir <dir>");
  });
  test("--base and --base-dir together are refused", () => {
    expect(refusal(["ab", "--base", "main", "--base-dir", "x"]).message).toContain("exclude each other");
  });
  test("ab writes json, junit, markdown and html reports, each to its own default file", () => {
    const ab = settings(["ab", "--base", "main", "--reporter", "junit", "--reporter", "html=-"]) as AbSettings;
    expect(ab.reporters).toEqual([
      { kind: "built-in", name: "junit", target: "fxperf-ab-junit.xml" },
      { kind: "built-in", name: "html", target: "-" },
    ]);
  });
  test("reporters ab does not write are refused, naming the flag", () => {
    expect(refusal(["ab", "--base", "main", "--reporter", "tap"]).message).toContain('Unknown reporter "tap"');
    for (const value of ["./mine.ts", "./mine.js=out.txt"]) {
      const error = refusal(["ab", "--base", "main", "--reporter", value]);
      expect(error.exitCode).toBe(ExitCode.Usage);
      expect(error.message).toContain(`--reporter ${value}`);
    }
  });
  test("a bad tolerance, in the flag or FXPERF_TOLERANCE, is refused naming it", () => {
    expect(refusal(["ab", "--base", "main", "--tolerance", "lots"]).message).toContain("--tolerance");
    expect(refusal(["ab", "--base", "main"], { FXPERF_TOLERANCE: "-3%" }).message).toContain("FXPERF_TOLERANCE");
  });
  test("a run-only flag is refused with a pointer to the command that has it", () => {
    const error = refusal(["ab", "--base", "main", "--profile", "x.json"]);
    expect(error.message).toContain("Unknown option `--profile`");
  });
});
