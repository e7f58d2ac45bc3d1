/**
 * Plain-text tables whose columns line up even when cells carry ANSI colour, wide characters (CJK
 * takes two columns) or emoji.
 */
import stringWidth from "string-width";

/** Columns a string takes in a terminal: ANSI colour codes none, East Asian wide characters and emoji two. */
export function visibleWidth(text: string): number {
  return stringWidth(text);
}

/** Column alignment. */
export type Align = "left" | "right";

/** Renders rows (the first is the header) with two spaces between columns. */
export function renderTable(rows: readonly (readonly string[])[], align: readonly Align[], indent = "  "): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, visibleWidth(cell));
    });
  }
  return rows
    .map((row) =>
      (
        indent +
        row
          .map((cell, i) => {
            const pad = " ".repeat(widths[i]! - visibleWidth(cell));
            return align[i] === "right" ? pad + cell : i === row.length - 1 ? cell : cell + pad;
          })
          .join("  ")
      ).trimEnd(),
    )
    .join("\n");
}
