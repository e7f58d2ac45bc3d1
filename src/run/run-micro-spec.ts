/**
 * Runs one micro spec: measures it within its timeout, evaluates it, and measures
 * once more when the baseline comparison is undecided. Errors become an ERROR result.
 */
import { type EngineDeps, type MicroMeasurement, measureMicro, poolMeasurements } from "../micro/engine.ts";
import type { SpecLimits } from "../profiles/resolve-limits.ts";
import type { MicroSpecResult } from "../result/spec-result.ts";
import type { ResolvedMicroSpec } from "../spec/resolved.ts";
import { formatNs } from "../units.ts";
import { evaluateMicro } from "../verdict/evaluate.ts";
import { TimeoutError, toSpecError, withTimeout } from "./with-timeout.ts";

/** What running micro specs needs. */
export interface MicroRunOptions {
  /** Measure bytes per iteration for every spec, not only those with a heap limit. */
  readonly measureHeap: boolean;
  /** Timeout for specs that set none (`--timeout`). */
  readonly timeoutNs: number;
  /** `--require-baseline`: a spec with nothing to compare with fails. */
  readonly requireBaseline: boolean;
}

/** The median of an empty function on this machine, for the optimised-away warning. */
export async function measureEmptyP50Ns(deps: EngineDeps): Promise<number> {
  return (await measureMicro(() => {}, { timeNs: 100e6 }, { measureHeap: false }, deps)).p50;
}

/** Measures and evaluates `spec` against `limits`; `emptyP50Ns` is from {@link measureEmptyP50Ns}. */
export async function runMicroSpec(
  spec: ResolvedMicroSpec,
  limits: SpecLimits,
  options: MicroRunOptions,
  deps: EngineDeps,
  emptyP50Ns: number,
): Promise<MicroSpecResult> {
  const base = { kind: "micro" as const, id: spec.id, file: spec.file, line: spec.line, tags: spec.tags };
  const measureHeap = options.measureHeap || limits.limits.some((l) => l.statistic === "heap");
  const measure = createMeasure(spec, options.timeoutNs, measureHeap, deps);
  try {
    let measurement: MicroMeasurement = await measure();
    let evaluation = evaluateMicro(measurement, limits, emptyP50Ns, options);
    if (evaluation.baseline?.outcome.decision === "undecided") {
      // Undecided against the baseline: spend the spec's time budget once more and decide on both passes.
      measurement = poolMeasurements(measurement, await measure());
      evaluation = evaluateMicro(measurement, limits, emptyP50Ns, options);
    }
    return { ...base, ...evaluation, measurement, error: undefined, skipReason: undefined };
  } catch (error) {
    return {
      ...base,
      status: "ERROR",
      measurement: undefined,
      checks: [],
      baseline: undefined,
      warnings: [],
      error: toSpecError(error, "spec"),
      skipReason: undefined,
    };
  }
}

/** One measuring pass of `spec` within its timeout; after a timeout, later calls of an async spec throw. */
function createMeasure(
  spec: ResolvedMicroSpec,
  defaultTimeoutNs: number,
  measureHeap: boolean,
  deps: EngineDeps,
): () => Promise<MicroMeasurement> {
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
  const timeoutNs = spec.timeoutNs ?? defaultTimeoutNs;
  return async () => {
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
}
