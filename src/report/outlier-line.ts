/**
 * A micro spec's outlier counts in one line, as Criterion prints them, for the HTML, Markdown and
 * JUnit reports. Pure.
 */
import type { MicroMeasurement } from "../micro/engine.ts";

const count = (n: number) => n.toLocaleString("en-US");

/**
 * "outliers: 2 low mild, 5 high mild, 1 high severe of 1,200 samples" (low severe to high severe,
 * empty classes left out; "none" when there are none), or undefined when the counts are unknown.
 */
export function outlierLine(m: Pick<MicroMeasurement, "outliers" | "samples">): string | undefined {
  if (!m.outliers) return undefined;
  const { lowSevere, lowMild, highMild, highSevere } = m.outliers;
  const parts = (
    [
      [lowSevere, "low severe"],
      [lowMild, "low mild"],
      [highMild, "high mild"],
      [highSevere, "high severe"],
    ] as const
  )
    .filter(([n]) => n > 0)
    .map(([n, name]) => `${count(n)} ${name}`);
  return `outliers: ${parts.length > 0 ? parts.join(", ") : "none"} of ${count(m.samples)} samples`;
}

/** Whether any sample lies beyond the fences. */
export function hasOutliers(m: Pick<MicroMeasurement, "outliers">): boolean {
  const o = m.outliers;
  return o !== undefined && o.lowSevere + o.lowMild + o.highMild + o.highSevere > 0;
}
