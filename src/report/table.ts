/** Plain-text tables whose columns line up even when cells carry ANSI colour. */

// A control character (ESC) is the point of this pattern.
const ANSI = /\u001b\[[0-9;]*m/g;

/** Visible width of a string: ANSI colour codes take no room. */
export function visibleWidth(text: string): number {
  return [...text.replace(ANSI, "")].length;
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
