/** Named process exit codes, documented once in docs/cli.md. */
export const ExitCode = {
  /** Every selected spec passed (or had nothing to compare against). */
  Ok: 0,
  /** A spec failed a limit, its baseline or an expectation: a regression. */
  SpecFailed: 1,
  /** Usage, configuration or spec-file error. */
  Usage: 2,
  /** The measurement guard refused, or a required tool is missing. */
  Environment: 3,
  /** `--strict`: no spec failed, but at least one stayed undecided against its baseline. */
  Undecided: 4,
  /** No spec failed a limit, but one threw, timed out, or its spec file did not load: a crash, not a verdict. */
  SpecError: 5,
  /** Every verdict held, but a report could not be written. */
  ReportFailed: 6,
  /** Interrupted by SIGINT or SIGTERM. */
  Interrupted: 130,
} as const;

/** One of the values of {@link ExitCode}. */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** Stable machine-readable error codes carried by every {@link FxperfError}. */
export type ErrorCode =
  | "USAGE"
  | "MISSING_PATH"
  | "SPEC_LOAD"
  | "SPEC_INVALID"
  | "GUARD_REFUSED"
  | "NO_SPECS"
  | "PROFILE_INVALID"
  | "PROFILE_NOT_FOUND"
  | "PROFILE_EXISTS"
  | "PROFILE_LOCKED"
  | "UNWRITABLE"
  | "OVERRIDE_INVALID"
  | "CALIBRATION_FAILED"
  | "CALIBRATION_ERROR"
  | "SPEC_LOAD_FAILED"
  | "TOOL_MISSING"
  | "INTERRUPTED"
  | "REPORT_INVALID"
  | "GIT_FAILED"
  | "BASE_DEPENDENCIES"
  | "INSTALL_FAILED"
  | "OUTPUT_UNWRITABLE"
  | "HISTORY_FAILED"
  | "TEMP_DIR";

const exitFor: Record<ErrorCode, ExitCodeValue> = {
  USAGE: ExitCode.Usage,
  MISSING_PATH: ExitCode.Usage,
  SPEC_LOAD: ExitCode.SpecError,
  SPEC_INVALID: ExitCode.Usage,
  NO_SPECS: ExitCode.Usage,
  PROFILE_INVALID: ExitCode.Usage,
  PROFILE_NOT_FOUND: ExitCode.Usage,
  PROFILE_EXISTS: ExitCode.Usage,
  PROFILE_LOCKED: ExitCode.Environment,
  UNWRITABLE: ExitCode.Environment,
  OVERRIDE_INVALID: ExitCode.Usage,
  CALIBRATION_FAILED: ExitCode.SpecFailed,
  CALIBRATION_ERROR: ExitCode.SpecError,
  SPEC_LOAD_FAILED: ExitCode.SpecError,
  TOOL_MISSING: ExitCode.Environment,
  INTERRUPTED: ExitCode.Interrupted,
  REPORT_INVALID: ExitCode.Usage,
  GUARD_REFUSED: ExitCode.Environment,
  GIT_FAILED: ExitCode.Environment,
  BASE_DEPENDENCIES: ExitCode.Usage,
  INSTALL_FAILED: ExitCode.Environment,
  OUTPUT_UNWRITABLE: ExitCode.ReportFailed,
  HISTORY_FAILED: ExitCode.Environment,
  TEMP_DIR: ExitCode.Environment,
};

/**
 * An expected, user-facing error: a message in sentence case with the value at
 * fault in quotes, an optional hint, and the exit code `main.ts` leaves with.
 */
export class FxperfError extends Error {
  readonly code: ErrorCode;
  readonly exitCode: ExitCodeValue;
  readonly hint: string | undefined;

  constructor(code: ErrorCode, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "FxperfError";
    this.code = code;
    this.exitCode = exitFor[code];
    this.hint = options.hint;
  }
}

/**
 * Whether `error` stops the whole run rather than one spec: the machine failed fxperf itself (no
 * temporary directory to talk to a fork through), so every spec after would fail the same way.
 */
export function stopsTheRun(error: unknown): error is FxperfError {
  return error instanceof FxperfError && error.code === "TEMP_DIR";
}

/**
 * Whether `error` is the operating system refusing an operation (a read-only or full file system,
 * a permission, a missing directory): Node-style errors carry the errno name and the system call.
 */
export function isSystemError(error: unknown): error is Error & { code: string } {
  if (!(error instanceof Error)) return false;
  const { code, syscall } = error as { code?: unknown; syscall?: unknown };
  return typeof code === "string" && /^E[A-Z0-9]+$/.test(code) && typeof syscall === "string";
}

/**
 * The exit code of a finished run from what happened, most telling first: interrupted (130), a
 * regression (1), a crash (5), undecided under --strict (4), a report not written (6), else 0.
 */
export function runExitCode(outcome: {
  readonly interrupted: boolean;
  readonly failed: number;
  readonly errors: number;
  readonly undecidedUnderStrict: number;
  readonly reportFailed: boolean;
}): ExitCodeValue {
  if (outcome.interrupted) return ExitCode.Interrupted;
  if (outcome.failed > 0) return ExitCode.SpecFailed;
  if (outcome.errors > 0) return ExitCode.SpecError;
  if (outcome.undecidedUnderStrict > 0) return ExitCode.Undecided;
  return outcome.reportFailed ? ExitCode.ReportFailed : ExitCode.Ok;
}
