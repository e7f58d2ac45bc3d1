/**
 * Small inline SVG charts for the HTML report: no library, no network. Pure
 * functions from numbers to SVG text.
 */
import { escapeXml } from "../format/escape.ts";

const WIDTH = 560;
const HEIGHT = 220;
const PAD = { left: 64, right: 16, top: 12, bottom: 34 };
const PLOT_W = WIDTH - PAD.left - PAD.right;
const PLOT_H = HEIGHT - PAD.top - PAD.bottom;

/** A reference line drawn across a chart: a limit (red) or a baseline (blue). */
export interface ReferenceLine {
  readonly label: string;
  readonly value: number;
  readonly kind: "limit" | "baseline";
}

function niceCeiling(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

function frame(title: string, body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${escapeXml(title)}"><title>${escapeXml(title)}</title>${body}</svg>`;
}

function yAxis(maxValue: number, format: (v: number) => string): string {
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * maxValue);
  return ticks
    .map((t) => {
      const y = PAD.top + PLOT_H - (t / maxValue) * PLOT_H;
      return `<line x1="${PAD.left}" x2="${PAD.left + PLOT_W}" y1="${y.toFixed(1)}" y2="${y.toFixed(1)}" class="grid"/><text x="${PAD.left - 6}" y="${(y + 4).toFixed(1)}" text-anchor="end" class="tick">${escapeXml(t === 0 ? "0" : format(t))}</text>`;
    })
    .join("");
}

/** Labels closer than this (px) would overlap: the later one moves. */
const LABEL_GAP = 12;

/**
 * Reference lines with their labels. Baselines are labelled at the left end, limits at the right
 * end, and labels on one side that would overlap are pushed apart vertically.
 */
function referenceLines(lines: readonly ReferenceLine[], maxValue: number, format: (v: number) => string): string {
  const placed = lines
    .filter((line) => Number.isFinite(line.value))
    .map((line) => ({ line, y: PAD.top + PLOT_H - (Math.min(line.value, maxValue) / maxValue) * PLOT_H }))
    .sort((a, b) => a.y - b.y);
  const lastLabelY: Record<ReferenceLine["kind"], number> = { limit: -Infinity, baseline: -Infinity };
  return placed
    .map(({ line, y }) => {
      const clipped = line.value > maxValue;
      const text = `${line.label} ${format(line.value)}${clipped ? " (off chart)" : ""}`;
      // Above the line by default; below the previous label on this side when they would touch.
      const labelY = Math.max(y - 4, lastLabelY[line.kind] + LABEL_GAP, PAD.top + 10);
      lastLabelY[line.kind] = labelY;
      const left = line.kind === "baseline";
      const x = left ? PAD.left + 4 : PAD.left + PLOT_W - 4;
      return `<line x1="${PAD.left}" x2="${PAD.left + PLOT_W}" y1="${y.toFixed(1)}" y2="${y.toFixed(1)}" class="ref ${line.kind}"/><text x="${x}" y="${labelY.toFixed(1)}" text-anchor="${left ? "start" : "end"}" class="ref-label ${line.kind}">${escapeXml(text)}</text>`;
    })
    .join("");
}

/**
 * The distribution of a micro spec: time at each percentile, with its limits and baseline as
 * lines. The scale is set by the body of the distribution (up to p99, but no more than 2.5 times
 * p75, so a few GC pauses cannot flatten the median against the axis) and by the lines near it;
 * what runs off the top is marked.
 */
export function renderPercentileChart(
  title: string,
  percentiles: readonly number[],
  lines: readonly ReferenceLine[],
  format: (v: number) => string,
): string {
  const p75 = percentiles[75] ?? percentiles.at(-1) ?? 0;
  const p99 = percentiles[99] ?? percentiles.at(-1) ?? 0;
  const body = Math.min(p99, p75 * 2.5);
  const maxValue = niceCeiling(
    Math.max(body * 1.1, ...lines.filter((l) => l.value <= body * 20).map((l) => l.value * 1.05)),
  );
  const points = percentiles
    .map(
      (value, i) =>
        `${(PAD.left + (i / 100) * PLOT_W).toFixed(1)},${(PAD.top + PLOT_H - (Math.min(value, maxValue) / maxValue) * PLOT_H).toFixed(1)}`,
    )
    .join(" ");
  const xTicks = [0, 25, 50, 75, 100]
    .map(
      (p) =>
        `<text x="${(PAD.left + (p / 100) * PLOT_W).toFixed(1)}" y="${HEIGHT - 16}" text-anchor="middle" class="tick">p${p}</text>`,
    )
    .join("");
  // The first percentile past the top of the chart, and the max: the tail the scale leaves out.
  const firstOver = percentiles.findIndex((value) => value > maxValue);
  const overflow =
    firstOver >= 0
      ? `<text x="${(PAD.left + (firstOver / 100) * PLOT_W).toFixed(1)}" y="${PAD.top + 10}" text-anchor="end" class="tick">p${firstOver}+ off chart ↑ (max ${escapeXml(format(percentiles.at(-1)!))})</text>`
      : "";
  return frame(
    title,
    `${yAxis(maxValue, format)}${xTicks}<text x="${PAD.left + PLOT_W / 2}" y="${HEIGHT - 2}" text-anchor="middle" class="axis">percentile of samples</text><polyline points="${points}" class="series"/>${referenceLines(lines, maxValue, format)}${overflow}`,
  );
}

/**
 * Bars for named values, each with an optional limit drawn as a line: a ceiling
 * (latency: the bar turns red above it) or, with `floor`, a floor (throughput:
 * red below it).
 */
export function renderBarChart(
  title: string,
  bars: ReadonlyArray<{ label: string; value: number; limit?: number; floor?: boolean }>,
  format: (v: number) => string,
): string {
  const finite = bars.filter((b) => Number.isFinite(b.value));
  const maxValue = niceCeiling(
    Math.max(
      ...finite.map((b) => b.value),
      ...finite.map((b) => (b.limit !== undefined && b.limit < b.value * 20 ? b.limit : 0)),
    ) * 1.1,
  );
  const slot = PLOT_W / Math.max(1, bars.length);
  const body = bars
    .map((bar, i) => {
      const x = PAD.left + i * slot + slot * 0.2;
      const w = slot * 0.6;
      const h = Number.isFinite(bar.value) ? (Math.min(bar.value, maxValue) / maxValue) * PLOT_H : 0;
      const over = bar.limit !== undefined && (bar.floor ? bar.value < bar.limit : bar.value > bar.limit);
      const limitMark =
        bar.limit !== undefined && bar.limit <= maxValue
          ? `<line x1="${(x - 4).toFixed(1)}" x2="${(x + w + 4).toFixed(1)}" y1="${(PAD.top + PLOT_H - (bar.limit / maxValue) * PLOT_H).toFixed(1)}" y2="${(PAD.top + PLOT_H - (bar.limit / maxValue) * PLOT_H).toFixed(1)}" class="ref limit"/><text x="${(x + w / 2).toFixed(1)}" y="${(PAD.top + PLOT_H - (bar.limit / maxValue) * PLOT_H - 4).toFixed(1)}" text-anchor="middle" class="ref-label limit">${bar.floor ? "allowed ≥" : "limit"} ${escapeXml(format(bar.limit))}</text>`
          : bar.limit !== undefined
            ? `<text x="${(x + w / 2).toFixed(1)}" y="${PAD.top + 10}" text-anchor="middle" class="ref-label limit">limit ${escapeXml(format(bar.limit))} ↑</text>`
            : "";
      return `<rect x="${x.toFixed(1)}" y="${(PAD.top + PLOT_H - h).toFixed(1)}" width="${w.toFixed(1)}" height="${h.toFixed(1)}" class="bar${over ? " over" : ""}"><title>${escapeXml(`${bar.label}: ${Number.isFinite(bar.value) ? format(bar.value) : "n/a"}${bar.limit !== undefined ? ` (limit ${format(bar.limit)})` : ""}`)}</title></rect>${limitMark}<text x="${(x + w / 2).toFixed(1)}" y="${HEIGHT - 16}" text-anchor="middle" class="tick">${escapeXml(bar.label)}</text>`;
    })
    .join("");
  return frame(title, `${yAxis(maxValue, format)}${body}`);
}
