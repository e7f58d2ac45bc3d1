import { COMPLEXITY_CLASSES, type ComplexityClass } from "../dsl/builder.ts";
import type { MicroFn, SuitePlan } from "../dsl/plan.ts";

/** Statistics a micro spec can be held to. Time figures are ns; `heap` is bytes per iteration. */
export type MicroStatistic = "avg" | "p50" | "p75" | "p99" | "max" | "heap";

/** Where an absolute limit came from: the spec's `.expect()`, or an environment override. */
export type LimitSource =
  | { kind: "spec"; file: string; line: number | undefined }
  | { kind: "override"; variable: string };

/** A limit an environment override changed: which variable, its value, and the limit it replaced. */
export interface OverrideNote {
  readonly variable: string;
  readonly value: string;
  /** The limit before the override (ns or bytes; for a baseline, the threshold), if there was one. */
  readonly replaced: number | undefined;
}

/**
 * One bound on one figure, for micro and load specs alike (the one threshold model): a ceiling
 * (`max`: times, bytes, an error rate) or a floor (`min`: requests or bytes per second).
 */
export interface Threshold<M extends string = MicroStatistic | LoadMetric> {
  readonly metric: M;
  /** In the figure's unit: ns, bytes, requests/s, bytes/s or a fraction. */
  readonly bound: number;
  readonly direction: "min" | "max";
  readonly source: LimitSource;
  readonly override?: OverrideNote;
}

/** One upper bound on one statistic of a micro spec. */
export interface Limit extends Threshold<MicroStatistic> {
  readonly direction: "max";
}

/** Measuring options a spec set explicitly; the engine fills in its defaults for the rest. */
export interface MeasureSettings {
  readonly warmupSamples?: number;
  /** Warm-up time when no sample count is fixed (forks use a shorter one than a single process). */
  readonly warmupNs?: number;
  readonly minSamples?: number;
  readonly maxSamples?: number;
  readonly timeNs?: number;
  /** The most calls timed as one sample (`.setup()` caps it: a batch's inputs all exist at once). */
  readonly maxBatch?: number;
}

/** What every validated spec has. */
export interface SpecCommon {
  readonly id: string;
  readonly name: string;
  readonly file: string;
  readonly line: number | undefined;
  /** Own tags and those inherited from enclosing suites, without duplicates. */
  readonly tags: readonly string[];
  readonly suite: SuitePlan;
  readonly skip: boolean;
  readonly only: boolean;
  /** Tolerance set with `.tolerance()`, as a fraction. */
  readonly tolerance: number | undefined;
}

/** A parameter value of `.args()`. */
export type ParamValue = number | string | boolean;

/** One parameter combination of `.args()`. */
export type Params = Readonly<Record<string, ParamValue>>;

/** The complexity classes and their type: one definition, the DSL's (dsl/builder.ts). */
export { COMPLEXITY_CLASSES, type ComplexityClass };

/** The specs `.args()` made from one itPerf(): their shared id and what they expect together. */
export interface SpecGroup {
  /** The id the spec would have without parameters (`suite > sum`). */
  readonly id: string;
  /** How many specs the group has. */
  readonly size: number;
  /** `.expect({ complexity })`: the class, and the numeric parameter it is fitted over. */
  readonly complexity: { readonly expected: ComplexityClass; readonly param: string } | undefined;
}

/** A validated micro-benchmark spec, ready to run. */
export interface ResolvedMicroSpec extends SpecCommon {
  readonly kind: "micro";
  readonly fn: MicroFn;
  /** This spec's parameters (`.args()`), passed to `fn`. */
  readonly params?: Params;
  /** The group `.args()` made this spec part of. */
  readonly group?: SpecGroup;
  /** `.setup()`: makes each call's input from the parameters, untimed. */
  readonly setup?: (params: Params) => unknown;
  /** `.args()` as validated, on the spec before it is expanded into one spec per combination. */
  readonly args?: Readonly<Record<string, readonly ParamValue[]>>;
  /** `.expect({ complexity })`, on the spec before it is expanded (the group carries it after). */
  readonly complexity?: { readonly expected: ComplexityClass; readonly param: string };
  /** `.expect({ fasterThan })`: the sibling spec's id and the speed-up needed (1: faster at all). */
  readonly fasterThan?: { readonly id: string; readonly name: string; readonly by: number };
  readonly measure: MeasureSettings;
  readonly timeoutNs: number | undefined;
  readonly limits: readonly Limit[];
  /** Forks (fresh processes) set with `.forks()`, measured before the first decision. */
  readonly forks?: number;
}

/** Figures a load spec can be held to. */
export type LoadMetric =
  | "rps"
  | "transfer"
  | "errorRate"
  | "latency.p50"
  | "latency.p75"
  | "latency.p90"
  | "latency.p99"
  | "latency.max"
  | "latency.avg";

/** One bound on a load figure: a floor (rps, transfer) or a ceiling (latency, error rate). */
export type LoadLimit = Threshold<LoadMetric>;

/** A validated load spec, ready to run. */
export interface ResolvedLoadSpec extends SpecCommon {
  readonly kind: "load";
  readonly url: string;
  readonly method: string | undefined;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | undefined;
  readonly connections: number;
  /** Undefined: the smaller of the cores and the connections, decided at run time. */
  readonly threads: number | undefined;
  readonly durationS: number;
  readonly timeoutS: number | undefined;
  /** Absolute path of the user's Lua script. */
  readonly script: string | undefined;
  readonly warmupS: number | undefined;
  readonly limits: readonly LoadLimit[];
  /** Extra attempts for a failing spec (`.retries()`); `--retries` applies when unset. */
  readonly retries: number | undefined;
}

/** A validated spec of either kind. */
export type ResolvedSpec = ResolvedMicroSpec | ResolvedLoadSpec;

/** A problem in a spec's settings, found before anything runs. */
export interface SpecProblem {
  readonly file: string;
  readonly line: number | undefined;
  readonly specId: string;
  readonly message: string;
}

/** The outcome of validating one spec: the spec, or the problems that stop it from running. */
export type Resolution<T> = { spec: T; problems: [] } | { spec: undefined; problems: SpecProblem[] };
