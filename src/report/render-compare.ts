/**
 * Renders a comparison of two reports as a console table or as Markdown for a
 * pull-request comment. Pure.
 */
import { escapeCell, escapeControlChars, MAX_ID_CHARS, truncateText } from "../format/escape.ts";
import { formatChange, formatNs } from "../units.ts";
import type { ChangeVerdict, FigureChange, SpecChange } from "../verdict/compare-reports.ts";
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

/** Counts of specs (not figures) per verdict. */
function counts(specs: readonly SpecChange[]): string {
  const by = (v: ChangeVerdict) => specs.filter((c) => c.verdict === v).length;
  const noData = by("no data");
  return `${specs.length} spec${specs.length === 1 ? "" : "s"}: ${by("regressed")} regressed, ${by("improved")} improved, ${by("unchanged")} unchanged, ${by("added")} added, ${by("removed")} removed${noData > 0 ? `, ${noData} without data` : ""}`;
}

/** The console table: one row per spec, with the figure that decided its verdict. */
export function renderCompareTable(specs: readonly SpecChange[], tolerance: number, c: Colors): string {
  const paint = (v: ChangeVerdict) =>
    v === "regressed" ? c.red(c.bold(v)) : v === "improved" ? c.green(v) : v === "unchanged" ? v : c.dim(v);
  const rows = [["VERDICT", "SPEC", "DECIDED BY", "BASE", "HEAD", "CHANGE"].map((h) => c.dim(h))];
  for (const spec of specs)
    rows.push([
      paint(spec.verdict),
      truncateText(escapeControlChars(spec.id), MAX_ID_CHARS),
      spec.decidedBy.metric,
      value(spec.decidedBy, "base"),
      value(spec.decidedBy, "head"),
      direction(spec.decidedBy),
    ]);
  return `\n${c.bold(`Comparison (tolerance ${(tolerance * 100).toFixed(0)}%)`)}\n${renderTable(rows, ["left", "left", "left", "right", "right", "left"])}\n\n  ${counts(specs)}\n`;
}

/** Markdown for a pull-request comment: one row per spec, with the figure that decided its verdict. */
export function renderCompareMarkdown(specs: readonly SpecChange[], tolerance: number): string {
  const regressed = specs.some((c) => c.verdict === "regressed");
  return [
    `## ${regressed ? STATUS_MARKS.regressed : STATUS_MARKS.unchanged} Performance comparison`,
    "",
    `Tolerance ${(tolerance * 100).toFixed(0)}%: ${counts(specs)}.`,
    "",
    "| | Spec | Decided by | Base | Head | Change |",
    "| --- | --- | --- | ---: | ---: | --- |",
    ...specs.map(
      (s) =>
        `| ${STATUS_MARKS[s.verdict]} ${s.verdict} | ${escapeCell(s.id)} | ${s.decidedBy.metric} | ${value(s.decidedBy, "base")} | ${value(s.decidedBy, "head")} | ${direction(s.decidedBy)} |`,
    ),
    "",
  ].join("\n");
}
