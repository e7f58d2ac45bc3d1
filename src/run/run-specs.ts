/**
 * Runs selected specs in order: enters and leaves suites (their beforeAll and
 * afterAll hooks), measures each spec, evaluates it, and tells the reporter.
 * Expected failures (a throw, a timeout, a failing hook) become results; the run goes on.
 */
import type { EngineDeps } from "../micro/engine.ts";
import type { LoadSpecLimits, SpecLimits } from "../profiles/resolve-limits.ts";
import type { SpecResult, SpecResultBase } from "../result/spec-result.ts";
import type { ResolvedLoadSpec, ResolvedMicroSpec, ResolvedSpec } from "../spec/resolved.ts";
import { type LoadRunOptions, runLoadSpec } from "./run-load-spec.ts";
import { type MicroRunOptions, measureEmptyP50Ns, runMicroSpec } from "./run-micro-spec.ts";
import type { ForkLauncher } from "./spawn-fork.ts";
import { createSuiteWalker, suiteLabel } from "./suite-walker.ts";

/** Default limit on how long one spec (or hook) may take before it is stopped. */
export const DEFAULT_TIMEOUT_NS = 60e9;

/** How to run; `timeoutNs` (`--timeout`) also limits hooks. */
export interface RunSpecsOptions extends MicroRunOptions {
  /** Aborting stops the spec in progress (a micro spec's fork is killed and it has no result) and ends the run. */
  readonly signal: AbortSignal;
  /** Each micro spec's limits and baseline (from resolveLimits). */
  readonly limitsFor: (spec: ResolvedMicroSpec) => SpecLimits;
  /** Each load spec's limits and baseline (from resolveLoadLimits). */
  readonly loadLimitsFor: (spec: ResolvedLoadSpec) => LoadSpecLimits;
  /** How load specs run (or why they are skipped). */
  readonly load: Omit<LoadRunOptions, "requireBaseline">;
  /**
   * Starts a micro spec's forks. A launcher that `runsHooks` (fresh processes) runs the suite
   * hooks in each fork, so this process enters suites only for load specs; an in-process one
   * relies on this process having entered them.
   */
  readonly launcher: ForkLauncher & { readonly runsHooks: boolean };
}

/** Who hears about each spec as it starts and ends (a Reporter is one). */
export interface RunProgress {
  onSpecStart?(spec: { readonly id: string; readonly index: number; readonly total: number }): void;
  onSpecEnd?(result: SpecResult, index: number, total: number): void;
}

/** The result of a spec that was not run (skipped, or its suite's beforeAll failed), of the spec's kind. */
function resultWithoutFigures(
  spec: ResolvedSpec,
  outcome: Pick<SpecResultBase, "status" | "error" | "skipReason">,
): SpecResult {
  const base = { id: spec.id, file: spec.file, line: spec.line, tags: spec.tags, warnings: [], ...outcome };
  return spec.kind === "load"
    ? { ...base, kind: "load", load: undefined }
    : { ...base, kind: "micro", measurement: undefined, checks: [], baseline: undefined };
}

/** Runs `specs` and returns one result per spec, plus one per failing afterAll hook. */
export async function runSpecs(
  specs: readonly ResolvedSpec[],
  options: RunSpecsOptions,
  deps: EngineDeps,
  reporter: RunProgress,
): Promise<{ results: SpecResult[]; interrupted: boolean }> {
  const results: SpecResult[] = [];
  const suites = createSuiteWalker(options.timeoutNs, (suite, hook, error) =>
    results.push({
      id: `${suiteLabel(suite)} > afterAll`,
      kind: "hook",
      file: suite.file,
      line: hook.line,
      tags: suite.tags,
      status: "ERROR",
      warnings: [],
      error,
      skipReason: undefined,
    }),
  );
  let emptyP50Ns: Promise<number> | undefined;
  const measureEmpty = () => {
    emptyP50Ns ??= measureEmptyP50Ns(deps);
    return emptyP50Ns;
  };

  let interrupted = false;
  for (const [index, spec] of specs.entries()) {
    // Measuring a sync function never returns to the event loop; let pending
    // signal handlers (Ctrl-C) run before deciding whether to go on.
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (options.signal.aborted) {
      interrupted = true;
      break;
    }
    reporter.onSpecStart?.({ id: spec.id, index, total: specs.length });
    let result: SpecResult;
    if (spec.skip) {
      result = resultWithoutFigures(spec, { status: "SKIP", error: undefined, skipReason: "marked .skip()" });
    } else if (spec.kind === "micro" && options.launcher.runsHooks) {
      result = await runMicroSpec(spec, options.limitsFor(spec), options, options.launcher, deps, measureEmpty);
      // Interrupted while its forks ran: the spec did not finish, so it has no result.
      if (options.signal.aborted) {
        interrupted = true;
        break;
      }
    } else {
      const hookError = await suites.enter(spec.suite);
      if (hookError) {
        result = resultWithoutFigures(spec, { status: "ERROR", error: hookError, skipReason: undefined });
      } else if (spec.kind === "load") {
        const ran = await runLoadSpec(
          spec,
          options.loadLimitsFor(spec),
          { ...options.load, requireBaseline: options.requireBaseline },
          options.signal,
        );
        result = ran.result;
        if (ran.interrupted) interrupted = true;
      } else {
        result = await runMicroSpec(spec, options.limitsFor(spec), options, options.launcher, deps, measureEmpty);
      }
    }
    results.push(result);
    reporter.onSpecEnd?.(result, index, specs.length);
    if (interrupted) break;
  }
  await suites.leaveAll();
  // A signal during the last spec's afterAll hooks (or as the last spec ended) still counts.
  if (options.signal.aborted) interrupted = true;
  return { results, interrupted };
}
