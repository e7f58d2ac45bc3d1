/**
 * Stability: how much does one workload's p50 move from process to process?
 *
 * A regression gate compares a fresh process against a stored baseline, so the
 * variation that matters is between processes (JIT decisions, heap layout,
 * frequency state), not between samples inside one. For each method we run N
 * separate processes (bench/stability-child.ts) and report the coefficient of
 * variation of their p50s, next to the wall time each spent.
 *
 * Usage: bun bench/stability.ts [--runs N] [--methods fxperf,mitata,tinybench]
 * Tuning env vars (FXPERF_BENCH_TIME_MS, FXPERF_BENCH_WARMUP_MS,
 * FXPERF_BENCH_WARMUP_SAMPLES, FXPERF_BENCH_TARGET_SAMPLE_NS) reach the fxperf
 * children through the inherited environment; see stability-child.ts.
 */
import { join } from "node:path";
import { parseArgs } from "node:util";
import { type ChildFigures, METHODS, type Method, readTuning } from "./stability-child.ts";
import { mean, renderTable, stddev } from "./workload.ts";

const CHILD = join(import.meta.dir, "stability-child.ts");

/** Runs one child process (argument array, no shell) and reads its JSON line. */
function runChild(method: Method): ChildFigures {
  const child = Bun.spawnSync([process.execPath, CHILD, method], { stdout: "pipe", stderr: "inherit" });
  if (child.exitCode !== 0) throw new Error(`Child "${method}" exited with ${child.exitCode}`);
  return JSON.parse(child.stdout.toString()) as ChildFigures;
}

const { values } = parseArgs({
  options: { runs: { type: "string", default: "10" }, methods: { type: "string", default: METHODS.join(",") } },
});
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 2)
  throw new Error(`Option "--runs" is "${values.runs}": expected an integer of at least 2`);
const methods = values.methods.split(",") as Method[];
for (const m of methods)
  if (!METHODS.includes(m)) throw new Error(`Method is "${m}": expected one of ${METHODS.join(", ")}`);

const { settings, defaults } = readTuning();
console.log(`Workload: JSON.parse of a ~10 KB document. ${runs} processes per method, methods interleaved per round.`);
console.log(`fxperf spec settings: ${JSON.stringify(settings)}; patched MICRO_DEFAULTS: ${JSON.stringify(defaults)}`);

const figures = new Map<Method, ChildFigures[]>(methods.map((m) => [m, []]));
for (let round = 0; round < runs; round++) {
  // Rotate the order each round so no method always runs first (cold caches) or
  // right after the same neighbour; slow drift of the machine then hits all alike.
  for (let k = 0; k < methods.length; k++) {
    const method = methods[(round + k) % methods.length]!;
    const result = runChild(method);
    figures.get(method)!.push(result);
    process.stderr.write(
      `round ${round + 1}/${runs} ${method.padEnd(9)} p50 ${(result.p50Ns / 1e3).toFixed(2)} µs  wall ${result.wallMs.toFixed(0)} ms${result.batched === undefined ? "" : result.batched ? "  (batched)" : "  (one call per sample)"}\n`,
    );
  }
}

const rows = methods.map((method) => {
  const p50s = figures.get(method)!.map((f) => f.p50Ns);
  const walls = figures.get(method)!.map((f) => f.wallMs);
  return [
    method,
    `${(mean(p50s) / 1e3).toFixed(3)} µs`,
    `${((stddev(p50s) / mean(p50s)) * 100).toFixed(2)} %`,
    `${(Math.min(...p50s) / 1e3).toFixed(2)}–${(Math.max(...p50s) / 1e3).toFixed(2)} µs`,
    `${mean(walls).toFixed(0)} ms`,
    method === "fxperf" ? `${figures.get(method)!.filter((f) => f.batched).length}/${p50s.length}` : "n/a",
  ];
});
console.log();
console.log(renderTable(["method", "mean p50", "CV of p50", "p50 range", "mean wall/spec", "batched runs"], rows));
console.log("\nTarget: fxperf ≤ 1% CV of p50 across processes at ≤ 1000 ms wall time per spec.");
