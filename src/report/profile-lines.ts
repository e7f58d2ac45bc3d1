/**
 * How a spec's CPU profile summary reads: console lines and a collapsible Markdown section. The
 * rows come ready from the summary (what changed, or the head's top functions); these only
 * render. Pure.
 */
import { escapeCell, escapeControlChars, escapeMarkdown } from "../format/escape.ts";
import type { ProfileSummary } from "../result/profile-summary.ts";
import type { Colors } from "./colors.ts";
import { renderTable } from "./table.ts";

const pct = (x: number | null) => (x === null ? "-" : `${x.toFixed(1)}%`);
const points = (x: number | null) => (x === null ? "-" : `${x >= 0 ? "+" : ""}${x.toFixed(1)} pts`);
const count = (n: number | null) => (n === null ? "-" : n.toLocaleString("en-US"));

/** The sentence above the rows. */
export function profileHeadline(summary: ProfileSummary): string {
  if (summary.kind === "top")
    return `where the time goes (CPU profile of the head, ${count(summary.samples.head)} samples; self time, fxperf's own frames left out)`;
  const noise =
    summary.withinNoise > 0
      ? `; ${summary.withinNoise} smaller change${summary.withinNoise === 1 ? "" : "s"} within sampling noise not shown`
      : "";
  return `what changed in the CPU profile (share of self time, head minus base; ${count(summary.samples.base)} and ${count(summary.samples.head)} samples${noise})`;
}

/** The console lines of `id`'s profile summary (indented, under its spec). */
export function renderProfileLines(id: string, summary: ProfileSummary, c: Colors): string[] {
  const lines = [`  ${escapeControlChars(id)}: ${profileHeadline(summary)}`];
  if (summary.rows.length === 0) {
    lines.push(c.dim("      no function's share changed beyond sampling noise"));
  } else {
    const rows = summary.rows.map((r) =>
      summary.kind === "change"
        ? [points(r.changePoints), pct(r.basePercent), pct(r.headPercent), escapeControlChars(r.name), r.location]
        : [pct(r.headPercent), escapeControlChars(r.name), r.location],
    );
    const change = summary.kind === "change";
    const header = change ? ["CHANGE", "BASE", "HEAD", "FUNCTION", "WHERE"] : ["SELF", "FUNCTION", "WHERE"];
    const align = change
      ? (["right", "right", "right", "left", "left"] as const)
      : (["right", "left", "left"] as const);
    lines.push(renderTable([header.map((h) => c.dim(h)), ...rows], align, "      ").replace(/\n$/, ""));
  }
  const files = [summary.files.base, summary.files.head].filter((f): f is string => f !== null);
  lines.push(c.dim(`      profile${files.length === 1 ? "" : "s"}: ${files.join(", ")}`));
  return lines;
}

/** A collapsible Markdown section for `id`'s profile summary. */
export function renderProfileMarkdown(id: string, summary: ProfileSummary): string[] {
  const lines = [
    `<details><summary>CPU profile of ${escapeMarkdown(id)}: ${summary.kind === "change" ? "what changed" : "where the time goes"}</summary>`,
    "",
    escapeMarkdown(profileHeadline(summary)),
    "",
  ];
  if (summary.rows.length === 0) {
    lines.push("No function's share changed beyond sampling noise.");
  } else if (summary.kind === "change") {
    lines.push("| Change | Base | Head | Function | Where |", "| ---: | ---: | ---: | --- | --- |");
    for (const r of summary.rows)
      lines.push(
        `| ${points(r.changePoints)} | ${pct(r.basePercent)} | ${pct(r.headPercent)} | ${escapeCell(r.name)} | ${escapeCell(r.location)} |`,
      );
  } else {
    lines.push("| Self | Function | Where |", "| ---: | --- | --- |");
    for (const r of summary.rows)
      lines.push(`| ${pct(r.headPercent)} | ${escapeCell(r.name)} | ${escapeCell(r.location)} |`);
  }
  lines.push("", "</details>", "");
  return lines;
}
