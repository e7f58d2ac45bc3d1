/**
 * One process of bench/modes.ts: measures one workload in many short slices and prints one
 * JSON line per slice, so the modes can be seen inside a process as well as between processes.
 *
 * Per slice: the median time per call of its batches, the thread's own CPU time and run-queue
 * wait (/proc/thread-self/schedstat), the machine's steal time (/proc/stat), the heap size and the
 * wall-clock time the slice started (to line up slices of different processes).
 *
 * Usage: bun bench/modes-child.ts <work.ts> <export> [--slices 24] [--slice-ms 25] [--warmup-ms 50]
 *          [--gc-each] [--reference]
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { heapStats } from "bun:jsc";

const { values, positionals } = parseArgs({
  args: process.argv.slice(2),
  allowPositionals: true,
  options: {
    slices: { type: "string", default: "24" },
    "slice-ms": { type: "string", default: "25" },
    "warmup-ms": { type: "string", default: "50" },
    "warmup-calls": { type: "string", default: "0" },
    "gc-each": { type: "boolean", default: false },
    reference: { type: "boolean", default: false },
    twin: { type: "string" },
  },
});
const [modulePath, exportName] = positionals;
const fn = (await import(modulePath!))[exportName!] as () => unknown;
// A second copy of the workload (another module file with the same source), measured in the
// slices between the workload's own: how well does pairing inside one process cancel the modes?
const twin = values.twin ? ((await import(values.twin))[exportName!] as () => unknown) : undefined;

function schedstat(): { cpuNs: number; waitNs: number } {
  const [cpu, wait] = readFileSync("/proc/thread-self/schedstat", "utf8").trim().split(/\s+/).map(Number);
  return { cpuNs: cpu!, waitNs: wait! };
}
function stealTicks(): number {
  const line = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/);
  return Number(line[8]);
}

let sink: unknown;
/** Median ns per call over batches that last about 5 µs, for `ms` of wall time. */
function slice(f: () => unknown, batch: number, ms: number): number {
  const times: number[] = [];
  const end = Bun.nanoseconds() + ms * 1e6;
  while (Bun.nanoseconds() < end || times.length < 5) {
    const t0 = Bun.nanoseconds();
    for (let i = 0; i < batch; i++) sink = f();
    times.push((Bun.nanoseconds() - t0) / batch);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1]!;
}
let refSeed = 0;
function reference() {
  refSeed = (refSeed + 1) & 1023;
  const objs = [];
  for (let i = 0; i < 64; i++) objs.push({ a: i + refSeed, b: i * 2 });
  let s = 0;
  for (const o of objs) s += o.a * o.b;
  return s;
}

// Warm up, sizing the batch from the fastest call.
const warmEnd = Bun.nanoseconds() + Number(values["warmup-ms"]) * 1e6;
let fastest = Number.POSITIVE_INFINITY;
let warmCalls = 0;
while (Bun.nanoseconds() < warmEnd || warmCalls < Number(values["warmup-calls"])) {
  const t0 = Bun.nanoseconds();
  sink = fn();
  if (twin) sink = twin();
  fastest = Math.min(fastest, Bun.nanoseconds() - t0);
  warmCalls++;
}
const batch = Math.max(1, Math.min(4096, Math.round(5000 / fastest)));
const refBatch = 8;
const started = Date.now();
for (let s = 0; s < Number(values.slices); s++) {
  if (values["gc-each"]) Bun.gc(true);
  const before = schedstat();
  const steal0 = stealTicks();
  const wallStart = Date.now();
  const t0 = Bun.nanoseconds();
  const medianNs = slice(fn, batch, Number(values["slice-ms"]));
  const wallNs = Bun.nanoseconds() - t0;
  const after = schedstat();
  const refNs = values.reference ? slice(reference, refBatch, 5) : undefined;
  const twinNs = twin ? slice(twin, batch, Number(values["slice-ms"])) : undefined;
  process.stdout.write(
    `${JSON.stringify({
      slice: s,
      atMs: wallStart,
      sinceStartMs: wallStart - started,
      medianNs,
      refNs,
      twinNs,
      cpuShare: (after.cpuNs - before.cpuNs) / wallNs,
      waitMs: (after.waitNs - before.waitNs) / 1e6,
      stealTicks: stealTicks() - steal0,
      heapMB: heapStats().heapSize / 1e6,
      batch,
      warmCalls,
    })}\n`,
  );
}
void sink;
