/**
 * The plain, serialisable result of a run. Reporters render it; they never
 * compute verdicts.
 */
import type { MicroMeasurement } from "../micro/engine.ts";
import type { Fingerprint } from "../hardware/fingerprint.ts";
import type { LoadResult } from "../load/load-result.ts";
import type { BaselineComparison, LoadBaselineComparison } from "../profiles/resolve-limits.ts";
import type { LoadBaselineCheck, LoadCheck } from "../verdict/evaluate-load.ts";
import type { Limit, MicroStatistic } from "../spec/resolved.ts";
import type { BaselineOutcome } from "../verdict/compare-baseline.ts";

/**
 * A spec's verdict. WARN: the baseline comparison stayed undecided after measuring
 * more. NO BASELINE: measured, but there was nothing to compare with.
 */
export type Status = "PASS" | "FAIL" | "WARN" | "ERROR" | "SKIP" | "NO BASELINE";

/** One limit checked against one measured figure. */
export interface Check {
  readonly statistic: MicroStatistic;
  readonly measured: number;
  readonly limit: Limit;
  readonly passed: boolean;
}

/** Why a spec did not produce a measurement. */
export interface SpecError {
  /** Where it happened: the spec itself, a hook, a timeout, or the load generator. */
  readonly phase: "spec" | "beforeAll" | "afterAll" | "timeout" | "load";
  readonly message: string;
  readonly stack: string | undefined;
  /** The load generator's output, when it was the cause. */
  readonly output?: string;
}

/** A load spec's attempts and the verdict's figures (the median of the attempts). */
export interface LoadOutcome {
  /** Every attempt, in order (without the generator's raw output). */
  readonly attempts: readonly Omit<LoadResult, "output">[];
  readonly median: Omit<LoadResult, "output">;
  readonly checks: readonly LoadCheck[];
  readonly baselineChecks: readonly LoadBaselineCheck[];
  readonly comparison: LoadBaselineComparison | undefined;
}

/** The outcome of one spec. */
export interface SpecResult {
  readonly id: string;
  readonly kind: "micro" | "load" | "hook";
  readonly file: string;
  readonly line: number | undefined;
  readonly tags: readonly string[];
  readonly status: Status;
  readonly measurement: MicroMeasurement | undefined;
  readonly checks: readonly Check[];
  /** The comparison with a calibrated baseline, when the spec has one. */
  readonly baseline: { readonly comparison: BaselineComparison; readonly outcome: BaselineOutcome } | undefined;
  /** A load spec's figures and checks. */
  readonly load?: LoadOutcome;
  /** Things worth a look that do not change the verdict (near a limit, optimised away...). */
  readonly warnings: readonly string[];
  readonly error: SpecError | undefined;
  readonly skipReason: string | undefined;
}

/** What the measurement guard found. */
export interface GuardReport {
  /** False when the run went ahead despite refusals (`--allow-unfit`). */
  readonly guarded: boolean;
  /** Conditions that make numbers meaningless (only non-empty when unguarded). */
  readonly refusals: readonly string[];
  /** Conditions that degrade numbers. */
  readonly warnings: readonly string[];
}

/** Counts per status. */
export type StatusCounts = Record<Status, number>;

/** A whole run. */
export interface RunResult {
  readonly fxperfVersion: string;
  readonly runtime: { readonly name: string; readonly version: string };
  readonly startedAt: string;
  readonly endedAt: string;
  readonly guard: GuardReport;
  readonly specs: readonly SpecResult[];
  readonly counts: StatusCounts;
  /** How many specs were loaded and how many the filters (and any `.only()`) kept. */
  readonly selection: { readonly loaded: number; readonly selected: number; readonly onlyUsed: boolean };
  /** The machine's fingerprint slug, and the profile notices (none fits, which were read). */
  readonly profiles: { readonly slug: string; readonly notices: readonly string[] };
  /** The machine the run measured on. */
  readonly fingerprint: Fingerprint;
  /** The checked-out commit and branch, when the run is inside a git repository. */
  readonly git: { readonly commit: string | null; readonly branch: string | null };
  /** True when SIGINT/SIGTERM stopped the run before every spec ran. */
  readonly interrupted: boolean;
}

/** Counts results per status. */
export function countStatuses(specs: readonly SpecResult[]): StatusCounts {
  const counts: StatusCounts = { PASS: 0, FAIL: 0, WARN: 0, ERROR: 0, SKIP: 0, "NO BASELINE": 0 };
  for (const spec of specs) counts[spec.status]++;
  return counts;
}
