/**
 * The line of a function as the user wrote it. Bun reports TypeScript lines as written; Deno
 * reports lines of its transpiled JavaScript, which drift from the source once type-only lines are
 * dropped. Given the source text, a reported line that does not mention the function is moved to
 * the nearest line that declares it. Pure.
 */

const escapeRegExp = (name: string) => name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The 1-based line of `name`'s declaration in `source` nearest to `line`; `line` when it already names it or none does. */
export function resolveLine(source: string, name: string, line: number): number {
  if (!/^[A-Za-z_$][\w$]*$/.test(name)) return line;
  const lines = source.split("\n");
  if (lines[line - 1]?.includes(name)) return line;
  const n = escapeRegExp(name);
  const declares = new RegExp(
    `(function\\*?\\s+${n}\\b)|(\\b${n}\\s*[:=]\\s*(async\\s*)?(function\\b|\\(|[A-Za-z_$][\\w$]*\\s*=>))|(^\\s*(static\\s+|async\\s+|get\\s+|set\\s+|public\\s+|private\\s+|protected\\s+)*${n}\\s*(<[^>]*>)?\\()`,
  );
  let best: number | undefined;
  lines.forEach((text, index) => {
    if (!declares.test(text)) return;
    if (best === undefined || Math.abs(index + 1 - line) < Math.abs(best - line)) best = index + 1;
  });
  return best ?? line;
}
