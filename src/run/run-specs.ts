/**
 * Runs selected specs in order: enters and leaves suites (their beforeAll and
 * afterAll hooks), measures each spec, evaluates it, and tells the reporter.
 * Expected failures (a throw, a timeout, a failing hook) become results; the run goes on.
 */
import { suiteChain, type SuitePlan } from "../dsl/plan.ts";
import { type EngineDeps, type MicroMeasurement, measureMicro, poolMeasurements } from "../micro/engine.ts";
import type { LoadSpecLimits, SpecLimits } from "../profiles/resolve-limits.ts";
import { type LoadRunOptions, runLoadSpec } from "./run-load-spec.ts";
import type { Reporter } from "../report/reporter.ts";
import type { ResolvedLoadSpec, ResolvedMicroSpec, ResolvedSpec } from "../spec/resolved.ts";
import { evaluateMicro } from "../verdict/evaluate.ts";
import { formatNs } from "../units.ts";
import type { SpecError, SpecResult } from "./result.ts";

/** Default limit on how long one spec (or hook) may take before it is stopped. */
export const DEFAULT_TIMEOUT_NS = 60e9;

/** How to run. */
export interface RunSpecsOptions {
  /** Measure bytes per iteration for every spec, not only those with a heap limit. */
  readonly measureHeap: boolean;
  /** Timeout for specs and hooks that set none (`--timeout`). */
  readonly timeoutNs: number;
  /** Aborting stops the run after the spec in progress. */
  readonly signal: AbortSignal;
  /** `--require-baseline`: a spec with nothing to compare with fails. */
  readonly requireBaseline: boolean;
  /** Each micro spec's limits and baseline (from resolveLimits). */
  readonly limitsFor: (spec: ResolvedMicroSpec) => SpecLimits;
  /** Each load spec's limits and baseline (from resolveLoadLimits). */
  readonly loadLimitsFor: (spec: ResolvedLoadSpec) => LoadSpecLimits;
  /** How load specs run (or why they are skipped). */
  readonly load: Omit<LoadRunOptions, "requireBaseline">;
}

class TimeoutError extends Error {}

/** Settles with `work`, or rejects with a TimeoutError after `timeoutNs`. */
async function withTimeout<T>(work: () => Promise<T> | T, timeoutNs: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new TimeoutError(`${what} did not settle within ${formatNs(timeoutNs)}`)),
      timeoutNs / 1e6,
    );
  });
  try {
    return await Promise.race([Promise.resolve().then(work), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function toSpecError(error: unknown, phase: SpecError["phase"]): SpecError {
  if (error instanceof TimeoutError) return { phase: "timeout", message: error.message, stack: undefined };
  if (error instanceof Error) return { phase, message: error.message, stack: error.stack };
  return { phase, message: `threw a non-Error value: ${String(error)}`, stack: undefined };
}

function suiteLabel(suite: SuitePlan): string {
  const names = suiteChain(suite)
    .map((s) => s.name)
    .filter((n) => n !== "");
  return names.length > 0 ? names.join(" > ") : suite.file;
}

function baseResult(spec: ResolvedSpec): Pick<SpecResult, "id" | "kind" | "file" | "line" | "tags" | "baseline"> {
  return { id: spec.id, kind: spec.kind, file: spec.file, line: spec.line, tags: spec.tags, baseline: undefined };
}

/** Runs `specs` and returns one result per spec, plus one per failing afterAll hook. */
export async function runSpecs(
  specs: readonly ResolvedSpec[],
  options: RunSpecsOptions,
  deps: EngineDeps,
  reporter: Reporter,
): Promise<{ results: SpecResult[]; interrupted: boolean }> {
  const results: SpecResult[] = [];
  const entered: SuitePlan[] = [];
  const failedHooks = new Map<SuitePlan, SpecError>();
  let emptyP50Ns: number | undefined;

  const leave = async (suite: SuitePlan) => {
    for (const hook of suite.afterAll) {
      try {
        await withTimeout(hook.fn, options.timeoutNs, `afterAll of "${suiteLabel(suite)}"`);
      } catch (error) {
        results.push({
          id: `${suiteLabel(suite)} > afterAll`,
          kind: "hook",
          file: suite.file,
          line: hook.line,
          tags: suite.tags,
          status: "ERROR",
          measurement: undefined,
          checks: [],
          baseline: undefined,
          warnings: [],
          error: toSpecError(error, "afterAll"),
          skipReason: undefined,
        });
      }
    }
  };

  const enter = async (suite: SuitePlan) => {
    entered.push(suite);
    const inherited = suite.parent ? failedHooks.get(suite.parent) : undefined;
    if (inherited) return void failedHooks.set(suite, inherited);
    for (const hook of suite.beforeAll) {
      try {
        await withTimeout(hook.fn, options.timeoutNs, `beforeAll of "${suiteLabel(suite)}"`);
      } catch (error) {
        failedHooks.set(suite, toSpecError(error, "beforeAll"));
        return;
      }
    }
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
      result = {
        ...baseResult(spec),
        status: "SKIP",
        measurement: undefined,
        checks: [],
        warnings: [],
        error: undefined,
        skipReason: "marked .skip()",
      };
    } else {
      const chain = suiteChain(spec.suite);
      while (entered.length > 0 && !chain.includes(entered.at(-1)!)) await leave(entered.pop()!);
      for (const suite of chain) if (!entered.includes(suite)) await enter(suite);
      const hookError = failedHooks.get(spec.suite);
      if (hookError) {
        result = {
          ...baseResult(spec),
          status: "ERROR",
          measurement: undefined,
          checks: [],
          warnings: [],
          error: hookError,
          skipReason: undefined,
        };
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
        emptyP50Ns ??= (await measureMicro(() => {}, { timeNs: 100e6 }, { measureHeap: false }, deps)).p50;
        result = await measureSpec(spec, options, deps, emptyP50Ns);
      }
    }
    results.push(result);
    reporter.onSpecEnd?.(result, index, specs.length);
    if (interrupted) break;
  }
  while (entered.length > 0) await leave(entered.pop()!);
  return { results, interrupted };
}

async function measureSpec(
  spec: ResolvedMicroSpec,
  options: RunSpecsOptions,
  deps: EngineDeps,
  emptyP50Ns: number,
): Promise<SpecResult> {
  const limits = options.limitsFor(spec);
  const measureHeap = options.measureHeap || limits.limits.some((l) => l.statistic === "heap");
  // mitata treats a function that declares parameters as an iterator benchmark; specs never take any.
  const call = spec.fn.length === 0 ? spec.fn : () => spec.fn();
  // An async spec that times out would go on running in the background and skew the specs after
  // it: once it has timed out, its next call throws and mitata's loop ends.
  let cancelled = false;
  const fn =
    spec.fn.constructor?.name === "AsyncFunction"
      ? () => {
          if (cancelled) throw new TimeoutError("cancelled after its timeout");
          return call();
        }
      : call;
  const timeoutNs = spec.timeoutNs ?? options.timeoutNs;
  const measure = async () => {
    const started = deps.nowNs();
    try {
      const measured = await withTimeout(
        () => measureMicro(fn, spec.measure, { measureHeap }, deps),
        timeoutNs,
        `"${spec.id}"`,
      );
      // A synchronous spec never yields, so the timer cannot fire while it runs: check afterwards.
      const elapsedNs = deps.nowNs() - started;
      if (elapsedNs > timeoutNs)
        throw new TimeoutError(
          `"${spec.id}" took ${formatNs(elapsedNs)}, longer than its timeout of ${formatNs(timeoutNs)}`,
        );
      return measured;
    } catch (error) {
      cancelled = true;
      throw error;
    }
  };
  try {
    let measurement: MicroMeasurement = await measure();
    let evaluation = evaluateMicro(measurement, limits, emptyP50Ns, options);
    if (evaluation.baseline?.outcome.decision === "undecided") {
      // Undecided against the baseline: spend the spec's time budget once more and decide on both passes.
      measurement = poolMeasurements(measurement, await measure());
      evaluation = evaluateMicro(measurement, limits, emptyP50Ns, options);
    }
    return { ...baseResult(spec), ...evaluation, measurement, error: undefined, skipReason: undefined };
  } catch (error) {
    return {
      ...baseResult(spec),
      status: "ERROR",
      measurement: undefined,
      checks: [],
      warnings: [],
      error: toSpecError(error, "spec"),
      skipReason: undefined,
    };
  }
}
