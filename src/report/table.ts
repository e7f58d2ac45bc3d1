/**
 * Plain-text tables whose columns line up even when cells carry ANSI colour, wide characters (CJK
 * takes two columns) or emoji.
 */
import stringWidth from "string-width";

/**
 * Text made only of characters one column wide each: printable ASCII and Latin-1 (µ, ±) and the
 * few symbols fxperf's own cells use (– — … ≤ ≥ →), with no ANSI escape. Most cells are; measuring
 * them by length skips string-width's grapheme segmentation, which made up most of the console
 * summary's cost (spec/reports.perf.ts).
 */
const NARROW_ONLY = /^[\x20-\x7e\u00a0-\u00ac\u00ae-\u00ff\u2013\u2014\u2026\u2192\u2264\u2265]*$/;

/** Columns a string takes in a terminal: ANSI colour codes none, East Asian wide characters and emoji two. */
export function visibleWidth(text: string): number {
  return NARROW_ONLY.test(text) ? text.length : stringWidth(text);
}

/** Column alignment. */
export type Align = "left" | "right";

/** Renders rows (the first is the header) with two spaces between columns. */
export function renderTable(rows: readonly (readonly string[])[], align: readonly Align[], indent = "  "): string {
  const widths: number[] = [];
  const cellWidths = rows.map((row) => row.map(visibleWidth));
  for (const row of cellWidths) {
    row.forEach((width, i) => {
      widths[i] = Math.max(widths[i] ?? 0, width);
    });
  }
  return rows
    .map((row, r) =>
      (
        indent +
        row
          .map((cell, i) => {
            const pad = " ".repeat(widths[i]! - cellWidths[r]![i]!);
            return align[i] === "right" ? pad + cell : i === row.length - 1 ? cell : cell + pad;
          })
          .join("  ")
      ).trimEnd(),
    )
    .join("\n");
}
