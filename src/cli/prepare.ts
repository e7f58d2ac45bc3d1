/**
 * What `run` and `calibrate` share: discover and load spec files, select specs,
 * consult the guard, and read this machine's fingerprint.
 */
import { FxperfError } from "../errors.ts";
import { FORK_DEFAULTS, scheduleOf } from "../run/run-forks.ts";
import type { RunSpecsOptions } from "../run/run-specs.ts";
import type { SpecProgress } from "../run/spec-loop.ts";
import { createForkLauncher } from "../run/spawn-fork.ts";
import { startLoadHost } from "../run/load-host.ts";
import { evaluateGuard, type GuardDecision } from "../guard/evaluate-guard.ts";
import { type Fingerprint, resolveFingerprint } from "../hardware/fingerprint.ts";
import { displayLocation, displayPath } from "../format/paths.ts";
import type { Runtime } from "../runtime/runtime.ts";
import { discoverSpecFiles } from "../spec/discover.ts";
import { type ImportedSpecs, LOAD_FAILURE_PREFIX, importSpecs } from "../spec/import-specs.ts";
import { probeSpecFiles } from "../spec/probe-spec-files.ts";
import type { ResolvedSpec, SpecProblem } from "../spec/resolved.ts";
import { findWrk, WRK_INSTALL_HINT } from "../load/find-wrk.ts";
import { createWrkBackend } from "../load/wrk-backend.ts";
import type { LoadRunOptions } from "../run/run-load-spec.ts";
import { type SpecFilter, selectSpecs } from "../spec/select-specs.ts";
import type { CpuProfiler } from "./cpu-profiles.ts";
import type { LoadSettings, MeasureCommandSettings } from "./settings.ts";

/** Formats spec problems as one message, one problem per line with its location. */
export function renderProblems(problems: readonly SpecProblem[], cwd: string): string {
  const lines = problems.map(
    (p) => `  ${displayLocation(p.file, p.line, cwd)}: ${p.specId ? `spec "${p.specId}": ` : ""}${p.message}`,
  );
  return `${problems.length === 1 ? "A spec file has a problem" : `Spec files have ${problems.length} problems`}:\n${lines.join("\n")}`;
}

/**
 * The error code for spec-file problems: a file that did not load (its import threw: a syntax
 * error, an exception at its top level) is a crash (exit 5); settings that are wrong are usage (2).
 */
export function specProblemCode(problems: readonly SpecProblem[]): "SPEC_LOAD_FAILED" | "SPEC_INVALID" {
  return problems.some((p) => p.message.startsWith(LOAD_FAILURE_PREFIX)) ? "SPEC_LOAD_FAILED" : "SPEC_INVALID";
}

/** Loaded and selected specs. */
export interface PreparedSpecs {
  readonly files: string[];
  readonly loaded: ResolvedSpec[];
  readonly selected: ResolvedSpec[];
  readonly onlyUsed: boolean;
}

/** The spec files under `paths` (relative to `cwd`), with discovery's notes printed to stderr. */
export async function findSpecFiles(runtime: Runtime, paths: readonly string[], cwd: string): Promise<string[]> {
  const notes: string[] = [];
  const files = await discoverSpecFiles(runtime, paths, cwd, notes);
  for (const note of notes) runtime.stderr.write(`note: ${note}\n`);
  return files;
}

/**
 * Probes `files` in one child process (a file that hangs or crashes at import is named there),
 * then imports them here. Every measuring command goes through this step.
 */
export async function probeAndImport(
  runtime: Runtime,
  files: readonly string[],
  options: { readonly timeoutNs: number; readonly signal: AbortSignal },
  probeAlso: readonly string[] = [],
): Promise<ImportedSpecs> {
  await probeSpecFiles(runtime, [...files, ...probeAlso], { ...options, display: displayFrom(runtime) });
  return importSpecs(runtime, files);
}

/** Throws the error for spec files with problems (exit 5 or 2); `where` ends the hint. */
export function throwProblems(problems: readonly SpecProblem[], cwd: string, where = ""): void {
  if (problems.length === 0) return;
  throw new FxperfError(specProblemCode(problems), renderProblems(problems, cwd), {
    hint: `fix the spec files above${where}; nothing was measured`,
  });
}

/** Discovers, probes, imports, validates and selects; throws FxperfError for every usage problem. */
export async function prepareSpecs(
  runtime: Runtime,
  options: SpecFilter & {
    readonly paths: readonly string[];
    readonly passWithNoSpecs: boolean;
    readonly allowEmptySelection: boolean;
    /** Each spec file's limit for loading (`--timeout`). */
    readonly timeoutNs: number;
    /** Aborting stops the loading. */
    readonly signal: AbortSignal;
  },
): Promise<PreparedSpecs | undefined> {
  const cwd = runtime.cwd();
  const files = await findSpecFiles(runtime, options.paths, cwd);
  if (files.length === 0) {
    if (options.passWithNoSpecs) return undefined;
    throw noSpecFiles(options.paths, "or pass --pass-with-no-specs to accept an empty run");
  }
  const loaded = await probeAndImport(runtime, files, options);
  throwProblems(loaded.problems, cwd);
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

/** The error for paths that hold no spec file (run, calibrate and ab alike); `more` extends the hint. */
export function noSpecFiles(paths: readonly string[], more?: string): FxperfError {
  return new FxperfError(
    "NO_SPECS",
    `No spec files (*.perf.ts, *.perf.js, *.perf.mjs) under ${paths.map((p) => `"${p}"`).join(", ")}`,
    {
      hint: `name spec files like parser.perf.ts${more ? `, ${more}` : ""}; or run "fxperf init" to write a starter spec to begin with`,
    },
  );
}

/** This machine's fingerprint. */
export async function probeFingerprint(runtime: Runtime): Promise<Fingerprint> {
  return resolveFingerprint(await runtime.probeHardware());
}

/** A path relative to the working directory, for messages. */
export function displayFrom(runtime: Pick<Runtime, "cwd">): (path: string) => string {
  const cwd = runtime.cwd();
  return (path) => displayPath(path, cwd);
}

/** Finds wrk when selected load specs need it; exit 3 when missing, unless load specs are skipped. */
export async function prepareLoad(
  runtime: Runtime,
  settings: LoadSettings,
  specs: readonly ResolvedSpec[],
  cores: number,
  wrkPrefix: readonly string[] = [],
): Promise<Omit<LoadRunOptions, "requireBaseline">> {
  const common = { retries: settings.retries, cores, verbose: settings.verbose };
  if (settings.skipReason) return { ...common, backend: undefined, skipReason: settings.skipReason };
  if (!specs.some((s) => s.kind === "load" && !s.skip)) return { ...common, backend: undefined, skipReason: undefined };
  const wrk = await findWrk(runtime, settings.wrkPath);
  if (!wrk.ok && settings.wrkOptional) {
    runtime.stderr.write(`Load specs will be skipped: ${wrk.problem} (--wrk-optional).\n`);
    return { ...common, backend: undefined, skipReason: `${wrk.problem} (--wrk-optional)` };
  }
  if (!wrk.ok) throw new FxperfError("TOOL_MISSING", `Load specs need wrk: ${wrk.problem}`, { hint: WRK_INSTALL_HINT });
  return {
    ...common,
    backend: createWrkBackend(runtime, wrk.path, (text) => runtime.stderr.write(text), settings.graceS, wrkPrefix),
    skipReason: undefined,
  };
}

/** Which command measures: `run` adds forks while a verdict is undecided; `calibrate` records a fixed number. */
export type MeasureMode = "run" | "calibrate";

/**
 * The options `runSpecs()` gets from run and calibrate alike: built here once from
 * the settings; only the limits (and whether a missing baseline fails) differ.
 * Micro specs are measured in forks of this program; `dispose()` removes their scratch files.
 */
export function createRunSpecsOptions(
  runtime: Runtime,
  settings: MeasureCommandSettings,
  signal: AbortSignal,
  load: Omit<LoadRunOptions, "requireBaseline">,
  limits: Pick<RunSpecsOptions, "requireBaseline" | "limitsFor" | "loadLimitsFor">,
  mode: MeasureMode,
  profiler?: CpuProfiler,
  progress?: Pick<SpecProgress<unknown>, "onSpecWork">,
): RunSpecsOptions & { dispose(): Promise<void> } {
  const launcher = createForkLauncher(runtime, {
    signal,
    onLaunch: (index) => progress?.onSpecWork?.(`measuring, fork ${index + 1}...`),
  });
  const cwd = runtime.cwd();
  return {
    measureHeap: settings.heap,
    timeoutNs: settings.timeoutNs,
    signal,
    load,
    ...limits,
    driftCorrection: FORK_DEFAULTS.driftCorrection,
    measureReference: mode === "calibrate" || FORK_DEFAULTS.driftCorrection,
    launcher: Object.assign(launcher, { runsHooks: true }),
    startLoadHost: (spec) => startLoadHost(runtime, spec, { timeoutNs: settings.timeoutNs, signal }),
    scheduleFor: (spec) => {
      const fixed = settings.forks ?? spec.forks;
      const minForks = mode === "calibrate" ? (fixed ?? FORK_DEFAULTS.calibrateForks) : (fixed ?? FORK_DEFAULTS.forks);
      // An explicit --max-time is a cap: it cuts the fixed forks too, down to the floor.
      const capped = settings.maxTimeNs !== undefined;
      return {
        ...scheduleOf(minForks, settings.maxTimeNs ?? FORK_DEFAULTS.maxTimeNs, capped),
        adaptive: mode === "run",
        recording: mode === "calibrate",
      };
    },
    profileFor: profiler
      ? async (spec, result) => {
          if (!profiler.wants(result.status === "FAIL")) return result;
          const taken = await profiler.take(spec.id, { head: { launch: launcher, spec, root: cwd } });
          return "summary" in taken
            ? { ...result, profile: taken.summary }
            : { ...result, warnings: [...result.warnings, taken.warning] };
        }
      : undefined,
    dispose: () => launcher.dispose(),
  };
}
