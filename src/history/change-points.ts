/**
 * Change points in a spec's series: steps that are significant, found by binary segmentation in
 * the manner of Apache Otava (formerly Hunter) and MongoDB's CI: the split of a segment that
 * maximises Welch's t between its two sides is a change point when its two-sided p-value is under
 * `pValue` (default 0.001) and the means differ by at least `minChange` (default 2%); each side is
 * then searched again. Each side must hold at least `minRuns` runs. Pure.
 */
import { studentTwoSidedP } from "../micro/stats.ts";

/** The defaults of `fxperf history`. */
export const CHANGE_POINT_DEFAULTS = { pValue: 0.001, minChange: 0.02, minRuns: 3 } as const;

/** A step: the index of the first value after it, the means before and after, the change. */
export interface ChangePoint {
  readonly index: number;
  readonly before: number;
  readonly after: number;
  /** after / before - 1, in percent. */
  readonly changePercent: number;
  readonly pValue: number;
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const variance = (xs: readonly number[], m: number) => xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1);

/** Welch's t and its degrees of freedom (Welch-Satterthwaite) for `a` against `b`. */
function welch(a: readonly number[], b: readonly number[]): { t: number; df: number } {
  const ma = mean(a);
  const mb = mean(b);
  const va = variance(a, ma) / a.length;
  const vb = variance(b, mb) / b.length;
  const se = Math.sqrt(va + vb);
  if (se === 0) return { t: ma === mb ? 0 : Number.POSITIVE_INFINITY, df: a.length + b.length - 2 };
  const df = (va + vb) ** 2 / ((va * va) / (a.length - 1) + (vb * vb) / (b.length - 1));
  return { t: (mb - ma) / se, df };
}

/** The change points of `values` (oldest first), in order. */
export function findChangePoints(
  values: readonly number[],
  options: { readonly pValue?: number; readonly minChange?: number; readonly minRuns?: number } = {},
): ChangePoint[] {
  const pValue = options.pValue ?? CHANGE_POINT_DEFAULTS.pValue;
  const minChange = options.minChange ?? CHANGE_POINT_DEFAULTS.minChange;
  const minRuns = Math.max(2, options.minRuns ?? CHANGE_POINT_DEFAULTS.minRuns);
  const found: ChangePoint[] = [];
  const search = (lo: number, hi: number) => {
    if (hi - lo < 2 * minRuns) return;
    let best: { index: number; t: number; df: number } | undefined;
    for (let index = lo + minRuns; index <= hi - minRuns; index++) {
      const { t, df } = welch(values.slice(lo, index), values.slice(index, hi));
      if (!best || Math.abs(t) > Math.abs(best.t)) best = { index, t, df };
    }
    if (!best) return;
    const before = mean(values.slice(lo, best.index));
    const after = mean(values.slice(best.index, hi));
    const p = studentTwoSidedP(best.t, best.df);
    const change = before > 0 ? after / before - 1 : 0;
    if (!(p < pValue) || Math.abs(change) < minChange) return;
    found.push({ index: best.index, before, after, changePercent: 100 * change, pValue: p });
    search(lo, best.index);
    search(best.index, hi);
  };
  search(0, values.length);
  return found.sort((a, b) => a.index - b.index);
}
