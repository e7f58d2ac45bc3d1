/**
 * What a spec's processes say beyond its verdict, in words shared by every report of `run` and
 * `ab`: the smallest change the verdict could resolve ("this spec resolves ±6% with 8 forks") and
 * the modes its processes fell into ("2 modes: 350 ns in 40% of processes, 700 ns in 60%"). Pure:
 * the figures come from the result, these functions only word them.
 */
import type { MicroSpecResult, Mode } from "../result/spec-result.ts";
import { formatChange, formatNs } from "../units.ts";
import { describeModes, gateableTolerance } from "../verdict/modes.ts";

/** A fraction as a percentage with at most one decimal and no trailing ".0": 0.06 → "6%", 0.058 → "5.8%". */
function percent(fraction: number): string {
  return `${+(fraction * 100).toFixed(1)}%`;
}

/** "±6%", "±5.8%": the half-width of a verdict's interval on the ratio. */
export function formatResolvable(resolvable: number): string {
  return `±${percent(resolvable)}`;
}

/** What {@link describeResolution} words: a verdict's decision and the figures of its interval. */
export interface Resolution {
  readonly decision: "pass" | "fail" | "undecided";
  /** The interval's half-width on the ratio, a fraction (0.06: ±6%). */
  readonly resolvable: number;
  /** What the interval rests on: "8 forks", "6 pairs". */
  readonly evidence: string;
  /** The slowdown allowed, a fraction. */
  readonly tolerance: number;
  /** The measured ratio head / base (or run / baseline). */
  readonly ratio: number;
}

/**
 * "undecided: this spec resolves ±6% with 8 forks (tolerance 2%): it can gate at 6%, not at 2%";
 * when the spec resolves finer than its tolerance and is undecided only because its change sits
 * at the limit, it says that instead; decided verdicts get "this spec resolves ±3% with 8 forks
 * (tolerance 10%)".
 */
export function describeResolution(r: Resolution): string {
  const base = `this spec resolves ${formatResolvable(r.resolvable)} with ${r.evidence} (tolerance ${percent(r.tolerance)})`;
  if (r.decision !== "undecided") return base;
  const gate = gateableTolerance(r.resolvable);
  if (gate > r.tolerance + 1e-9)
    return `undecided: ${base}: it can gate at ${percent(gate)}, not at ${percent(r.tolerance)}`;
  return `undecided: ${base}, but its change (${formatChange(r.ratio)}) lies within that of the ${formatChange(1 + r.tolerance)} limit`;
}

/** "2 modes: 350 ns in 40% of processes, 700 ns in 60%", or undefined for one mode (or none known). */
export function modesLine(modes: readonly Mode[] | undefined, format: (value: number) => string): string | undefined {
  return modes ? describeModes(modes, format) : undefined;
}

/** "8 forks", "1 pair", "3 processes". */
export function countOf(count: number, noun: string, plural = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : plural}`;
}

/**
 * "this spec resolves ±3% with 8 forks (tolerance 10%)", or the undecided sentence of
 * {@link describeResolution}; undefined for a spec without a baseline verdict that carries it.
 */
export function microResolutionLine(spec: MicroSpecResult): string | undefined {
  const outcome = spec.baseline?.outcome;
  if (outcome?.resolvable === undefined || !Number.isFinite(outcome.resolvable)) return undefined;
  return describeResolution({
    decision: outcome.decision,
    resolvable: outcome.resolvable,
    evidence: spec.forks ? countOf(spec.forks.count, "fork") : "its forks",
    tolerance: outcome.limitRatio - 1,
    ratio: outcome.ratio,
  });
}

/**
 * A micro spec's resolution and modes, one line each (none when it has a single mode and no
 * baseline verdict): what the console, Markdown, HTML and JUnit reports add under a `run` spec.
 */
export function microForkLines(spec: MicroSpecResult): string[] {
  const resolution = microResolutionLine(spec);
  const modes = modesLine(spec.forks?.modes, formatNs);
  return [...(resolution ? [resolution] : []), ...(modes ? [modes] : [])];
}
