/**
 * Verdicts for load specs: pure functions of a LoadResult and its limits.
 */
import { formatLoadFigure } from "../format/figures.ts";
import type { LoadResult } from "../load/load-result.ts";
import { median } from "../micro/stats.ts";
import { type LoadBaselineComparison, loadBaselineBound } from "../profiles/resolve-limits.ts";
import type { LoadBaselineCheck, LoadCheck, Status } from "../result/spec-result.ts";
import type { LoadLimit, LoadMetric } from "../spec/resolved.ts";
import { checkThreshold, NEAR_LIMIT_FRACTION } from "./threshold.ts";
import { decideStatus } from "./status.ts";

/** The verdict on one load result. */
export interface LoadEvaluation {
  readonly status: Status;
  readonly checks: LoadCheck[];
  readonly baselineChecks: LoadBaselineCheck[];
  readonly warnings: string[];
}

/** The value of a metric in a result. */
export function loadFigure(result: LoadResult, metric: LoadMetric): number {
  switch (metric) {
    case "rps":
      return result.rps;
    case "transfer":
      return result.transferBytesPerSec;
    case "errorRate":
      return result.errorRate;
    default:
      return result.latencyNs[metric.slice("latency.".length) as keyof LoadResult["latencyNs"]];
  }
}

/** Above this share of failed requests, a spec with no errorRate limit gets a warning. */
export const UNWATCHED_ERROR_SHARE = 0.01;

/**
 * The warning for a spec whose requests failed (socket errors, timeouts, status 400 or more) beyond
 * {@link UNWATCHED_ERROR_SHARE} with no errorRate limit to judge them: its rps and latency then
 * describe failures (a server that refuses connections answers fast). Undefined otherwise.
 */
function unwatchedErrorShare(result: LoadResult, limits: readonly LoadLimit[]): string | undefined {
  if (limits.some((l) => l.metric === "errorRate") || !(result.errorRate > UNWATCHED_ERROR_SHARE)) return undefined;
  const { connect, read, write, timeout, status } = result.errors;
  const parts = Object.entries({ connect, read, write, timeout, "status >= 400": status })
    .filter(([, count]) => count > 0)
    .map(([name, count]) => `${name} ${count}`);
  return `${(result.errorRate * 100).toFixed(result.errorRate < 0.1 ? 1 : 0)}% of requests failed (${parts.join(", ")}) and no errorRate limit judges them: rps and latency describe the failures too; add .expect({ errorRate: "1%" })`;
}

/**
 * Checks every limit: floors for rps and transfer, ceilings for latency and the
 * error rate. A figure that could not be measured (no latency because every
 * response timed out) fails its limit rather than passing it.
 */
export function evaluateLoad(
  result: LoadResult,
  limits: readonly LoadLimit[],
  baseline: LoadBaselineComparison | undefined,
  options: { requireBaseline: boolean },
): LoadEvaluation {
  const warnings: string[] = [];
  const checks = limits.map((limit) => {
    const { check, near } = checkThreshold(limit, loadFigure(result, limit.metric));
    if (near)
      warnings.push(
        `${limit.metric} ${formatLoadFigure(limit.metric, check.measured)} is within ${NEAR_LIMIT_FRACTION * 100}% of its limit ${formatLoadFigure(limit.metric, limit.bound)}`,
      );
    return check;
  });
  const baselineChecks: LoadBaselineCheck[] = [];
  if (baseline) {
    const rpsFloor = loadBaselineBound(baseline, "rps");
    baselineChecks.push({
      metric: "rps",
      measured: result.rps,
      baseline: baseline.baseline.rps,
      threshold: rpsFloor,
      passed: result.rps >= rpsFloor,
    });
    const p99Ceiling = loadBaselineBound(baseline, "latency.p99");
    if (!baseline.p99Replaced)
      baselineChecks.push({
        metric: "latency.p99",
        measured: result.latencyNs.p99,
        baseline: baseline.baseline.p99,
        threshold: p99Ceiling,
        passed: result.latencyNs.p99 <= p99Ceiling,
      });
    if (result.rps > baseline.baseline.rps * (1 + baseline.tolerance)) {
      warnings.push(
        `rps ${formatLoadFigure("rps", result.rps)} beats its baseline ${formatLoadFigure("rps", baseline.baseline.rps)} by more than the tolerance: run "fxperf calibrate --append" to record it`,
      );
    }
  }
  const failedShare = unwatchedErrorShare(result, limits);
  if (failedShare !== undefined) warnings.push(failedShare);
  if (result.errors.timeout > 0)
    warnings.push(
      `${result.errors.timeout} responses took longer than the request timeout and are left out of the latency figures`,
    );
  const { status, warning } = decideStatus({
    failed: checks.some((c) => !c.passed) || baselineChecks.some((c) => !c.passed),
    undecided: false,
    judged: checks.length > 0 || baselineChecks.length > 0,
    requireBaseline: options.requireBaseline,
  });
  if (warning) warnings.push(warning);
  return { status, checks, baselineChecks, warnings };
}

/**
 * The median of several attempts, figure by figure: a real regression fails
 * every attempt and stays; a one-off spike is outvoted.
 */
export function medianOfAttempts(attempts: readonly LoadResult[]): LoadResult {
  if (attempts.length === 1) return attempts[0]!;
  const of = (pick: (r: LoadResult) => number) => median(attempts.map(pick).filter(Number.isFinite));
  // Counts stay whole numbers: the median of two attempts' counts is rounded.
  const count = (pick: (r: LoadResult) => number) => Math.round(of(pick));
  const latency = (key: keyof LoadResult["latencyNs"]) => of((r) => r.latencyNs[key]);
  return {
    requests: count((r) => r.requests),
    durationNs: of((r) => r.durationNs),
    bytesRead: of((r) => r.bytesRead),
    rps: of((r) => r.rps),
    transferBytesPerSec: of((r) => r.transferBytesPerSec),
    latencyNs: {
      avg: latency("avg"),
      stdev: latency("stdev"),
      max: latency("max"),
      p50: latency("p50"),
      p75: latency("p75"),
      p90: latency("p90"),
      p99: latency("p99"),
    },
    errors: {
      connect: count((r) => r.errors.connect),
      read: count((r) => r.errors.read),
      write: count((r) => r.errors.write),
      timeout: count((r) => r.errors.timeout),
      status: count((r) => r.errors.status),
    },
    errorRate: of((r) => r.errorRate),
    source: attempts.every((r) => r.source === "lua") ? "lua" : "stdout",
    output: attempts.at(-1)!.output,
  };
}
