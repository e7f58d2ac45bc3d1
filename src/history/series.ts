/**
 * Each spec's series from the recorded points: its last runs (those with a figure), and the change
 * points found in it, each naming the first commit after the step. Pure.
 */
import { type ChangePoint, findChangePoints } from "./change-points.ts";
import type { HistoryPoint } from "./store.ts";

/** A change point as reported: the commit that starts the new level, and the levels. */
export interface ReportedChangePoint extends ChangePoint {
  /** The full hash of the first run after the step (null when that run was outside git). */
  readonly commit: string | null;
  readonly recordedAt: string;
}

/** A spec's series. */
export interface SpecSeries {
  readonly id: string;
  readonly runs: readonly HistoryPoint[];
  readonly changePoints: readonly ReportedChangePoint[];
}

/** The series of every spec in `points` (oldest first), at most `last` runs each, ordered by id. */
export function buildSeries(
  points: readonly HistoryPoint[],
  options: { readonly last: number; readonly pValue: number; readonly minChange: number },
): SpecSeries[] {
  const bySpec = new Map<string, HistoryPoint[]>();
  for (const point of points) {
    if (point.valueNs === null || !(point.valueNs > 0)) continue;
    bySpec.set(point.specId, [...(bySpec.get(point.specId) ?? []), point]);
  }
  return [...bySpec.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, all]) => {
      const runs = all.slice(-options.last);
      const changePoints = findChangePoints(
        runs.map((r) => r.valueNs!),
        options,
      ).map((c) => ({ ...c, commit: runs[c.index]!.commit, recordedAt: runs[c.index]!.recordedAt }));
      return { id, runs, changePoints };
    });
}
