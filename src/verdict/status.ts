/**
 * The status ladder every kind of spec shares. Pure.
 */
import type { Status } from "../result/spec-result.ts";

/** What the checks of one spec found, whatever its kind. */
export interface StatusInput {
  /** A limit or a baseline comparison failed. */
  readonly failed: boolean;
  /** The baseline comparison could not decide (micro specs, after measuring more). */
  readonly undecided: boolean;
  /** There was something to judge by: at least one limit or a baseline. */
  readonly judged: boolean;
  /** `--require-baseline`: a spec with neither a baseline nor a limit fails. */
  readonly requireBaseline: boolean;
}

/** The message of a spec that fails because `--require-baseline` is set and it has nothing to compare with. */
export const REQUIRE_BASELINE_WARNING =
  "no baseline and no limit, and --require-baseline is set: calibrate this spec or give it an .expect()";

/**
 * FAIL if a check failed; WARN if the baseline rule is undecided; PASS if there was
 * anything to judge by; otherwise FAIL under `--require-baseline` (with a warning
 * saying why) or NO BASELINE.
 */
export function decideStatus(input: StatusInput): { status: Status; warning: string | undefined } {
  if (input.failed) return { status: "FAIL", warning: undefined };
  if (input.undecided) return { status: "WARN", warning: undefined };
  if (input.judged) return { status: "PASS", warning: undefined };
  if (input.requireBaseline) return { status: "FAIL", warning: REQUIRE_BASELINE_WARNING };
  return { status: "NO BASELINE", warning: undefined };
}
