/**
 * What a spec's forks say about its speed beyond one centre: the modes its processes fell into,
 * and the smallest change its verdict could resolve. Pure.
 *
 * On real JavaScript (library code, allocating code) on a shared 2-vCPU machine, a spec's fork
 * medians fall into modes up to about 2x apart (docs/measurement.md, "Modes"). A user reading a
 * bare "undecided" learns nothing; "2 modes: 350 ns in 40% of processes, 700 ns in 60%" and
 * "resolves changes of ±6%" say what the spec can gate.
 */

import { quantile } from "../micro/stats.ts";
import type { Mode } from "../result/spec-result.ts";

/**
 * Two neighbouring fork figures (sorted) this far apart start a new mode. Fork medians of one
 * mode spread by a few percent; the modes seen on the CI VM are 1.4-2x apart.
 */
export const MODE_GAP_RATIO = 1.2;

/** With fewer forks than this, modes are not looked for (one group). */
export const MIN_FORKS_FOR_MODES = 4;

/**
 * Groups fork figures into modes: sorted, split wherever a figure is more than
 * {@link MODE_GAP_RATIO} times the one before it (single-linkage clustering on the log scale with
 * a fixed gap, the simplest rule that keeps a mode's own spread together). Fastest mode first.
 * Non-positive or non-finite figures are left out.
 */
export function findModes(values: readonly number[], gapRatio = MODE_GAP_RATIO): Mode[] {
  const sorted = values.filter((x) => Number.isFinite(x) && x > 0).sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  if (sorted.length < MIN_FORKS_FOR_MODES) return [{ centre: quantile(sorted, 0.5), share: 1, count: sorted.length }];
  const groups: number[][] = [[sorted[0]!]];
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]! > sorted[i - 1]! * gapRatio) groups.push([]);
    groups.at(-1)!.push(sorted[i]!);
  }
  return groups.map((g) => ({ centre: quantile(g, 0.5), share: g.length / sorted.length, count: g.length }));
}

/**
 * "2 modes: 350 ns in 40% of processes, 700 ns in 60%", or undefined with a single mode.
 * `format` renders a centre (ns, or whatever unit the figures are in).
 */
export function describeModes(modes: readonly Mode[], format: (value: number) => string): string | undefined {
  if (modes.length < 2) return undefined;
  const parts = modes.map(
    (m, i) => `${format(m.centre)} in ${Math.round(m.share * 100)}%${i === 0 ? " of processes" : ""}`,
  );
  return `${modes.length} modes: ${parts.join(", ")}`;
}

/**
 * The smallest change the verdict could resolve with the forks it had: the half-width of the
 * interval on the ratio, as a fraction (0.06 = ±6%). A true change this size or smaller is
 * inside the noise; with tolerance T, unchanged code passes only when T exceeds it, and a slowdown
 * is caught only when it exceeds T by about as much.
 */
export function resolvableChange(low: number, high: number): number | undefined {
  if (!Number.isFinite(low) || !Number.isFinite(high) || high < low) return undefined;
  return (high - low) / 2;
}

/**
 * The tolerance at which the spec could gate: the next whole percent above the resolvable
 * change, so a report can say "this spec can gate at 6%, not at 2%".
 */
export function gateableTolerance(resolvable: number): number {
  return Math.max(1, Math.ceil(resolvable * 100 + 1e-9)) / 100;
}

/**
 * A warning when this run's forks and the baseline's fell into a different number of modes: the
 * fastest-third ratio then compares a mode with a mix, or two different mixes, and may not be like
 * with like. Undefined when either side has too few forks to tell, or the counts agree.
 */
export function modesMismatchWarning(
  baseline: readonly number[],
  run: readonly number[],
  format: (value: number) => string,
): string | undefined {
  if (baseline.length < MIN_FORKS_FOR_MODES || run.length < MIN_FORKS_FOR_MODES) return undefined;
  const [before, now] = [findModes(baseline), findModes(run)];
  if (before.length === now.length) return undefined;
  const say = (modes: readonly Mode[]) =>
    describeModes(modes, format) ?? `1 mode (${format(modes[0]?.centre ?? Number.NaN)})`;
  return `its processes fell into other modes than the baseline's: baseline ${say(before)}; this run ${say(now)}; the ratio of fastest thirds may not compare like with like (fxperf ab measures both in the same processes)`;
}
