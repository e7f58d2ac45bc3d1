/**
 * Verdicts: a pure function of a measurement and its limits.
 */
import type { MicroMeasurement } from "../micro/engine.ts";
import type { Check, Status } from "../run/result.ts";
import type { Limit } from "../spec/resolved.ts";
import { formatBytes, formatNs } from "../units.ts";

/** A PASS whose figure is within this fraction of its limit is flagged. */
export const NEAR_LIMIT_FRACTION = 0.1;

/**
 * A function whose median is within this factor of an empty function's was most
 * likely reduced to nothing by the JIT (its result unused, its work hoisted).
 */
export const OPTIMISED_AWAY_FACTOR = 2;

/** The verdict on one measured spec. */
export interface Evaluation {
  readonly status: Status;
  readonly checks: Check[];
  readonly warnings: string[];
}

/** Formats a figure of `statistic` in its unit. */
export function formatStatistic(statistic: Limit["statistic"], value: number): string {
  return statistic === "heap" ? formatBytes(value) : formatNs(value);
}

/**
 * Checks every limit (all are upper bounds): FAIL if any is exceeded, PASS if all
 * hold, NO BASELINE when there is no limit at all. `emptyP50Ns` is the median of
 * an empty function on this machine, for the optimised-away warning.
 */
export function evaluateMicro(measurement: MicroMeasurement, limits: readonly Limit[], emptyP50Ns: number | undefined): Evaluation {
  const warnings: string[] = [];
  const checks: Check[] = [];
  for (const limit of limits) {
    const measured = limit.statistic === "heap" ? measurement.heapBytes : measurement[limit.statistic];
    if (measured === undefined) {
      warnings.push(`${limit.statistic} limit not checked: this runtime does not report allocations`);
      continue;
    }
    const passed = measured <= limit.max;
    checks.push({ statistic: limit.statistic, measured, limit, passed });
    if (passed && measured > limit.max * (1 - NEAR_LIMIT_FRACTION)) {
      const used = Math.round((measured / limit.max) * 100);
      warnings.push(`${limit.statistic} ${formatStatistic(limit.statistic, measured)} is ${used}% of its limit ${formatStatistic(limit.statistic, limit.max)}`);
    }
  }
  if (emptyP50Ns !== undefined && measurement.p50 <= emptyP50Ns * OPTIMISED_AWAY_FACTOR) {
    warnings.push(
      `likely optimised away: p50 ${formatNs(measurement.p50)} is close to an empty function's ${formatNs(emptyP50Ns)}; return or use the result so the work cannot be dropped`,
    );
  }
  const status: Status = checks.length === 0 ? "NO BASELINE" : checks.every((c) => c.passed) ? "PASS" : "FAIL";
  return { status, checks, warnings };
}
