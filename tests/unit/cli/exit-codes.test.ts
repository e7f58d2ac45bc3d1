import { describe, expect, test } from "bun:test";
import { parseArgs } from "../../../src/cli/create-cli.ts";
import { ExitCode, runExitCode } from "../../../src/errors.ts";

const none = { interrupted: false, failed: 0, errors: 0, undecidedUnderStrict: 0, reportFailed: false };

describe("runExitCode()", () => {
  test("tells a regression (1) from a crash (5) from a lost report (6)", () => {
    expect(runExitCode(none)).toBe(ExitCode.Ok);
    expect(runExitCode({ ...none, failed: 1 })).toBe(1);
    expect(runExitCode({ ...none, errors: 1 })).toBe(5);
    expect(runExitCode({ ...none, reportFailed: true })).toBe(6);
    expect(runExitCode({ ...none, undecidedUnderStrict: 2 })).toBe(4);
  });
  test("the most telling cause wins: interrupted, then a regression, a crash, undecided, a lost report", () => {
    const all = { interrupted: true, failed: 1, errors: 1, undecidedUnderStrict: 1, reportFailed: true };
    expect(runExitCode(all)).toBe(130);
    expect(runExitCode({ ...all, interrupted: false })).toBe(1);
    expect(runExitCode({ ...all, interrupted: false, failed: 0 })).toBe(5);
    expect(runExitCode({ ...all, interrupted: false, failed: 0, errors: 0 })).toBe(4);
  });
  test("--help lists every code", () => {
    const help = parseArgs(["run", "--help"]);
    expect(help.command).toBe("help");
    const text = help.command === "help" ? help.text : "";
    for (const code of [
      "0 all passed",
      "1 a spec regressed",
      "5 a spec threw",
      "6 a report could not be written",
      "130",
    ])
      expect(text).toContain(code);
  });
});
