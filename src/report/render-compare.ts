/**
 * Renders a comparison of two reports as a console table or as Markdown for a
 * pull-request comment. Pure.
 */
import { escapeCell, escapeControlChars, MAX_ID_CHARS, truncateText } from "../format/escape.ts";
import { formatChange, formatNs } from "../units.ts";
import type { ChangeVerdict, FigureChange } from "../verdict/compare-reports.ts";
import { formatLoadFigure } from "../format/figures.ts";
import type { Colors } from "./colors.ts";
import { renderTable } from "./table.ts";
import { STATUS_MARKS } from "./marks.ts";

function value(change: FigureChange, which: "base" | "head"): string {
  if (change.metric === "status") return change.statusChange?.split(" → ")[which === "base" ? 0 : 1] ?? "–";
  const v = change[which];
  if (v === null) return "–";
  return change.metric === "rps" || change.metric === "errorRate" ? formatLoadFigure(change.metric, v) : formatNs(v);
}

function direction(change: FigureChange): string {
  if (change.metric === "status") return "verdict got worse";
  if (change.metric === "errorRate" && change.base !== null && change.head !== null) {
    const points = (change.head - change.base) * 100;
    return Math.abs(points) < 0.005
      ? "no change"
      : `${points > 0 ? "+" : ""}${points.toFixed(2)} points ${points > 0 ? "worse" : "better"}`;
  }
  if (change.ratio === null) return "";
  if (Math.abs(change.ratio - 1) < 0.0005) return "no change";
  const faster = change.better === "lower" ? change.ratio < 1 : change.ratio > 1;
  return `${formatChange(change.ratio)} ${change.ratio === 1 ? "" : faster ? "better" : "worse"}`.trim();
}

function counts(changes: readonly FigureChange[]): string {
  const by = (v: ChangeVerdict) => changes.filter((c) => c.verdict === v).length;
  const noData = by("no data");
  return `${by("regressed")} regressed, ${by("improved")} improved, ${by("unchanged")} unchanged, ${by("added")} added, ${by("removed")} removed${noData > 0 ? `, ${noData} without data` : ""}`;
}

/** The console table. */
export function renderCompareTable(changes: readonly FigureChange[], tolerance: number, c: Colors): string {
  const paint = (v: ChangeVerdict) =>
    v === "regressed" ? c.red(c.bold(v)) : v === "improved" ? c.green(v) : v === "unchanged" ? v : c.dim(v);
  const rows = [["VERDICT", "SPEC", "METRIC", "BASE", "HEAD", "CHANGE"].map((h) => c.dim(h))];
  for (const change of changes)
    rows.push([
      paint(change.verdict),
      truncateText(escapeControlChars(change.id), MAX_ID_CHARS),
      change.metric,
      value(change, "base"),
      value(change, "head"),
      direction(change),
    ]);
  return `\n${c.bold(`Comparison (tolerance ${(tolerance * 100).toFixed(0)}%)`)}\n${renderTable(rows, ["left", "left", "left", "right", "right", "left"])}\n\n  ${counts(changes)}\n`;
}

/** Markdown for a pull-request comment. */
export function renderCompareMarkdown(changes: readonly FigureChange[], tolerance: number): string {
  const regressed = changes.some((c) => c.verdict === "regressed");
  return [
    `## ${regressed ? STATUS_MARKS.regressed : STATUS_MARKS.unchanged} Performance comparison`,
    "",
    `Tolerance ${(tolerance * 100).toFixed(0)}%: ${counts(changes)}.`,
    "",
    "| | Spec | Metric | Base | Head | Change |",
    "| --- | --- | --- | ---: | ---: | --- |",
    ...changes.map(
      (c) =>
        `| ${STATUS_MARKS[c.verdict]} ${c.verdict} | ${escapeCell(c.id)} | ${c.metric} | ${value(c, "base")} | ${value(c, "head")} | ${direction(c)} |`,
    ),
    "",
  ].join("\n");
}
