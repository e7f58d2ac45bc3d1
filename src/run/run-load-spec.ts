/**
 * Runs one load spec: an optional warm-up, then attempts until one passes or
 * the retries run out; the verdict comes from the median of all attempts.
 */
import { stopsTheRun } from "../errors.ts";
import { formatLoadFigure } from "../format/figures.ts";
import { type LoadBackend, LoadError, type LoadRequest, type LoadResult } from "../load/load-result.ts";
import type { LoadSpecLimits } from "../profiles/resolve-limits.ts";
import type { LoadSpecResult } from "../result/spec-result.ts";
import type { ResolvedLoadSpec } from "../spec/resolved.ts";
import { evaluateLoad, medianOfAttempts } from "../verdict/evaluate-load.ts";

/** What running load specs needs. */
export interface LoadRunOptions {
  /** Undefined when load specs are skipped; `skipReason` says why. */
  readonly backend: LoadBackend | undefined;
  readonly skipReason: string | undefined;
  /** `--retries`, for specs without `.retries()`. */
  readonly retries: number;
  /** Logical cores, for the default thread count. */
  readonly cores: number;
  readonly verbose: boolean;
  readonly requireBaseline: boolean;
}

/** The request a spec makes: threads default to the smaller of the cores and the connections. */
export function toLoadRequest(spec: ResolvedLoadSpec, cores: number, verbose: boolean): LoadRequest {
  return {
    url: spec.url,
    method: spec.method,
    headers: spec.headers,
    body: spec.body,
    connections: spec.connections,
    threads: spec.threads ?? Math.max(1, Math.min(cores, spec.connections)),
    durationS: spec.durationS,
    timeoutS: spec.timeoutS,
    script: spec.script,
    verbose,
  };
}

const withoutOutput = ({ output: _, ...rest }: LoadResult): Omit<LoadResult, "output"> => rest;

/** Runs a load spec; returns its result and whether it was interrupted. */
export async function runLoadSpec(
  spec: ResolvedLoadSpec,
  limits: LoadSpecLimits,
  options: LoadRunOptions,
  signal: AbortSignal,
): Promise<{ result: LoadSpecResult; interrupted: boolean }> {
  const base = {
    id: spec.id,
    kind: "load" as const,
    file: spec.file,
    line: spec.line,
    tags: spec.tags,
    load: undefined,
    skipReason: undefined,
  };
  if (!options.backend)
    return {
      result: {
        ...base,
        status: "SKIP",
        warnings: [],
        error: undefined,
        skipReason: options.skipReason ?? "load specs skipped",
      },
      interrupted: false,
    };
  const request = toLoadRequest(spec, options.cores, options.verbose);
  const attempts: LoadResult[] = [];
  try {
    if (spec.warmupS !== undefined) await options.backend.run({ ...request, durationS: spec.warmupS }, signal);
    const maxAttempts = 1 + (spec.retries ?? options.retries);
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      attempts.push(await options.backend.run(request, signal));
      // Stop as soon as the verdict (on the median of all attempts so far) is no longer a failure.
      if (evaluateLoad(medianOfAttempts(attempts), limits.limits, limits.baseline, options).status !== "FAIL") break;
    }
  } catch (error) {
    if (stopsTheRun(error)) throw error;
    const interrupted = signal.aborted;
    if (interrupted)
      return {
        result: { ...base, status: "SKIP", warnings: [], error: undefined, skipReason: "interrupted" },
        interrupted: true,
      };
    const message = error instanceof Error ? error.message : String(error);
    const output = error instanceof LoadError ? error.output : undefined;
    return {
      result: {
        ...base,
        status: "ERROR",
        warnings: [],
        error: { phase: "load", message, stack: undefined, ...(output ? { output } : {}) },
        skipReason: undefined,
      },
      interrupted: false,
    };
  }
  const median = medianOfAttempts(attempts);
  const evaluation = evaluateLoad(median, limits.limits, limits.baseline, options);
  const warnings = [...evaluation.warnings];
  if (attempts.length > 1)
    warnings.push(
      `${attempts.length} attempts (rps ${attempts.map((a) => formatLoadFigure("rps", a.rps)).join(", ")}): verdict from their median`,
    );
  return {
    result: {
      ...base,
      status: evaluation.status,
      warnings,
      error: undefined,
      load: {
        attempts: attempts.map(withoutOutput),
        median: withoutOutput(median),
        checks: evaluation.checks,
        baselineChecks: evaluation.baselineChecks,
        comparison: limits.baseline,
      },
    },
    interrupted: false,
  };
}
