/**
 * Overhead: does fxperf's engine report the same p50 as the mitata call it wraps?
 *
 * fxperf adds a warm-up pass and picks the batch size itself, so its figure can
 * differ from raw `measure(fn)` with mitata's defaults. Both run in ONE process,
 * alternating, three times each; we report the medians and the ratio. Target:
 * within 2% on the JSON.parse workload. The empty function is reported too, but
 * its p50 is well under 1 ns and reflects the batching loop more than the call.
 *
 * Usage: bun bench/overhead.ts
 */
import { measure } from "mitata";
import { measureMicro } from "../src/micro/engine.ts";
import { createEngineDeps, createJsonParse, median, renderTable } from "./workload.ts";

const REPEATS = 3;
const deps = createEngineDeps();

/** Median p50 (ns) of each method over alternating repeats, fxperf first then mitata. */
async function compare(label: string, fn: () => unknown): Promise<{ fxperfNs: number; mitataNs: number }> {
  const fx: number[] = [];
  const mi: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    // Alternate within each repeat so JIT state and drift are shared by both methods.
    fx.push((await measureMicro(fn, {}, { measureHeap: false }, deps)).p50);
    mi.push((await measure(fn)).p50);
    process.stderr.write(`${label} repeat ${i + 1}/${REPEATS}: fxperf ${fx.at(-1)!.toFixed(3)} ns, mitata ${mi.at(-1)!.toFixed(3)} ns\n`);
  }
  return { fxperfNs: median(fx), mitataNs: median(mi) };
}

const cases: [string, () => unknown][] = [
  ["empty function", () => {}],
  ["JSON.parse ~10 KB", createJsonParse()],
];
const rows: string[][] = [];
for (const [label, fn] of cases) {
  const { fxperfNs, mitataNs } = await compare(label, fn);
  const ratio = fxperfNs / mitataNs;
  rows.push([label, `${fxperfNs.toFixed(3)} ns`, `${mitataNs.toFixed(3)} ns`, ratio.toFixed(4), `${((ratio - 1) * 100).toFixed(2)} %`]);
}
console.log(`Median p50 of ${REPEATS} alternating repeats in one process (fxperf defaults {}, mitata defaults).\n`);
console.log(renderTable(["workload", "fxperf p50", "mitata p50", "fxperf/mitata", "difference"], rows));
console.log("\nTarget: within 2% on the JSON.parse workload. The empty function's figure is sub-ns: it measures the batch loop.");
