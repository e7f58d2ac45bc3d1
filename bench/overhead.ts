/**
 * Overhead: does fxperf's engine report the same p50 as the mitata call it wraps?
 *
 * fxperf adds a warm-up pass and picks the batch size itself, so its figure can
 * differ from raw `measure(fn)` with mitata's defaults. Both run in ONE process,
 * alternating, three times each; we report the medians and the ratio. Target:
 * within 2% on the JSON.parse workload. The empty function is reported too, but
 * its p50 is well under 1 ns and reflects the batching loop more than the call.
 *
 * A third column, mitata with batching off, separates what the wrapper costs
 * from what batching changes: a p50 of batch means (mitata's default for calls
 * under 65 µs) spreads garbage-collection pauses over every call, while a p50
 * of single calls leaves them in the tail.
 *
 * Usage: bun bench/overhead.ts
 */
import { measure } from "mitata";
import { measureMicro } from "../src/micro/engine.ts";
import { createEngineDeps, createJsonParse, median, renderTable } from "./workload.ts";

const REPEATS = 3;
const deps = createEngineDeps();

interface Comparison {
  readonly fxperfNs: number;
  readonly mitataNs: number;
  readonly unbatchedNs: number;
  /** How many fxperf repeats timed batches of calls. */
  readonly fxperfBatched: number;
}

/** Median p50 (ns) of each method over alternating repeats in this process. */
async function compare(label: string, fn: () => unknown): Promise<Comparison> {
  const fx: number[] = [];
  const mi: number[] = [];
  const unbatched: number[] = [];
  let fxperfBatched = 0;
  for (let i = 0; i < REPEATS; i++) {
    // Alternate within each repeat so JIT state and drift are shared by all methods.
    const m = await measureMicro(fn, {}, { measureHeap: false }, deps);
    fx.push(m.p50);
    if (m.batched) fxperfBatched++;
    mi.push((await measure(fn)).p50);
    unbatched.push((await measure(fn, { batch_threshold: 0 })).p50);
    process.stderr.write(
      `${label} repeat ${i + 1}/${REPEATS}: fxperf ${fx.at(-1)!.toFixed(3)} ns${m.batched ? " (batched)" : ""}, ` +
        `mitata ${mi.at(-1)!.toFixed(3)} ns, mitata unbatched ${unbatched.at(-1)!.toFixed(3)} ns\n`,
    );
  }
  return { fxperfNs: median(fx), mitataNs: median(mi), unbatchedNs: median(unbatched), fxperfBatched };
}

const percent = (ratio: number) => `${ratio >= 1 ? "+" : ""}${((ratio - 1) * 100).toFixed(2)} %`;
const cases: [string, () => unknown][] = [
  ["empty function", () => {}],
  ["JSON.parse ~10 KB", createJsonParse()],
];
const rows: string[][] = [];
for (const [label, fn] of cases) {
  const c = await compare(label, fn);
  rows.push([
    label,
    `${c.fxperfNs.toFixed(3)} ns`,
    `${c.fxperfBatched}/${REPEATS}`,
    `${c.mitataNs.toFixed(3)} ns`,
    `${(c.fxperfNs / c.mitataNs).toFixed(4)} (${percent(c.fxperfNs / c.mitataNs)})`,
    `${c.unbatchedNs.toFixed(3)} ns`,
    `${(c.fxperfNs / c.unbatchedNs).toFixed(4)} (${percent(c.fxperfNs / c.unbatchedNs)})`,
  ]);
}
console.log(`Median p50 of ${REPEATS} alternating repeats in one process (fxperf defaults {}, mitata defaults).\n`);
console.log(
  renderTable(
    [
      "workload",
      "fxperf p50",
      "fxperf batched",
      "mitata p50",
      "fxperf/mitata",
      "mitata unbatched p50",
      "fxperf/unbatched",
    ],
    rows,
  ),
);
console.log("\nTarget: fxperf/mitata within 2% on the JSON.parse workload.");
console.log("The empty function's figure is sub-ns: it measures the batch loop, and unbatched it measures the clock.");
