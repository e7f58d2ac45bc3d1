/**
 * The result of `fxperf ab`: every spec of a base tree and a head tree, matched by id, measured
 * side by side and judged on the ratio head / base. Plain data, ready for JSON (figures that
 * could not be measured are null); reporters render it and never decide.
 */
import type { ProfileSummary } from "./profile-summary.ts";
import type { ShardInfo } from "./shard-info.ts";
import type { GuardReport } from "./run-result.ts";
import type { ForkStop, Mode } from "./spec-result.ts";

/**
 * What happened to a spec between base and head. `regressed`, `improved`, `unchanged` and
 * `undecided` come from the interval on the ratio; `added` and `removed` are specs on one side
 * only; `error` names the side that failed; `skipped` was not measured (`.skip()`, or a kind
 * `ab` does not compare).
 */
export type AbStatus = "regressed" | "improved" | "unchanged" | "undecided" | "added" | "removed" | "error" | "skipped";

/** Every {@link AbStatus}, in the order summaries list them. */
export const AB_STATUSES: readonly AbStatus[] = [
  "regressed",
  "improved",
  "unchanged",
  "undecided",
  "added",
  "removed",
  "error",
  "skipped",
];

/** One side of the comparison. */
export type AbSide = "base" | "head";

/** One side's figures for a spec. */
export interface AbSideFigures {
  /**
   * The side's figure: the mean of the fastest third of its processes' medians (ns per call) for a
   * micro spec, or of its wrk runs' time per request (ns) for a load spec.
   */
  readonly centreNs: number | null;
  /** Each process's median (micro) or each wrk run's time per request (load), ns, in the order they ran. */
  readonly valuesNs: readonly (number | null)[];
  /** Each fork's CPU time over wall time while measuring (micro specs; null where unknown). */
  readonly cpuShares: readonly (number | null)[];
  /** Requests per second of each wrk run (load specs). */
  readonly rps: readonly (number | null)[];
  /** The modes the side's process medians fell into (one entry when they agree), fastest first. */
  readonly modes: readonly Mode[];
}

/** The ratio head / base with its interval. Above 1 is slower (more time per call or per request). */
export interface AbChange {
  readonly ratio: number | null;
  readonly low: number | null;
  readonly high: number | null;
  /** Confidence level of the interval (0.95). */
  readonly level: number;
  /** Slowdown allowed before the spec counts as regressed, as a fraction. */
  readonly tolerance: number;
  /**
   * How the ratio was measured: "paired", base and head in the same processes in alternating
   * rounds, the ratio being the geometric mean of each process's own head/base ratio; "separate",
   * one process (or wrk run) per side, the ratio of the sides' centres.
   */
  readonly method: "paired" | "separate";
  /** Paired: each process's head/base ratio (the median of its rounds' ratios), in the order they ran. */
  readonly pairRatios: readonly number[];
  /** The smallest change the verdict could resolve: the interval's half-width, as a fraction (null when unknown). */
  readonly resolvable: number | null;
}

/** A side that failed: where, and why. */
export interface AbError {
  readonly side: AbSide;
  readonly phase: string;
  readonly message: string;
  /** The tail of what the failing process printed. */
  readonly output: string | null;
}

/** One spec, compared. */
export interface AbSpecResult {
  readonly id: string;
  readonly kind: "micro" | "load";
  readonly status: AbStatus;
  /** The spec file on each side, relative to its tree's root (null on the side that lacks the spec). */
  readonly files: { readonly base: string | null; readonly head: string | null };
  readonly base: AbSideFigures | null;
  readonly head: AbSideFigures | null;
  readonly change: AbChange | null;
  /** Base/head pairs measured (each pair: one process, or wrk run, per side, in alternating order). */
  readonly pairs: number;
  /** Why measuring stopped. */
  readonly stop: ForkStop | null;
  /** Wall time spent on this spec, ns. */
  readonly elapsedNs: number;
  readonly error: AbError | null;
  readonly skipReason: string | null;
  readonly warnings: readonly string[];
  /** Both sides' CPU profiles and what changed between them (a regressed or improved spec, or --cpu-profile). */
  readonly profile?: ProfileSummary;
}

/** Counts per status. */
export type AbCounts = Record<AbStatus, number>;

/** One `fxperf ab` invocation. */
export interface AbRunResult {
  readonly fxperfVersion: string;
  readonly runtime: { readonly name: string; readonly version: string };
  readonly startedAt: string;
  readonly endedAt: string;
  readonly base: {
    /** The revision given with --base, or null with --base-dir. */
    readonly ref: string | null;
    readonly commit: string | null;
    /** "worktree": checked out by fxperf for this run; "dir": given with --base-dir. */
    readonly source: "worktree" | "dir";
    /** How the base tree got its dependencies. */
    readonly dependencies: string;
  };
  readonly head: {
    readonly commit: string | null;
    /** True when the working tree had uncommitted changes (they are part of what was measured). */
    readonly dirty: boolean;
  };
  readonly guard: GuardReport;
  /** `--strict`: an undecided spec fails the comparison. */
  readonly strict: boolean;
  /** True when SIGINT/SIGTERM stopped the comparison before every spec was measured. */
  readonly interrupted: boolean;
  /** How many specs the comparison set out to report (fewer are in `specs` when it was interrupted). */
  readonly planned: number;
  /** `--shard i/n`: this shard and the whole comparison's plan (absent when unsharded). */
  readonly shard?: ShardInfo;
  /**
   * Load specs: the CPUs wrk and the servers were pinned to (`taskset -c` lists), or null when they
   * shared the machine's CPUs (`--no-pin`, no taskset, one CPU, or no load spec measured).
   */
  readonly loadCpus: { readonly wrk: string; readonly servers: string } | null;
  readonly specs: readonly AbSpecResult[];
  readonly counts: AbCounts;
}

/** Counts specs per status. */
export function countAbStatuses(specs: readonly Pick<AbSpecResult, "status">[]): AbCounts {
  const counts = Object.fromEntries(AB_STATUSES.map((s) => [s, 0])) as AbCounts;
  for (const spec of specs) counts[spec.status]++;
  return counts;
}

/** The result of a spec that was not measured (added, removed, skipped, an error, a shard that never reported). */
export function unmeasuredAbSpec(
  spec: Pick<AbSpecResult, "id" | "kind" | "files" | "status">,
  extra: Partial<Pick<AbSpecResult, "error" | "skipReason">> = {},
): AbSpecResult {
  return {
    ...spec,
    base: null,
    head: null,
    change: null,
    pairs: 0,
    stop: null,
    elapsedNs: 0,
    error: extra.error ?? null,
    skipReason: extra.skipReason ?? null,
    warnings: [],
  };
}
