/**
 * The HTML report of `fxperf ab`: one self-contained page (inline CSS, nothing fetched) with the
 * comparison's table, what its figures are, and per spec what it could resolve, each process's own
 * head/base ratio, the modes of each side and its warnings. Pure.
 */
import { escapeXml as escapeHtml } from "../format/escape.ts";
import type { AbRunResult, AbSpecResult } from "../result/ab-result.ts";
import {
  abCountsLine,
  abFigure,
  abLegend,
  abNote,
  abSpecLines,
  abTolerances,
  describeTrees,
  formatAbChange,
} from "./ab-report.ts";
import { HTML_STYLE } from "./html-report.ts";
import { renderProfileHtml } from "./profile-html.ts";

/** Colours per `ab` status, beside the run statuses' in HTML_STYLE. */
const AB_STYLE =
  ".regressed,.error{color:#cf222e}.improved,.unchanged{color:#1a7f37}.undecided{color:#9a6700}.added,.removed,.skipped{color:#59636e}";

function row(spec: AbSpecResult): string {
  const note = abNote(spec);
  return `<tr><td class="status ${spec.status}">${spec.status}</td><td>${escapeHtml(spec.id)}</td><td class="num">${escapeHtml(abFigure(spec, "base"))}</td><td class="num">${escapeHtml(abFigure(spec, "head"))}</td><td>${escapeHtml(formatAbChange(spec) || "–")}</td><td>${spec.pairs > 0 ? spec.pairs : ""}</td><td>${escapeHtml(note)}</td></tr>`;
}

function details(spec: AbSpecResult): string {
  const lines = [...abSpecLines(spec, true), ...spec.warnings, ...(spec.error?.output ? [spec.error.output] : [])];
  if (lines.length === 0 && !spec.profile) return "";
  return `<section class="spec"><h2 class="${spec.status}">${escapeHtml(spec.id)}</h2><ul class="notes">${lines.map((l) => `<li>${escapeHtml(l)}</li>`).join("")}</ul>${spec.profile ? renderProfileHtml(spec.profile) : ""}</section>`;
}

/** The HTML page of a comparison. */
export function renderAbHtml(result: AbRunResult): string {
  const tolerance = abTolerances(result);
  const legend = abLegend(result, { base: "Base", head: "Head", change: "Change" });
  const meta = [
    describeTrees(result),
    abCountsLine(result),
    `fxperf ${result.fxperfVersion} on ${result.runtime.name} ${result.runtime.version}`,
    tolerance,
    result.loadCpus ? `load specs: wrk on CPU ${result.loadCpus.wrk}, servers on CPU ${result.loadCpus.servers}` : "",
    `started ${result.startedAt}`,
  ].filter(Boolean);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>fxperf ab: ${escapeHtml(describeTrees(result))}</title><style>${HTML_STYLE}${AB_STYLE}</style></head>
<body>
<h1>Performance comparison</h1>
<p class="meta">${meta.map(escapeHtml).join(" · ")}${result.guard.guarded ? "" : ` · <strong>unguarded</strong>: ${escapeHtml(result.guard.refusals.join("; "))}`}</p>
${result.interrupted ? `<p><strong>Interrupted</strong> after ${result.specs.length} of ${result.planned} specs.</p>` : ""}
<table><thead><tr><th>Verdict</th><th>Spec</th><th>Base</th><th>Head</th><th>Change (95% interval)</th><th>Processes or pairs</th><th>Note</th></tr></thead><tbody>${result.specs.map(row).join("")}</tbody></table>
${legend.length > 0 ? `<p class="meta">${escapeHtml(legend.join(" "))}</p>` : ""}
${result.specs.map(details).join("\n")}
</body></html>
`;
}
