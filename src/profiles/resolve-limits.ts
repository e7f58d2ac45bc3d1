/**
 * The layered merge: for each spec, which baseline applies (env > local > repo),
 * which tolerance (spec > --tolerance > FXPERF_TOLERANCE > profile > default),
 * and what an environment override changes. Pure; every value carries where it came from.
 */
import type { Override } from "../env/read-overrides.ts";
import type {
  Limit,
  LoadLimit,
  OverrideNote,
  ResolvedLoadSpec,
  ResolvedMicroSpec,
  Threshold,
} from "../spec/resolved.ts";
import type { LoadBaseline, MicroBaseline, Profile } from "./schema.ts";

/** Default tolerance when nothing sets one: 10%. */
export const DEFAULT_TOLERANCE = 0.1;

/**
 * Profile sources, highest precedence first: the recorded history (`run --baseline history`, which
 * then stands alone), FXPERF_PROFILE, `--profile`, the user's profile directory, the repository's
 * perf-profiles/.
 */
export const PROFILE_SOURCES = ["history", "env", "flag", "local", "repo"] as const;
/** A profile source. "built-in" budgets are the spec's own `.expect()` limits. */
export type ProfileSourceKind = (typeof PROFILE_SOURCES)[number];

/** A profile read from disk, and from which source. */
export interface ProfileLayer {
  readonly kind: ProfileSourceKind;
  readonly file: string;
  readonly profile: Profile;
}

/** Where a baseline came from. */
export interface BaselineSource {
  readonly kind: ProfileSourceKind;
  readonly file: string;
  readonly calibratedAt: string;
  readonly gitCommit: string | null;
}

/** Where a tolerance came from. */
export type ToleranceSource = "spec" | "flag" | "env" | "profile" | "default";

/** A comparison of the spec's p50 with its calibrated baseline. */
export interface BaselineComparison {
  readonly statistic: "p50";
  readonly baseline: MicroBaseline;
  readonly source: BaselineSource;
  /** The machine's noise (coefficient of variation) at calibration time. */
  readonly noiseCv: number;
  readonly tolerance: number;
  readonly toleranceSource: ToleranceSource;
  /** Multiplier a relative override applies to the threshold (1 without one). */
  readonly factor: number;
  readonly override?: OverrideNote;
}

/** A load spec's rps and p99 compared with their calibrated baseline. */
export interface LoadBaselineComparison {
  readonly baseline: LoadBaseline;
  readonly source: BaselineSource;
  readonly tolerance: number;
  readonly toleranceSource: ToleranceSource;
  /** Multiplier a relative override applies (1 without one). */
  readonly factor: number;
  readonly override?: OverrideNote;
  /** True when an absolute override replaced the p99 comparison (the rps floor still applies). */
  readonly p99Replaced?: boolean;
}

/** Everything a load spec is held to. */
export interface LoadSpecLimits {
  readonly limits: readonly LoadLimit[];
  readonly baseline: LoadBaselineComparison | undefined;
}

/** Everything a micro spec is held to. */
export interface SpecLimits {
  readonly limits: readonly Limit[];
  readonly baseline: BaselineComparison | undefined;
}

/** Run-wide tolerance settings. */
export interface ToleranceSettings {
  readonly flag: number | undefined;
  readonly env: number | undefined;
}

/** Picks the tolerance and says where it came from. */
export function resolveTolerance(
  spec: number | undefined,
  settings: ToleranceSettings,
  profile: number | undefined,
): { value: number; source: ToleranceSource } {
  if (spec !== undefined) return { value: spec, source: "spec" };
  if (settings.flag !== undefined) return { value: settings.flag, source: "flag" };
  if (settings.env !== undefined) return { value: settings.env, source: "env" };
  if (profile !== undefined) return { value: profile, source: "profile" };
  return { value: DEFAULT_TOLERANCE, source: "default" };
}

/** The highest-precedence layer that has a baseline of `kind` for `specId`. */
export function findBaseline<K extends "micro" | "load">(
  specId: string,
  kind: K,
  layers: readonly ProfileLayer[],
): { layer: ProfileLayer; baseline: K extends "micro" ? MicroBaseline : LoadBaseline } | undefined {
  const ordered = [...layers].sort((a, b) => PROFILE_SOURCES.indexOf(a.kind) - PROFILE_SOURCES.indexOf(b.kind));
  for (const layer of ordered) {
    const baseline = layer.profile.baselines[specId];
    if (baseline?.kind === kind)
      return { layer, baseline: baseline as K extends "micro" ? MicroBaseline : LoadBaseline };
  }
  return undefined;
}

/** Where a baseline came from: its own calibration date and commit when recorded (kept by --append), else the profile's. */
function sourceOf(layer: ProfileLayer, baseline: MicroBaseline | LoadBaseline): BaselineSource {
  const calibration = layer.profile.calibration;
  return {
    kind: layer.kind,
    file: layer.file,
    calibratedAt: baseline.calibratedAt ?? calibration.date,
    gitCommit: baseline.gitCommit !== undefined ? baseline.gitCommit : calibration.gitCommit,
  };
}

/**
 * Resolves a load spec's limits: its own expectations, its baseline (rps and p99),
 * tolerance, and an override (absolute: replaces the p99 latency limit; relative:
 * scales every limit, floors down and ceilings up for a "+" value).
 */
export function resolveLoadLimits(
  spec: ResolvedLoadSpec,
  layers: readonly ProfileLayer[],
  tolerance: ToleranceSettings,
  override: Override | undefined,
): LoadSpecLimits {
  const found = findBaseline(spec.id, "load", layers);
  let baseline: LoadBaselineComparison | undefined;
  if (found) {
    const { value, source } = resolveTolerance(spec.tolerance, tolerance, found.layer.profile.tolerance);
    baseline = {
      baseline: found.baseline,
      source: sourceOf(found.layer, found.baseline),
      tolerance: value,
      toleranceSource: source,
      factor: 1,
    };
  }
  let limits: LoadLimit[] = [...spec.limits];
  if (override?.kind === "relative") {
    limits = loosen(limits, override);
    if (baseline)
      baseline = {
        ...baseline,
        factor: override.factor,
        override: noteOf(override, loadBaselineBound(baseline, "latency.p99", 1)),
      };
  } else if (override?.kind === "absolute") {
    const fromBaseline = baseline ? loadBaselineBound(baseline, "latency.p99", 1) : undefined;
    limits = replaceCeiling(limits, "latency.p99", override, fromBaseline);
    // Only p99 is replaced: the baseline's rps floor keeps applying.
    if (baseline) baseline = { ...baseline, p99Replaced: true };
  }
  return { limits, baseline };
}

/**
 * The bound a load baseline sets on `metric`, the one place it is computed: requests per second at
 * least baseline / ((1 + tolerance) × factor), p99 at most baseline × (1 + tolerance) × factor.
 * `factor` is a relative override's (pass 1 for the bound before the override).
 */
export function loadBaselineBound(
  comparison: {
    readonly baseline: { readonly rps: number; readonly p99: number };
    readonly tolerance: number;
    readonly factor: number;
  },
  metric: "rps" | "latency.p99",
  factor = comparison.factor,
): number {
  const widen = (1 + comparison.tolerance) * factor;
  return metric === "rps" ? comparison.baseline.rps / widen : comparison.baseline.p99 * widen;
}

/** What an override note says: the variable, its value, and the bound it replaced. */
function noteOf(override: Override, replaced: number | undefined): OverrideNote {
  return { variable: override.variable, value: override.raw, replaced };
}

/** A relative override ("+20%") loosens every threshold: ceilings rise by 20%, floors drop to 1/1.2 of themselves. */
function loosen<T extends Threshold>(limits: readonly T[], override: Extract<Override, { kind: "relative" }>): T[] {
  return limits.map((l) => ({
    ...l,
    bound: l.direction === "max" ? l.bound * override.factor : l.bound / override.factor,
    override: noteOf(override, l.bound),
  }));
}

/**
 * An absolute override replaces the ceiling on `metric` (a micro spec's p50, a load spec's p99); the
 * note says what it replaced: the spec's own bound, else the baseline's.
 */
function replaceCeiling<T extends Threshold>(
  limits: readonly T[],
  metric: T["metric"],
  override: Extract<Override, { kind: "absolute" }>,
  fromBaseline: number | undefined,
): T[] {
  const previous = limits.find((l) => l.metric === metric)?.bound ?? fromBaseline;
  const replacement = {
    metric,
    bound: override.ns,
    direction: "max",
    source: { kind: "override", variable: override.variable },
    override: noteOf(override, previous),
  } as const;
  return [...limits.filter((l) => l.metric !== metric), replacement as unknown as T];
}

/** The p50 threshold a baseline comparison enforces, in ns. */
export function baselineThreshold(comparison: BaselineComparison): number {
  return comparison.baseline.p50 * (1 + comparison.tolerance) * comparison.factor;
}

/** Resolves one spec's limits from its own budgets, the profile layers, tolerances and an override. */
export function resolveLimits(
  spec: ResolvedMicroSpec,
  layers: readonly ProfileLayer[],
  tolerance: ToleranceSettings,
  override: Override | undefined,
): SpecLimits {
  const found = findBaseline(spec.id, "micro", layers);
  let baseline: BaselineComparison | undefined;
  if (found) {
    const { value, source } = resolveTolerance(spec.tolerance, tolerance, found.layer.profile.tolerance);
    baseline = {
      statistic: "p50",
      baseline: found.baseline,
      source: sourceOf(found.layer, found.baseline),
      noiseCv: found.baseline.noiseCv ?? found.layer.profile.calibration.noiseCv,
      tolerance: value,
      toleranceSource: source,
      factor: 1,
    };
  }
  let limits: Limit[] = [...spec.limits];
  if (override?.kind === "relative") {
    limits = loosen(limits, override);
    if (baseline)
      baseline = { ...baseline, factor: override.factor, override: noteOf(override, baselineThreshold(baseline)) };
  } else if (override?.kind === "absolute") {
    // An absolute value replaces the primary limit: the p50 budget and the baseline comparison.
    limits = replaceCeiling(limits, "p50", override, baseline ? baselineThreshold(baseline) : undefined);
    baseline = undefined;
  }
  return { limits, baseline };
}
