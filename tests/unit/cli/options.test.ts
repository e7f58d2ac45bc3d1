import { describe, expect, test } from "bun:test";
import { createCli, parseArgs } from "../../../src/cli/create-cli.ts";
import { OPTION_LIST as OPTIONS, type OptionCommand } from "../../../src/cli/options.ts";
import { DEFAULT_TOLERANCE } from "../../../src/profiles/resolve-limits.ts";
import { AB_LOAD_MAX_TIME_NS, AB_LOAD_PAIRS } from "../../../src/run/run-ab-load-spec.ts";
import { AB_PAIRED_FORKS } from "../../../src/run/run-ab-micro-spec.ts";
import { FORK_DEFAULTS } from "../../../src/run/run-forks.ts";
import { AB_DEFAULT_TOLERANCE } from "../../../src/verdict/ab-verdict.ts";

const help = (command: string) => {
  const run = parseArgs([command, "--help"]);
  if (run.command !== "help") throw new Error(`${command} --help did not ask for help`);
  return run.text;
};

describe("the option table (options.ts)", () => {
  test("declares each option on exactly the commands its help names", () => {
    const cli = createCli();
    for (const option of OPTIONS) {
      for (const command of cli.commands) {
        const declared = command.options.some((o) => o.rawName === option.flags);
        expect(`${command.name} ${option.flags} ${declared}`).toBe(
          `${command.name} ${option.flags} ${option.help[command.name as OptionCommand] !== undefined}`,
        );
      }
    }
  });
  test("parseArgs() fills exactly the options the table gives each command, read by their kind", () => {
    const commands: [OptionCommand, string[], string[]][] = [
      ["run", ["run"], ["paths"]],
      ["calibrate", ["calibrate"], ["paths"]],
      ["ab", ["ab"], ["paths"]],
      ["compare", ["compare", "a.json", "b.json"], ["base", "head"]],
      ["init", ["init"], ["dir"]],
      ["fingerprint", ["fingerprint"], []],
    ];
    for (const [command, args, positional] of commands) {
      const parsed = parseArgs(args) as { options: Record<string, unknown> };
      const keys = OPTIONS.filter((o) => o.help[command] !== undefined).map((o) => o.key);
      expect(Object.keys(parsed.options).sort()).toEqual([...keys, ...positional].sort());
    }
    const ab = parseArgs([
      "ab",
      "x/",
      "--tags",
      "a,b",
      "--tags",
      "c",
      "--reporter",
      "json",
      "--no-pin",
      "--max-time",
      "3s",
    ]);
    expect(ab).toMatchObject({
      command: "ab",
      options: { paths: ["x/"], tags: ["a", "b", "c"], reporter: ["json"], pin: false, maxTime: "3s", strict: false },
    });
    expect(() => parseArgs(["run", "--grep", "a", "--grep", "b"])).toThrow('Option "--grep" was given 2 times');
  });
  test("--help shows the defaults the code uses", () => {
    expect(help("run")).toContain(`adds forks while undecided (default ${FORK_DEFAULTS.forks})`);
    expect(help("run")).toContain(`(default ${FORK_DEFAULTS.maxTimeNs / 1e9}s)`);
    expect(help("calibrate")).toContain(`calibrate records n (default ${FORK_DEFAULTS.calibrateForks})`);
    expect(help("calibrate")).toContain(`(default "${DEFAULT_TOLERANCE * 100}%")`);
    // calibrate's own wording, not run's (issue 23).
    expect(help("calibrate")).not.toContain("in run");
    expect(help("calibrate")).not.toContain("fails the run");
    expect(help("ab")).toContain(`(default ${AB_PAIRED_FORKS}; pairs of processes with --separate`);
    expect(help("ab")).toContain(`load specs: pairs of wrk runs, default ${AB_LOAD_PAIRS})`);
    expect(help("ab")).toContain(`${AB_LOAD_MAX_TIME_NS / 1e9}s for a load spec`);
    expect(help("ab")).toContain(`wins (default ${AB_DEFAULT_TOLERANCE * 100}%)`);
    // cac would print "(default: true)" beside "--no-pin", as if pinning were off by default.
    expect(help("ab")).toMatch(/--no-pin +Let wrk and the servers/);
    expect(help("ab")).not.toContain("(default: true)");
  });
  test("a multi-word boolean flag before a path does not swallow the path", () => {
    const booleans = OPTIONS.filter((o) => /^--[a-z]+(-[a-z]+)+$/.test(o.flags) && !o.flags.startsWith("--no-"));
    expect(booleans.map((o) => o.flags)).toContain("--allow-unfit");
    for (const option of booleans) {
      for (const command of ["run", "calibrate", "ab"] as const) {
        if (option.help[command] === undefined) continue;
        const parsed = parseArgs([command, option.flags, "bench/", ...(command === "ab" ? ["--base", "main"] : [])]);
        expect(`${option.flags}: ${JSON.stringify((parsed as { options: { paths: string[] } }).options.paths)}`).toBe(
          `${option.flags}: ["bench/"]`,
        );
      }
    }
  });
});
