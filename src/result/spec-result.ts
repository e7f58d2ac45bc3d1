/**
 * The result of one spec: a discriminated union on `kind`, plain and serialisable.
 * The verdict types (statuses, checks, the baseline outcome) live here too, so that
 * verdict/ writes them, run/ returns them and report/ renders them without any of
 * those folders importing another's. Reporters never compute verdicts.
 */
import type { ComplexityClass, Params } from "../spec/resolved.ts";
import type { ProfileSummary } from "./profile-summary.ts";
import type { LoadResult } from "../load/load-result.ts";
import type { MicroMeasurement } from "../micro/engine.ts";
import type { BaselineComparison, LoadBaselineComparison } from "../profiles/resolve-limits.ts";
import type { Limit, LoadLimit, Threshold } from "../spec/resolved.ts";

/**
 * A spec's verdict. WARN: the baseline comparison stayed undecided after measuring
 * more. NO BASELINE: measured, but there was nothing to compare with.
 */
export type Status = "PASS" | "FAIL" | "WARN" | "ERROR" | "SKIP" | "NO BASELINE";

/** One threshold checked against one measured figure (micro and load specs alike). */
export interface ThresholdCheck<L extends Threshold = Threshold> {
  readonly metric: L["metric"];
  readonly measured: number;
  readonly limit: L;
  readonly passed: boolean;
}

/** One limit checked against one measured figure of a micro spec. */
export type Check = ThresholdCheck<Limit>;

/** What the baseline decision rule concluded and the numbers behind it. */
export interface BaselineOutcome {
  readonly decision: "pass" | "fail" | "undecided";
  /** The centre of the spec's fork medians over the baseline's (see verdict/fork-comparison.ts). */
  readonly ratio: number;
  readonly ratioLow: number;
  readonly ratioHigh: number;
  /** The highest ratio the tolerance allows. */
  readonly limitRatio: number;
  /** Faster than the baseline by more than the tolerance, with confidence. */
  readonly improved: boolean;
  /** True when the ratio is of times relative to the drift reference kernel. */
  readonly driftCorrected?: boolean;
  /**
   * What the ratio is of: the mean of the fastest third of the spec's fork medians, and of the
   * baseline's (ns; relative to the reference kernel when drift-corrected).
   */
  readonly centre?: number;
  readonly baselineCentre?: number;
  /**
   * The smallest change this verdict could resolve with the forks it had: the half-width of the
   * interval, as a fraction (0.06: ±6%). See verdict/modes.ts.
   */
  readonly resolvable?: number;
}

/** One mode of a spec's fork figures: their median and the share of forks in it (verdict/modes.ts). */
export interface Mode {
  readonly centre: number;
  readonly share: number;
  readonly count: number;
}

/** Why a spec's forks stopped: decided, the fixed count (nothing to decide), its time budget, or the cap. */
export type ForkStop = "decided" | "fixed" | "time budget" | "fork cap";

/** How a micro spec was measured across fresh processes (forks). */
export interface ForkSummary {
  readonly count: number;
  /** Each fork's median, ns, in the order they ran. */
  readonly p50sNs: readonly number[];
  /** The drift reference kernel's median in each fork, ns, when measured. */
  readonly referenceP50sNs: readonly number[] | undefined;
  readonly stop: ForkStop;
  /** Wall time of all forks, start-up included. */
  readonly elapsedNs: number;
  /** Each fork's CPU time over wall time while measuring (NaN where unknown); under 0.8: descheduled. */
  readonly cpuShares?: readonly number[];
  /** The modes the fork medians fell into (one entry when they agree), fastest first. */
  readonly modes?: readonly Mode[];
}

/** A micro spec's comparison with its calibrated baseline, and what the rule decided. */
export interface BaselineVerdict {
  readonly comparison: BaselineComparison;
  readonly outcome: BaselineOutcome;
}

/** One load limit checked against one figure. */
export type LoadCheck = ThresholdCheck<LoadLimit>;

/** A load figure compared with its calibrated baseline. */
export interface LoadBaselineCheck {
  readonly metric: "rps" | "latency.p99";
  readonly measured: number;
  readonly baseline: number;
  /** The floor (rps) or ceiling (p99) the tolerance allows. */
  readonly threshold: number;
  readonly passed: boolean;
}

/** Why a spec did not produce a measurement. */
export interface SpecError {
  /**
   * Where it happened: the spec itself, a hook, a timeout, the load generator (wrk, "load"),
   * importing its spec file in the process that was to run it ("import"), or its shard never
   * reported to `fxperf merge` ("merge").
   */
  readonly phase: "spec" | "beforeAll" | "afterAll" | "timeout" | "load" | "import" | "merge";
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

/** What every kind of result carries. */
export interface SpecResultBase {
  readonly id: string;
  readonly file: string;
  readonly line: number | undefined;
  readonly tags: readonly string[];
  readonly status: Status;
  /** Things worth a look that do not change the verdict (near a limit, optimised away...). */
  readonly warnings: readonly string[];
  readonly error: SpecError | undefined;
  readonly skipReason: string | undefined;
  /** Wall time the spec took in this run (ns), hooks and forks included: what `--shard-timings` balances by. */
  readonly elapsedNs?: number;
}

/** An itPerf() micro-benchmark's result. */
export interface MicroSpecResult extends SpecResultBase {
  readonly kind: "micro";
  /** Undefined when the spec was skipped or threw. */
  readonly measurement: MicroMeasurement | undefined;
  readonly checks: readonly Check[];
  /** The comparison with a calibrated baseline, when the spec has one. */
  readonly baseline: BaselineVerdict | undefined;
  /** The forks it was measured in; undefined when it was skipped or never ran. */
  readonly forks?: ForkSummary;
  /** `.expect({ fasterThan })`: the speed-up against the sibling, measured side by side. */
  readonly relative?: RelativeOutcome;
  /** Its CPU profile, when one was taken (a failed spec, or --cpu-profile): the top functions. */
  readonly profile?: ProfileSummary;
  /** `.args()`: this spec's parameters and the id of the group they belong to. */
  readonly params?: { readonly group: string; readonly values: Params };
}

/** A loadPerf() HTTP load test's result. */
export interface LoadSpecResult extends SpecResultBase {
  readonly kind: "load";
  /** The attempts, figures and checks; undefined when the spec was skipped or the generator failed. */
  readonly load: LoadOutcome | undefined;
}

/** A failing afterAll hook, reported in its own row. */
export interface HookResult extends SpecResultBase {
  readonly kind: "hook";
}

/** One complexity class fitted to a group's medians: t ≈ coefficient · f(n), with its relative RMS error. */
export interface ComplexityFit {
  readonly complexity: ComplexityClass;
  /** ns per unit of f(n). */
  readonly coefficient: number;
  /** Root-mean-square error of the fit over the mean time (0 is a perfect fit). */
  readonly rms: number;
}

/** What the fit says about a group: every class's fit, best first, and whether the expectation holds. */
export interface ComplexityOutcome {
  readonly expected: ComplexityClass;
  readonly best: ComplexityClass;
  readonly fits: readonly ComplexityFit[];
  /** The best fit is the expected class or a cheaper one. */
  readonly passed: boolean;
}

/** The verdict on `.expect({ fasterThan })`. */
export interface RelativeOutcome {
  /** The sibling's id and name. */
  readonly otherId: string;
  readonly otherName: string;
  /** The speed-up needed (1: faster at all). */
  readonly by: number;
  /** The sibling's time over this spec's: 2 means this spec is twice as fast. */
  readonly speedup: number;
  readonly low: number;
  readonly high: number;
  /** pass: the whole interval is above `by`; fail: all of it is at or below; undecided: it straddles `by`. */
  readonly decision: "pass" | "fail" | "undecided";
  /** Rounds (side-by-side medians) the figures come from. */
  readonly rounds: number;
}

/**
 * `.expect({ complexity })` of a group of parameterised specs, in a row of its own
 * (`algo > sum (complexity)`): the medians fitted to each class.
 */
export interface ComplexityResult extends SpecResultBase {
  readonly kind: "complexity";
  /** The group's id (`algo > sum`). */
  readonly group: string;
  /** The numeric parameter fitted over. */
  readonly param: string;
  /** Each member's parameter value and time, ns: its fastest forks' centre, or its median from one fork (members without one are left out). */
  readonly points: readonly { readonly n: number; readonly p50Ns: number }[];
  /** The fit; undefined when too few members were measured to fit (the status says why). */
  readonly outcome: ComplexityOutcome | undefined;
}

/** The outcome of one spec (or failing hook, or group expectation); a new kind of spec adds a member. */
export type SpecResult = MicroSpecResult | LoadSpecResult | HookResult | ComplexityResult;

/** The kinds of result. */
export type SpecResultKind = SpecResult["kind"];
