/**
 * `fxperf history`'s renderings: the console (a sparkline per spec and its change points),
 * JSON, Markdown, and HTML with one chart per spec (the series, change points marked, each run's
 * commit as a tooltip). Pure.
 */
import { escapeControlChars, escapeMarkdown, escapeXml as escapeHtml } from "../format/escape.ts";
import type { SpecSeries } from "../history/series.ts";
import { formatNs } from "../units.ts";
import type { Colors } from "./colors.ts";
import { HTML_STYLE } from "./html-report.ts";

/** What the history shows: where it was read and which runs. */
export interface HistoryView {
  readonly target: string;
  readonly branch: string | null;
  readonly machine: string;
  readonly last: number;
  readonly pValue: number;
  readonly minChange: number;
  readonly specs: readonly SpecSeries[];
}

const BARS = "▁▂▃▄▅▆▇█";

/** A sparkline of `values` (one bar per value, scaled between their min and max). */
export function sparkline(values: readonly number[]): string {
  const min = Math.min(...values);
  const max = Math.max(...values);
  return values.map((v) => BARS[max > min ? Math.round(((v - min) / (max - min)) * (BARS.length - 1)) : 0]).join("");
}

const short = (commit: string | null) => (commit ? commit.slice(0, 10) : "(no commit)");
const signed = (x: number) => `${x >= 0 ? "+" : ""}${x.toFixed(1)}%`;

/** The line of a change point. */
function changeLine(c: SpecSeries["changePoints"][number]): string {
  return `run ${c.index + 1}, commit ${short(c.commit)} (${c.recordedAt.slice(0, 10)}): ${formatNs(c.before)} → ${formatNs(c.after)} (${signed(c.changePercent)}, p = ${c.pValue.toExponential(1)})`;
}

/** The console view. */
export function renderHistorySummary(view: HistoryView, c: Colors): string {
  const lines = [
    `History of ${view.specs.length} spec${view.specs.length === 1 ? "" : "s"}: ${view.branch ? `branch ${view.branch}` : "every branch"}, machine ${view.machine}, the last ${view.last} runs (${view.target})`,
    c.dim(
      `Change points: p < ${view.pValue}, at least ${(view.minChange * 100).toFixed(1)}%; figures are each run's fork centre (micro) or time per request (load)`,
    ),
    "",
  ];
  if (view.specs.length === 0) lines.push('  No recorded runs match: record runs with "fxperf run --history".');
  const width = Math.max(...view.specs.map((s) => s.id.length), 0);
  for (const spec of view.specs) {
    const values = spec.runs.map((r) => r.valueNs!);
    const marks =
      spec.changePoints.length > 0
        ? c.yellow(`${spec.changePoints.length} change point${spec.changePoints.length === 1 ? "" : "s"}`)
        : c.dim("no change point");
    lines.push(
      `  ${escapeControlChars(spec.id).padEnd(width)}  ${sparkline(values)}  last ${formatNs(values.at(-1)!)}  ${c.dim(`(${values.length} run${values.length === 1 ? "" : "s"})`)}  ${marks}`,
    );
    for (const change of spec.changePoints)
      lines.push(`      ${change.changePercent > 0 ? c.red("slower") : c.green("faster")} at ${changeLine(change)}`);
  }
  return `${lines.join("\n")}\n`;
}

/** The JSON document: each spec's runs and change points (`commit` the full hash). */
export function renderHistoryJson(view: HistoryView): unknown {
  return {
    kind: "fxperf-history",
    schemaVersion: 1,
    target: view.target,
    branch: view.branch,
    machine: view.machine,
    last: view.last,
    pValue: view.pValue,
    minChange: view.minChange,
    specs: view.specs.map((s) => ({
      id: s.id,
      runs: s.runs.map((r) => ({
        runId: r.runId,
        commit: r.commit,
        branch: r.branch,
        recordedAt: r.recordedAt,
        status: r.status,
        valueNs: r.valueNs,
      })),
      changePoints: s.changePoints.map((c) => ({
        commit: c.commit,
        recordedAt: c.recordedAt,
        runIndex: c.index,
        before: c.before,
        after: c.after,
        changePercent: Math.round(c.changePercent * 100) / 100,
        pValue: c.pValue,
      })),
    })),
  };
}

/** Markdown: one table, a row per spec with its trend and change points. */
export function renderHistoryMarkdown(view: HistoryView): string {
  const lines = [
    `**Performance history**: ${view.specs.length} specs, ${view.branch ? `branch ${escapeMarkdown(view.branch)}` : "every branch"}, machine ${escapeMarkdown(view.machine)}, last ${view.last} runs`,
    "",
    "| Spec | Runs | Trend | Last | Change points |",
    "| --- | ---: | --- | ---: | --- |",
  ];
  for (const s of view.specs) {
    const values = s.runs.map((r) => r.valueNs!);
    const changes = s.changePoints.map((c) => `${short(c.commit)}: ${signed(c.changePercent)}`).join("; ") || "none";
    lines.push(
      `| ${escapeMarkdown(s.id)} | ${values.length} | ${sparkline(values)} | ${formatNs(values.at(-1)!)} | ${escapeMarkdown(changes)} |`,
    );
  }
  return `${lines.join("\n")}\n`;
}

/** One spec's chart: the series as a line with a dot per run (its commit as a tooltip), change points as red lines. */
function chart(spec: SpecSeries): string {
  const W = 720;
  const H = 180;
  const pad = 36;
  const values = spec.runs.map((r) => r.valueNs!);
  const min = Math.min(...values) * 0.95;
  const max = Math.max(...values) * 1.05;
  const x = (i: number) => pad + (values.length > 1 ? (i * (W - 2 * pad)) / (values.length - 1) : (W - 2 * pad) / 2);
  const y = (v: number) => H - pad - ((v - min) / (max - min || 1)) * (H - 2 * pad);
  const line = values.map((v, i) => `${i === 0 ? "M" : "L"}${x(i).toFixed(1)},${y(v).toFixed(1)}`).join("");
  const dots = spec.runs
    .map(
      (r, i) =>
        `<circle cx="${x(i).toFixed(1)}" cy="${y(r.valueNs!).toFixed(1)}" r="3" fill="#0969da"><title>${escapeHtml(`run ${i + 1}: ${formatNs(r.valueNs!)}, commit ${r.commit ?? "none"}, ${r.recordedAt}`)}</title></circle>`,
    )
    .join("");
  const marks = spec.changePoints
    .map((c) => {
      const at = (x(c.index - 1) + x(c.index)) / 2;
      return `<line x1="${at.toFixed(1)}" x2="${at.toFixed(1)}" y1="${pad / 2}" y2="${H - pad}" stroke="#cf222e" stroke-dasharray="4 3"><title>${escapeHtml(changeLine(c))}</title></line>`;
    })
    .join("");
  const axis = `<text x="4" y="${y(max / 1.05) + 4}" font-size="10">${escapeHtml(formatNs(max / 1.05))}</text><text x="4" y="${y(min / 0.95) + 4}" font-size="10">${escapeHtml(formatNs(min / 0.95))}</text>`;
  return `<svg viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="${escapeHtml(spec.id)} over ${values.length} runs">${axis}<path d="${line}" fill="none" stroke="#0969da"/>${dots}${marks}</svg>`;
}

/** The HTML page: a chart per spec. */
export function renderHistoryHtml(view: HistoryView): string {
  const sections = view.specs
    .map(
      (s) =>
        `<section class="spec"><h3>${escapeHtml(s.id)}</h3>${chart(s)}${s.changePoints.length > 0 ? `<ul class="notes">${s.changePoints.map((c) => `<li>${escapeHtml(changeLine(c))}</li>`).join("")}</ul>` : '<p class="meta">No change point.</p>'}</section>`,
    )
    .join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>fxperf history</title><style>${HTML_STYLE}</style></head>
<body>
<h1>Performance history</h1>
<p class="meta">${escapeHtml(`${view.branch ? `branch ${view.branch}` : "every branch"} · machine ${view.machine} · last ${view.last} runs · change points at p < ${view.pValue} and ${(view.minChange * 100).toFixed(1)}% or more`)}</p>
${sections}
</body></html>
`;
}
