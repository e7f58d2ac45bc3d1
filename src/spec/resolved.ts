import type { PerfFn, SuitePlan } from "../dsl/plan.ts";

/** Statistics a micro spec can be held to. Time figures are ns; `heap` is bytes per iteration. */
export type MicroStatistic = "avg" | "p50" | "p75" | "p99" | "max" | "heap";

/** Where an absolute limit came from: the spec's `.expect()`, or an environment override. */
export type LimitSource = { kind: "spec"; file: string; line: number | undefined } | { kind: "override"; variable: string };

/** A limit an environment override changed: which variable, its value, and the limit it replaced. */
export interface OverrideNote {
  readonly variable: string;
  readonly value: string;
  /** The limit before the override (ns or bytes; for a baseline, the threshold), if there was one. */
  readonly replaced: number | undefined;
}

/** One upper bound on one statistic. */
export interface Limit {
  readonly statistic: MicroStatistic;
  /** Upper bound, in ns for time statistics and bytes for `heap`. */
  readonly max: number;
  readonly source: LimitSource;
  readonly override?: OverrideNote;
}

/** Measuring options a spec set explicitly; the engine fills in its defaults for the rest. */
export interface MeasureSettings {
  readonly warmupSamples?: number;
  readonly minSamples?: number;
  readonly maxSamples?: number;
  readonly timeNs?: number;
}

/** A validated spec, ready to run. */
export interface ResolvedSpec {
  readonly kind: "micro";
  readonly id: string;
  readonly name: string;
  readonly file: string;
  readonly line: number | undefined;
  /** Own tags and those inherited from enclosing suites, without duplicates. */
  readonly tags: readonly string[];
  readonly fn: PerfFn;
  readonly suite: SuitePlan;
  readonly skip: boolean;
  readonly only: boolean;
  readonly measure: MeasureSettings;
  readonly timeoutNs: number | undefined;
  readonly limits: readonly Limit[];
  /** Tolerance set with `.tolerance()`, as a fraction. */
  readonly tolerance: number | undefined;
}

/** A problem in a spec's settings, found before anything runs. */
export interface SpecProblem {
  readonly file: string;
  readonly line: number | undefined;
  readonly specId: string;
  readonly message: string;
}
