/**
 * Runs one micro spec: measures it in forks (fresh processes, or in this process for unit tests),
 * adding forks while the baseline verdict is undecided and the spec's time
 * budget lasts, then evaluates the forks together. Errors become an ERROR result.
 */
import { stopsTheRun } from "../errors.ts";
import { type EngineDeps, measureMicro } from "../micro/engine.ts";
import type { SpecLimits } from "../profiles/resolve-limits.ts";
import type { ForkSummary, MicroSpecResult } from "../result/spec-result.ts";
import type { ResolvedMicroSpec } from "../spec/resolved.ts";
import { formatNs } from "../units.ts";
import { compareWithBaselineForks, evaluateMicro } from "../verdict/evaluate-micro.ts";
import { judgeFasterThan, statusWithRelative } from "../verdict/relative.ts";
import {
  descheduledForksWarning,
  type ForkFigures,
  INTERIM_LEVEL,
  MIN_VERDICT_FORKS,
  scatteredForksWarning,
} from "../verdict/fork-comparison.ts";
import { findModes, modesMismatchWarning } from "../verdict/modes.ts";
import { forkCallable, forkMeasureSettings } from "./fork-callable.ts";
import { FORK_DEFAULTS, type Schedule, overBudgetWarning, runUntilDecided, summariseForks } from "./run-forks.ts";
import { ForkFailure, type ForkLauncher, type ForkMeasurement } from "./spawn-fork.ts";
import { TimeoutError, toSpecError, withTimeout } from "./with-timeout.ts";

/** What running micro specs needs. */
export interface MicroRunOptions {
  /** Measure bytes per iteration for every spec, not only those with a heap limit. */
  readonly measureHeap: boolean;
  /** Timeout for specs that set none (`--timeout`). */
  readonly timeoutNs: number;
  /** `--require-baseline`: a spec with nothing to compare with fails. */
  readonly requireBaseline: boolean;
  /** Compare fork medians relative to the drift reference kernel. */
  readonly driftCorrection: boolean;
  /** Measure the drift reference kernel in each fork (calibrate records it; run needs it only with drift correction). */
  readonly measureReference: boolean;
  /**
   * How many forks each spec gets; `adaptive` adds forks while the baseline verdict is undecided;
   * `recording` (calibrate): the forks become a baseline.
   */
  readonly scheduleFor: (
    spec: ResolvedMicroSpec,
  ) => Schedule & { readonly adaptive: boolean; readonly recording?: boolean };
}

/** Below this median, a spec may have been optimised away: compare it with an empty function. */
const EMPTY_CHECK_BELOW_NS = 50;

/** The median of an empty function on this machine, for the optimised-away warning. */
export async function measureEmptyP50Ns(deps: EngineDeps): Promise<number> {
  return (await measureMicro(() => {}, { timeNs: 100e6 }, { measureHeap: false }, deps)).p50;
}

function figuresOf(forks: readonly ForkMeasurement[]): ForkFigures {
  const references = forks.map((f) => f.referenceP50);
  return {
    p50s: forks.map((f) => f.measurement.p50),
    referenceP50s: references.every((r): r is number => typeof r === "number") ? references : undefined,
  };
}

/** Every round's medians of the spec and of its sibling, across the forks (measured side by side). */
function roundsOf(forks: readonly ForkMeasurement[]): [number[], number[]] {
  return [forks.flatMap((f) => f.versus?.selfP50s ?? []), forks.flatMap((f) => f.versus?.otherP50s ?? [])];
}

/** Measures and evaluates `spec` against `limits`; `emptyP50Ns` is asked for only when a spec is that fast. */
export async function runMicroSpec(
  spec: ResolvedMicroSpec,
  limits: SpecLimits,
  options: MicroRunOptions,
  launch: ForkLauncher,
  deps: EngineDeps,
  emptyP50Ns: () => Promise<number>,
): Promise<MicroSpecResult> {
  const base = {
    kind: "micro" as const,
    id: spec.id,
    file: spec.file,
    line: spec.line,
    tags: spec.tags,
    ...(spec.group && spec.params ? { params: { group: spec.group.id, values: spec.params } } : {}),
  };
  // With .setup() each call's input would be counted as the call's allocation: heap is not measured.
  const measureHeap = !spec.setup && (options.measureHeap || limits.limits.some((l) => l.metric === "heap"));
  const request = {
    file: spec.file,
    id: spec.id,
    measureHeap,
    reference: options.measureReference,
    ...(spec.fasterThan ? { versus: spec.fasterThan.id } : {}),
  };
  const schedule = options.scheduleFor(spec);
  const comparison = limits.baseline;
  const relativeOf = (forks: readonly ForkMeasurement[], level?: number) =>
    spec.fasterThan ? judgeFasterThan(...roundsOf(forks), spec.fasterThan, level) : undefined;
  // More forks while the baseline verdict or the "faster than" one is undecided.
  const isDecided =
    schedule.adaptive && (comparison || spec.fasterThan)
      ? (forks: readonly ForkMeasurement[]) =>
          (!comparison ||
            compareWithBaselineForks(comparison, figuresOf(forks), options.driftCorrection, INTERIM_LEVEL).decision !==
              "undecided") &&
          relativeOf(forks, INTERIM_LEVEL)?.decision !== "undecided"
      : undefined;
  // Each fork gets the spec's whole timeout.
  const timeoutNs = spec.timeoutNs ?? options.timeoutNs;
  try {
    const run = await runUntilDecided(
      schedule,
      (index) => launch(request, index, timeoutNs),
      isDecided,
      () => deps.nowNs(),
    );
    const measurement = summariseForks(run.forks);
    const figures = figuresOf(run.forks);
    const empty = measurement.p50 < EMPTY_CHECK_BELOW_NS ? await emptyP50Ns() : undefined;
    const evaluation = evaluateMicro(measurement, limits, empty, options, figures);
    const scattered = scatteredForksWarning(figures.p50s);
    if (scattered) evaluation.warnings.push(scattered);
    const cpuShares = run.forks.map((f) => f.cpuShare ?? undefined);
    const descheduled = descheduledForksWarning(cpuShares);
    if (descheduled) evaluation.warnings.push(descheduled);
    // Only against a baseline still in use (not refused as implausible).
    const baselineForks = evaluation.baseline?.comparison.baseline.forks;
    const mismatch = baselineForks && modesMismatchWarning(baselineForks, figures.p50s, formatNs);
    if (mismatch) evaluation.warnings.push(mismatch);
    const overBudget = overBudgetWarning(run.forks.length, run.elapsedNs, schedule);
    if (overBudget) evaluation.warnings.push(overBudget);
    // A baseline of one or two forks hides how much processes differ.
    if (schedule.recording && run.forks.length < MIN_VERDICT_FORKS) {
      evaluation.warnings.push(
        `a baseline of ${run.forks.length} fork${run.forks.length === 1 ? "" : "s"} cannot show how much this machine's processes differ, so verdicts against it are overconfident: record at least ${MIN_VERDICT_FORKS} (calibrate --forks ${MIN_VERDICT_FORKS} or more; the default is ${FORK_DEFAULTS.calibrateForks})`,
      );
    }
    const forks: ForkSummary = {
      count: run.forks.length,
      p50sNs: figures.p50s,
      referenceP50sNs: figures.referenceP50s,
      stop: run.stop,
      elapsedNs: run.elapsedNs,
      cpuShares: cpuShares.map((share) => share ?? Number.NaN),
      modes: findModes(figures.p50s),
    };
    const relative = relativeOf(run.forks);
    const status = relative ? statusWithRelative(evaluation.status, relative) : evaluation.status;
    return {
      ...base,
      ...evaluation,
      status,
      measurement,
      forks,
      ...(relative ? { relative } : {}),
      error: undefined,
      skipReason: undefined,
    };
  } catch (error) {
    if (stopsTheRun(error)) throw error;
    const specError =
      error instanceof ForkFailure
        ? { phase: error.phase, message: error.message, stack: error.stack, output: error.output }
        : toSpecError(error, "spec");
    return {
      ...base,
      status: "ERROR",
      measurement: undefined,
      checks: [],
      baseline: undefined,
      warnings: [],
      error: specError,
      skipReason: undefined,
    };
  }
}

/**
 * A launcher that measures in this process (no fresh process, the suite hooks run by the caller):
 * for unit tests. Each "fork" is one measuring pass within the spec's timeout;
 * after a timeout, later calls of an async spec throw.
 */
export function createInProcessLauncher(specs: ReadonlyMap<string, ResolvedMicroSpec>, deps: EngineDeps): ForkLauncher {
  return async (request, _index, timeoutNs) => {
    const spec = specs.get(request.id);
    if (!spec) throw new ForkFailure(`no spec "${request.id}" in this process`, "spec", undefined);
    const call = forkCallable(spec);
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
    const settings = forkMeasureSettings(spec);
    const started = deps.nowNs();
    try {
      const measured = await withTimeout(
        () => measureMicro(fn, settings, { measureHeap: request.measureHeap }, deps),
        timeoutNs,
        `"${spec.id}"`,
      );
      // A synchronous spec never yields, so the timer cannot fire while it runs: check afterwards.
      const elapsedNs = deps.nowNs() - started;
      if (elapsedNs > timeoutNs) {
        throw new TimeoutError(
          `"${spec.id}" took ${formatNs(elapsedNs)}, longer than its timeout of ${formatNs(timeoutNs)}`,
        );
      }
      return {
        ok: true,
        measurement: { ...measured, percentiles: [...measured.percentiles] },
        referenceP50: undefined,
      };
    } catch (error) {
      cancelled = true;
      throw error;
    }
  };
}
