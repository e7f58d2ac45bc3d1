/**
 * The plain, serialisable result of a whole run. Reporters render it; they never
 * compute verdicts.
 */
import type { Fingerprint } from "../hardware/fingerprint.ts";
import type { ShardInfo } from "./shard-info.ts";
import type { SpecResult, Status } from "./spec-result.ts";

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
  /** `--strict` (or a profile's `strict`): an undecided spec fails the run with its own exit code. */
  readonly strict?: boolean;
  /** `--shard i/n`: this shard and the whole suite's plan (absent when unsharded). */
  readonly shard?: ShardInfo;
}

/** Counts results per status. */
export function countStatuses(specs: readonly SpecResult[]): StatusCounts {
  const counts: StatusCounts = { PASS: 0, FAIL: 0, WARN: 0, ERROR: 0, SKIP: 0, "NO BASELINE": 0 };
  for (const spec of specs) counts[spec.status]++;
  return counts;
}
