/**
 * The exit code of a finished `run` or `ab`, from its result: the same precedence whether the
 * result was measured here or merged from shards (errors.ts, runExitCode). Pure.
 */
import { type ExitCodeValue, runExitCode } from "../errors.ts";
import type { AbRunResult } from "./ab-result.ts";
import type { RunResult } from "./run-result.ts";

/** `run`'s (and a merged run's) exit code; `reportFailed`: a report could not be written. */
export function runResultExitCode(run: RunResult, reportFailed: boolean): ExitCodeValue {
  return runExitCode({
    interrupted: run.interrupted,
    failed: run.counts.FAIL,
    errors: run.counts.ERROR,
    undecidedUnderStrict: run.strict ? run.counts.WARN : 0,
    reportFailed,
  });
}

/** `ab`'s (and a merged ab's) exit code. */
export function abResultExitCode(result: AbRunResult, reportFailed: boolean): ExitCodeValue {
  return runExitCode({
    interrupted: result.interrupted,
    failed: result.counts.regressed,
    errors: result.counts.error,
    undecidedUnderStrict: result.strict ? result.counts.undecided : 0,
    reportFailed,
  });
}
