/**
 * What the benchmark scripts share: the fixed workload, fxperf's engine wired
 * the way `fxperf run` wires it, and a few statistics for printing figures.
 */
import { heapStats } from "bun:jsc";
import type { EngineDeps } from "../src/micro/engine.ts";

/** A ~10 KB JSON document, identical on every call and in every process. */
export function buildJsonText(): string {
  // Built from the index alone (no Math.random, no dates) so every process parses the same bytes.
  const items = Array.from({ length: 100 }, (_, i) => ({
    id: i,
    name: `item-${i.toString(36).padStart(4, "0")}`,
    price: Math.round(((i * 7919) % 10_000) * 1.37) / 100,
    active: i % 3 !== 0,
    tags: [`t${i % 5}`, `t${i % 7}`],
    dims: { w: i % 13, h: (i * 3) % 17 },
  }));
  return JSON.stringify({ version: 1, source: "fxperf-bench", items });
}

/** The workload every benchmark measures: parse {@link buildJsonText}'s document. */
export function createJsonParse(): () => unknown {
  const text = buildJsonText();
  return () => JSON.parse(text);
}

/** Engine dependencies built exactly as src/cli/run-command.ts builds them from the Bun runtime. */
export function createEngineDeps(): EngineDeps {
  return { nowNs: () => Bun.nanoseconds(), gc: () => Bun.gc(true), heapBytes: () => heapStats().heapSize, canGc: true };
}

/** Arithmetic mean. */
export function mean(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** Sample standard deviation (n − 1 denominator); 0 for fewer than two values. */
export function stddev(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  return Math.sqrt(values.reduce((sum, v) => sum + (v - m) ** 2, 0) / (values.length - 1));
}

/** Median (mean of the middle two for an even count): fxperf's own. */
export { median } from "../src/micro/stats.ts";

/** Renders rows as a plain left-aligned text table with a header rule. */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, col) => Math.max(h.length, ...rows.map((r) => (r[col] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, col) => c.padEnd(widths[col]!))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}
