import { describe, expect, test } from "bun:test";
import { parseArgs } from "../../../src/cli/create-cli.ts";
import { ExitCode, FxperfError } from "../../../src/errors.ts";

describe("parseArgs()", () => {
  test("run defaults to spec/", () => {
    const invocation = parseArgs(["run"]);
    expect(invocation).toMatchObject({
      command: "run",
      options: { paths: ["spec/"], tags: [], skipTags: [], list: false, allowUnfit: false },
    });
  });

  test("run takes paths and every option", () => {
    const invocation = parseArgs([
      "run",
      "a/",
      "b.perf.ts",
      "--tags",
      "x,y",
      "--skip-tags",
      "slow",
      "--grep",
      "/^j/",
      "--list",
      "--allow-unfit",
      "--heap",
      "--timeout",
      "5s",
    ]);
    expect(invocation).toEqual({
      command: "run",
      options: {
        paths: ["a/", "b.perf.ts"],
        tags: ["x", "y"],
        skipTags: ["slow"],
        grep: "/^j/",
        list: true,
        shard: undefined,
        shardTimings: undefined,
        cpuProfile: undefined,
        cpuProfileDir: undefined,
        history: undefined,
        baseline: undefined,
        historyRequired: false,
        allowUnfit: true,
        heap: true,
        timeout: "5s",
        passWithNoSpecs: false,
        profile: undefined,
        tolerance: undefined,
        requireBaseline: false,
        skipLoad: false,
        wrkOptional: false,
        retries: undefined,
        verbose: false,
        forks: undefined,
        maxTime: undefined,
        strict: false,
        reporter: [],
        perfReport: [],
      },
    });
  });

  test("multi-word boolean flags do not swallow the path after them", () => {
    const invocation = parseArgs(["run", "--allow-unfit", "a/", "--pass-with-no-specs", "b/"]);
    expect(invocation).toMatchObject({
      command: "run",
      options: { paths: ["a/", "b/"], allowUnfit: true, passWithNoSpecs: true },
    });
  });

  test("--version wins even after a command", () => {
    expect(parseArgs(["run", "--version"])).toEqual({ command: "version" });
  });

  test("numeric-looking tags stay strings and repeated --tags add up", () => {
    const invocation = parseArgs(["run", "--tags", "123", "--tags", "x"]);
    expect(invocation.command === "run" && invocation.options.tags).toEqual(["123", "x"]);
  });

  test("an unknown option is a usage error naming it", () => {
    const error = (() => {
      try {
        parseArgs(["run", "--frobnicate"]);
      } catch (e) {
        return e as FxperfError;
      }
    })();
    expect(error).toBeInstanceOf(FxperfError);
    expect(error!.message).toContain("--frobnicate");
    expect(error!.exitCode).toBe(ExitCode.Usage);
  });

  test("an unknown command is a usage error", () => {
    expect(() => parseArgs(["sprint"])).toThrow('Unknown command "sprint"');
  });

  test("--grep without a value is refused", () => {
    expect(() => parseArgs(["run", "--grep"])).toThrow('"--grep" needs a value');
  });

  test("help and version", () => {
    expect(parseArgs([])).toMatchObject({ command: "help" });
    expect(parseArgs(["--version"])).toEqual({ command: "version" });
    const help = parseArgs(["run", "--help"]);
    expect(help.command === "help" && help.text).toContain("--skip-tags");
    const top = parseArgs(["--help"]);
    expect(top.command === "help" && top.text).toContain("Exit codes");
  });
});
