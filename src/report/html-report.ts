/**
 * One self-contained HTML file: the summary table and, per spec, a plot. Micro
 * specs: the sample distribution against their limits and baseline. Load specs:
 * latency percentiles against their limits, throughput against its floor.
 * Inline CSS and SVG, nothing fetched at view time. Pure.
 */
import { renderProfileHtml } from "./profile-html.ts";
import type { RunResult } from "../result/run-result.ts";
import type { MicroMeasurement } from "../micro/engine.ts";
import type { LoadOutcome, LoadSpecResult, MicroSpecResult, SpecResult } from "../result/spec-result.ts";
import { formatNs } from "../units.ts";
import { formatLoadFigure, formatStatistic } from "../format/figures.ts";
import { baselineCentres, baselineChange, baselineLines, CENTRE_LEGEND } from "./baseline-lines.ts";
import { expectationLines } from "./expectation-lines.ts";
import { microForkLines } from "./fork-lines.ts";
import { headlineFigures } from "./headline.ts";
import { formatParams } from "../spec/expand-args.ts";
import { escapeXml as escapeHtml } from "../format/escape.ts";
import { failureLines } from "./junit-report.ts";
import { verdictNote } from "./markdown-report.ts";
import { outlierLine } from "./outlier-line.ts";
import { type ReferenceLine, renderBarChart, renderPercentileChart } from "./svg-charts.ts";

/** The reports' stylesheet (inline: nothing is fetched at view time); `ab`'s HTML shares it. */
export const HTML_STYLE = `
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px;color:#1f2328;background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 6px}.meta{color:#59636e;margin:0 0 16px}
table{border-collapse:collapse;width:100%;margin:8px 0 16px}th,td{text-align:left;padding:5px 8px;border-bottom:1px solid #d1d9e0;vertical-align:top}
th{font-weight:600;color:#59636e}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.status{font-weight:700;white-space:nowrap}.PASS{color:#1a7f37}.FAIL{color:#cf222e}.WARN{color:#9a6700}.ERROR{color:#8250df}.SKIP,.NO-BASELINE{color:#59636e}
section.spec{border:1px solid #d1d9e0;border-radius:6px;padding:10px 14px;margin:12px 0}
.charts{display:flex;flex-wrap:wrap;gap:12px}svg{max-width:100%;height:auto;background:#f6f8fa;border-radius:4px}
svg .grid{stroke:#d1d9e0;stroke-width:1}svg .tick{font-size:10px;fill:#59636e}svg .axis{font-size:11px;fill:#59636e}
svg .series{fill:none;stroke:#0969da;stroke-width:2}svg .bar{fill:#54aeff}svg .bar.over{fill:#ff8182}
svg .ref{stroke-width:1.5;stroke-dasharray:5 3}svg .ref.limit{stroke:#cf222e}svg .ref.baseline{stroke:#8250df}
svg .ref-label{font-size:10px}svg .ref-label.limit{fill:#cf222e}svg .ref-label.baseline{fill:#8250df}
ul.notes{margin:4px 0;padding-left:18px;color:#59636e}pre{background:#f6f8fa;padding:8px;overflow:auto;font-size:12px}
`;

function microCharts(spec: MicroSpecResult, m: MicroMeasurement): string {
  const lines: ReferenceLine[] = spec.checks
    .filter((c) => c.metric !== "heap")
    .map((c) => ({ label: `${c.metric} limit`, value: c.limit.bound, kind: "limit" as const }));
  // The baseline's p50, for orientation only: the verdict compares fork centres, which are not
  // percentiles of these samples, so no "allowed" line is drawn on this chart.
  if (spec.baseline)
    lines.push({ label: "baseline p50", value: spec.baseline.comparison.baseline.p50, kind: "baseline" });
  return renderPercentileChart(`${spec.id}: time per call by percentile`, m.percentiles, lines, formatNs);
}

function loadCharts(spec: LoadSpecResult, load: LoadOutcome): string {
  const latency = load.median.latencyNs;
  const limitOf = (metric: string) =>
    load.checks.find((c) => c.metric === metric)?.limit.bound ??
    (metric === "latency.p99" ? load.baselineChecks.find((c) => c.metric === "latency.p99")?.threshold : undefined);
  const bars = (["p50", "p75", "p90", "p99", "max"] as const).map((key) => ({
    label: key,
    value: latency[key],
    limit: limitOf(`latency.${key}`),
  }));
  const latencyChart = renderBarChart(`${spec.id}: latency percentiles`, bars, formatNs);
  const floors = [
    load.checks.find((c) => c.metric === "rps")?.limit.bound,
    load.baselineChecks.find((c) => c.metric === "rps")?.threshold,
  ].filter((x): x is number => x !== undefined);
  const floor = floors.length > 0 ? Math.max(...floors) : undefined;
  const throughput = renderBarChart(
    `${spec.id}: throughput`,
    [
      { label: "rps", value: load.median.rps, floor: true, ...(floor === undefined ? {} : { limit: floor }) },
      ...load.attempts.map((a, i) => ({ label: `attempt ${i + 1}`, value: a.rps })),
    ],
    (v) => formatLoadFigure("rps", v),
  );
  return latencyChart + throughput;
}

/** The limits a spec stayed within, one line each. */
function passedLines(spec: SpecResult): string[] {
  if (spec.kind === "micro")
    return spec.checks
      .filter((c) => c.passed)
      .map((c) => `${c.metric} ${formatStatistic(c.metric, c.measured)} ≤ ${formatStatistic(c.metric, c.limit.bound)}`);
  if (spec.kind === "load")
    return (spec.load?.checks ?? [])
      .filter((c) => c.passed)
      .map(
        (c) =>
          `${c.metric} ${formatLoadFigure(c.metric, c.measured)} ${c.limit.direction === "min" ? "≥" : "≤"} ${formatLoadFigure(c.metric, c.limit.bound)}`,
      );
  return [];
}

function charts(spec: SpecResult): string {
  if (spec.kind === "complexity" && spec.points.length > 0)
    return renderBarChart(
      `${spec.group}: p50 against ${spec.param}`,
      spec.points.map((p) => ({ label: `${spec.param}=${p.n}`, value: p.p50Ns })),
      formatNs,
    );
  if (spec.kind === "micro" && spec.measurement) return microCharts(spec, spec.measurement);
  if (spec.kind === "load" && spec.load) return loadCharts(spec, spec.load);
  return "";
}

/**
 * A fragment id for a spec: `encodeURIComponent` throws on a lone surrogate (an id may hold any
 * text), so those are replaced first.
 */
function anchor(id: string): string {
  return encodeURIComponent(
    id.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD"),
  );
}

function specSection(spec: SpecResult): string {
  try {
    return renderSpecSection(spec);
  } catch (error) {
    throw new Error(`spec "${spec.id}": ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** A measured micro spec's outlier counts, one line (none when they were not counted). */
function outlierNote(spec: SpecResult): string[] {
  const line = spec.kind === "micro" && spec.measurement ? outlierLine(spec.measurement) : undefined;
  return line === undefined ? [] : [line];
}

function renderSpecSection(spec: SpecResult): string {
  const notes = [
    ...(spec.status === "FAIL" ? failureLines(spec) : []),
    ...(spec.kind === "micro" ? baselineLines(spec, (file) => file) : []),
    ...(spec.kind === "micro" ? microForkLines(spec) : []),
    ...(spec.status === "FAIL" ? [] : expectationLines(spec)),
    ...passedLines(spec),
    ...outlierNote(spec),
    ...spec.warnings,
  ];
  const error = spec.error
    ? `<pre>${escapeHtml([spec.error.message, spec.error.stack, spec.error.output].filter(Boolean).join("\n"))}</pre>`
    : "";
  return `<section class="spec" id="${escapeHtml(anchor(spec.id))}"><h3><span class="status ${spec.status.replace(" ", "-")}">${spec.status}</span> ${escapeHtml(spec.id)}</h3>${
    notes.length > 0 ? `<ul class="notes">${notes.map((n) => `<li>${escapeHtml(n)}</li>`).join("")}</ul>` : ""
  }<div class="charts">${charts(spec)}</div>${error}${spec.kind === "micro" && spec.profile ? renderProfileHtml(spec.profile) : ""}</section>`;
}

/**
 * Every spec's section; the specs `.args()` made from one itPerf() sit together under a heading,
 * with their p50 plotted against the parameters (a complexity row plots its own).
 */
function sectionsWithGroups(specs: readonly SpecResult[]): string {
  const out: string[] = [];
  let group: string | undefined;
  for (const spec of specs) {
    const member = spec.kind === "micro" ? spec.params?.group : undefined;
    if (member !== undefined && member !== group) {
      const members = specs.filter(
        (s): s is Extract<SpecResult, { kind: "micro" }> => s.kind === "micro" && s.params?.group === member,
      );
      const hasComplexity = specs.some((s) => s.kind === "complexity" && s.group === member);
      const bars = members.flatMap((m) =>
        m.measurement ? [{ label: formatParams(m.params!.values), value: m.measurement.p50 }] : [],
      );
      out.push(
        `<h3 class="group">${escapeHtml(member)}</h3>${hasComplexity || bars.length === 0 ? "" : `<div class="charts">${renderBarChart(`${member}: p50 by parameters`, bars, formatNs)}</div>`}`,
      );
    }
    if (spec.kind !== "complexity") group = member;
    out.push(specSection(spec));
  }
  return out.join("\n");
}

/** The HTML report of a run. */
export function renderHtmlReport(run: RunResult): string {
  const { counts } = run;
  const rows = run.specs
    .map((spec) => {
      const [p50, p99, volume] = headlineFigures(spec);
      const change = spec.kind === "micro" ? (baselineChange(spec) ?? "–") : "–";
      return `<tr><td class="status ${spec.status.replace(" ", "-")}">${spec.status}</td><td><a href="#${escapeHtml(anchor(spec.id))}">${escapeHtml(spec.id)}</a></td><td class="num">${p50}</td><td class="num">${p99}</td><td class="num">${escapeHtml(volume)}</td><td>${escapeHtml(change)}</td><td>${escapeHtml(verdictNote(spec))}</td></tr>`;
    })
    .join("");
  const legend = run.specs.some((s) => s.kind === "micro" && s.baseline && baselineCentres(s.baseline.outcome))
    ? `<p class="meta">${escapeHtml(CENTRE_LEGEND)}.</p>`
    : "";
  const meta = [
    `${run.specs.length} specs: ${counts.PASS} passed, ${counts.FAIL} failed, ${counts.ERROR} errors, ${counts.WARN} undecided, ${counts.SKIP} skipped, ${counts["NO BASELINE"]} without limits`,
    `machine ${run.profiles.slug}`,
    `fxperf ${run.fxperfVersion} on ${run.runtime.name} ${run.runtime.version}`,
    run.git.commit ? `commit ${run.git.commit.slice(0, 12)}${run.git.branch ? ` on ${run.git.branch}` : ""}` : "",
    `started ${run.startedAt}`,
  ].filter(Boolean);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>fxperf: Performance Summary</title><style>${HTML_STYLE}</style></head>
<body>
<h1>Performance Summary</h1>
<p class="meta">${meta.map(escapeHtml).join(" · ")}${run.guard.guarded ? "" : ` · <strong>unguarded run</strong>: ${escapeHtml(run.guard.refusals.join("; "))}`}</p>
${run.profiles.notices.length > 0 ? `<ul class="notes">${run.profiles.notices.map((n) => `<li>${escapeHtml(n)}</li>`).join("")}</ul>` : ""}${run.interrupted ? "<p><strong>Interrupted</strong>: specs after the last one listed did not run.</p>" : ""}
<table><thead><tr><th>Status</th><th>Spec</th><th>p50</th><th>p99</th><th>Volume</th><th>Centre vs baseline</th><th>Note</th></tr></thead><tbody>${rows}</tbody></table>${legend}
<h2>Specs</h2>
${sectionsWithGroups(run.specs)}
<script>document.documentElement.dataset.rendered = String(document.querySelectorAll("section.spec").length);</script>
</body></html>
`;
}
