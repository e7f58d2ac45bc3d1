/**
 * What `run` and `calibrate` share: discover and load spec files, select specs,
 * consult the guard, and read this machine's fingerprint.
 */
import { parseTolerance, toleranceProblem } from "../env/read-overrides.ts";
import { FxperfError } from "../errors.ts";
import { DEFAULT_TIMEOUT_NS } from "../run/run-specs.ts";
import { parseDuration } from "../units.ts";
import { evaluateGuard, type GuardDecision } from "../guard/evaluate-guard.ts";
import { type Fingerprint, resolveFingerprint } from "../hardware/fingerprint.ts";
import { displayLocation, displayPath } from "../report/summary.ts";
import type { Runtime } from "../runtime/runtime.ts";
import { discoverSpecFiles } from "../spec/discover.ts";
import { loadSpecs } from "../spec/load-specs.ts";
import type { ResolvedSpec, SpecProblem } from "../spec/resolved.ts";
import { findWrk, WRK_INSTALL_HINT } from "../load/find-wrk.ts";
import { createWrkBackend, DEFAULT_GRACE_S } from "../load/wrk-backend.ts";
import type { LoadRunOptions } from "../run/run-load-spec.ts";
import { type SpecFilter, selectSpecs } from "../spec/select-specs.ts";

/** Formats spec problems as one message, one problem per line with its location. */
export function renderProblems(problems: readonly SpecProblem[], cwd: string): string {
  const lines = problems.map(
    (p) => `  ${displayLocation(p.file, p.line, cwd)}: ${p.specId ? `spec "${p.specId}": ` : ""}${p.message}`,
  );
  return `${problems.length === 1 ? "A spec file has a problem" : `Spec files have ${problems.length} problems`}:\n${lines.join("\n")}`;
}

/** Loaded and selected specs. */
export interface PreparedSpecs {
  readonly files: string[];
  readonly loaded: ResolvedSpec[];
  readonly selected: ResolvedSpec[];
  readonly onlyUsed: boolean;
}

/** Discovers, loads, validates and selects; throws FxperfError for every usage problem. */
export async function prepareSpecs(
  runtime: Runtime,
  options: SpecFilter & {
    readonly paths: readonly string[];
    readonly passWithNoSpecs: boolean;
    readonly allowEmptySelection: boolean;
  },
): Promise<PreparedSpecs | undefined> {
  const cwd = runtime.cwd();
  const files = await discoverSpecFiles(runtime, options.paths, cwd);
  if (files.length === 0) {
    if (options.passWithNoSpecs) return undefined;
    throw new FxperfError(
      "NO_SPECS",
      `No spec files (*.perf.ts, *.perf.js, *.perf.mjs) under ${options.paths.map((p) => `"${p}"`).join(", ")}`,
      {
        hint: "name spec files like parser.perf.ts, or pass --pass-with-no-specs to accept an empty run",
      },
    );
  }
  const loaded = await loadSpecs(runtime, files);
  if (loaded.problems.length > 0) {
    throw new FxperfError("SPEC_INVALID", renderProblems(loaded.problems, cwd), {
      hint: "fix the spec files above; nothing was measured",
    });
  }
  const selected = selectSpecs(loaded.specs, options);
  if (selected.length === 0 && !options.allowEmptySelection) {
    if (options.passWithNoSpecs) return undefined;
    throw new FxperfError("NO_SPECS", `No spec selected: ${loaded.specs.length} loaded, none matched the filters`, {
      hint: 'check --tags, --skip-tags and --grep against "fxperf run --list", or pass --pass-with-no-specs to accept an empty run',
    });
  }
  return { files, loaded: loaded.specs, selected, onlyUsed: loaded.specs.some((s) => s.only) };
}

/** Consults the guard; refuses with exit 3 unless `allowUnfit`. */
export async function checkGuard(runtime: Runtime, allowUnfit: boolean): Promise<GuardDecision> {
  const guard = evaluateGuard(await runtime.probeHost());
  if (guard.refusals.length > 0 && !allowUnfit) {
    throw new FxperfError(
      "GUARD_REFUSED",
      `Refusing to measure: ${guard.refusals.join("; ")}. Numbers taken like this would be meaningless`,
      {
        hint: "remove the cause (detach the debugger, turn coverage off, unset NODE_ENV=development), or pass --allow-unfit to measure anyway",
      },
    );
  }
  return guard;
}

/** This machine's fingerprint. */
export async function probeFingerprint(runtime: Runtime): Promise<Fingerprint> {
  return resolveFingerprint(await runtime.probeHardware());
}

/** A path relative to the working directory, for messages. */
export function displayFrom(runtime: Runtime): (path: string) => string {
  const cwd = runtime.cwd();
  return (path) => displayPath(path, cwd);
}

/** Load settings from the command line and the environment. */
export interface LoadFlags {
  readonly skipLoad: boolean;
  /** `--wrk-optional`: a missing wrk skips load specs instead of stopping the run. */
  readonly wrkOptional: boolean;
  readonly retries: string | undefined;
  readonly verbose: boolean;
}

/** Why load specs are skipped (--skip-load or FXPERF_SKIP_LOAD), or undefined when they run. */
export function loadSkipReason(
  skipLoad: boolean,
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  const skipEnv = env.FXPERF_SKIP_LOAD?.trim().toLowerCase();
  if (skipEnv !== undefined && !["", "0", "1", "true", "false", "yes", "no"].includes(skipEnv)) {
    throw new FxperfError("USAGE", `FXPERF_SKIP_LOAD="${env.FXPERF_SKIP_LOAD}": expected 1 (skip load specs) or 0`);
  }
  if (skipLoad) return "--skip-load";
  return skipEnv === "1" || skipEnv === "true" || skipEnv === "yes" ? `FXPERF_SKIP_LOAD=${skipEnv}` : undefined;
}

/** Finds wrk when selected load specs need it; exit 3 when missing, unless load specs are skipped. */
export async function prepareLoad(
  runtime: Runtime,
  flags: LoadFlags,
  specs: readonly ResolvedSpec[],
  cores: number,
): Promise<Omit<LoadRunOptions, "requireBaseline">> {
  const retries = flags.retries === undefined ? 0 : Number(flags.retries);
  if (!Number.isInteger(retries) || retries < 0) {
    throw new FxperfError("USAGE", `Option "--retries" is "${flags.retries}": expected a whole number of at least 0`, {
      hint: "for example --retries 2: up to two more attempts for a failing load spec",
    });
  }
  const common = { retries, cores, verbose: flags.verbose };
  const skipReason = loadSkipReason(flags.skipLoad, runtime.env);
  if (skipReason) return { ...common, backend: undefined, skipReason };
  if (!specs.some((s) => s.kind === "load" && !s.skip)) return { ...common, backend: undefined, skipReason: undefined };
  const wrk = await findWrk(runtime);
  if (!wrk.ok && flags.wrkOptional) {
    runtime.stderr.write(`Load specs will be skipped: ${wrk.problem} (--wrk-optional).\n`);
    return { ...common, backend: undefined, skipReason: `${wrk.problem} (--wrk-optional)` };
  }
  if (!wrk.ok) throw new FxperfError("TOOL_MISSING", `Load specs need wrk: ${wrk.problem}`, { hint: WRK_INSTALL_HINT });
  const graceRaw = runtime.env.FXPERF_WRK_GRACE;
  const grace = graceRaw === undefined || graceRaw === "" ? DEFAULT_GRACE_S : Number(graceRaw);
  if (!(grace >= 0 && grace <= 3600))
    throw new FxperfError("USAGE", `FXPERF_WRK_GRACE="${graceRaw}": expected a number of seconds from 0 to 3600`);
  return {
    ...common,
    backend: createWrkBackend(runtime, wrk.path, (text) => runtime.stderr.write(text), grace),
    skipReason: undefined,
  };
}

/** Reads `--timeout` (default 60 s). */
export function resolveTimeoutNs(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_TIMEOUT_NS;
  const parsed = parseDuration(raw);
  // Timers cannot wait longer than 2^31 - 1 ms (about 24.8 days); a day is plenty for one spec.
  if (!parsed.ok || parsed.value <= 0 || parsed.value > 24 * 3600e9) {
    throw new FxperfError("USAGE", `Option "--timeout" is "${raw}": expected a duration above zero and at most 24h`, {
      hint: "write it with a unit: --timeout 30s, --timeout 500ms, --timeout 2m",
    });
  }
  return parsed.value;
}

/** Reads `--tolerance`. */
export function resolveToleranceFlag(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = parseTolerance(raw);
  if (value === undefined)
    throw new FxperfError("USAGE", toleranceProblem('Option "--tolerance"', raw), {
      hint: "for example --tolerance 15% or --tolerance 0.15",
    });
  return value;
}
