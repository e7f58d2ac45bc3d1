/**
 * Where do the modes come from? Records, for each workload of the real-code suite (and the
 * synthetic cpu/alloc workloads), many processes that each measure the workload in short slices
 * (bench/modes-child.ts), interleaved round by round, and writes one JSON line per process.
 * `--summarise` then characterises the modes: their count, spacing and shares, how long a mode
 * lasts inside a process, and whether slices follow wall-clock time, CPU share, heap size or a
 * reference kernel measured right after each slice.
 *
 * Usage: bun bench/modes.ts [--rounds 10] [--slices 24] [--slice-ms 25] [--child-args "--gc-each"]
 *          [--env BUN_JSC_useConcurrentJIT=0] [--out modes.jsonl]
 *        bun bench/modes.ts --summarise modes.jsonl
 */
import { appendFileSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { median } from "../src/micro/stats.ts";
import { moduleSource, tripsOf } from "./gate-workloads.ts";
import { callsOf, EXPORT_OF, REAL_WORKLOADS, writeRealProject } from "./real-workloads.ts";

interface Slice {
  slice: number;
  atMs: number;
  medianNs: number;
  refNs?: number;
  cpuShare: number;
  waitMs: number;
  heapMB: number;
}
interface ProcessRecord {
  round: number;
  workload: string;
  slices: Slice[];
}

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    rounds: { type: "string", default: "10" },
    slices: { type: "string", default: "24" },
    "slice-ms": { type: "string", default: "25" },
    "child-args": { type: "string", default: "--reference" },
    env: { type: "string", multiple: true, default: [] },
    workloads: { type: "string", default: "" },
    out: { type: "string", default: "modes.jsonl" },
    summarise: { type: "string" },
  },
});

/** Pearson correlation. */
function correlation(xs: readonly number[], ys: readonly number[]): number {
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
    syy += (ys[i]! - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

function summarise(file: string): void {
  const records = readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as ProcessRecord);
  const byWorkload = Map.groupBy(records, (r) => r.workload);
  console.log(
    "workload        procs  fastest  proc-median spread(max/min)  slow-slices  run-length  slice/proc-min  corr(ref) corr(cpu) corr(heap)",
  );
  for (const [workload, procs] of byWorkload) {
    const all = procs.flatMap((p) => p.slices.slice(2)); // the first two slices are still warming
    const fastest = Math.min(...all.map((s) => s.medianNs));
    const procMedians = procs.map((p) => median(p.slices.slice(2).map((s) => s.medianNs)));
    // A slice is "slow" when it is more than 25% above the fastest slice of its own process.
    let slow = 0;
    const runs: number[] = [];
    for (const p of procs) {
      const xs = p.slices.slice(2).map((s) => s.medianNs);
      const floor = Math.min(...xs);
      let run = 0;
      for (const x of xs) {
        if (x > floor * 1.25) {
          slow++;
          run++;
        } else if (run > 0) {
          runs.push(run);
          run = 0;
        }
      }
      if (run > 0) runs.push(run);
    }
    const ratioToProcMin = procs.flatMap((p) => {
      const xs = p.slices.slice(2).map((s) => s.medianNs);
      const floor = Math.min(...xs);
      return xs.map((x) => x / floor);
    });
    const withRef = all.filter((s) => s.refNs !== undefined);
    const fmt = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : "-");
    console.log(
      [
        workload.padEnd(15),
        String(procs.length).padStart(5),
        `${Math.round(fastest)}`.padStart(8),
        `${Math.round(median(procMedians))}`.padStart(12),
        fmt(Math.max(...procMedians) / Math.min(...procMedians)).padStart(16),
        `${((slow / all.length) * 100).toFixed(0)}%`.padStart(12),
        fmt(runs.length ? runs.reduce((a, b) => a + b, 0) / runs.length : 0).padStart(11),
        fmt(median(ratioToProcMin)).padStart(15),
        fmt(
          correlation(
            withRef.map((s) => s.medianNs),
            withRef.map((s) => s.refNs!),
          ),
        ).padStart(10),
        fmt(
          correlation(
            all.map((s) => s.medianNs),
            all.map((s) => s.cpuShare),
          ),
        ).padStart(9),
        fmt(
          correlation(
            all.map((s) => s.medianNs),
            all.map((s) => s.heapMB),
          ),
        ).padStart(10),
      ].join(" "),
    );
    console.log(
      `  process medians (ns): ${procMedians
        .map((x) => Math.round(x))
        .sort((a, b) => a - b)
        .join(" ")}`,
    );
  }
}

if (values.summarise) {
  summarise(values.summarise);
} else {
  const dir = mkdtempSync(join(tmpdir(), "fxperf-modes-"));
  writeRealProject(join(dir, "real"), callsOf(1));
  await Bun.write(join(dir, "synthetic.ts"), moduleSource(tripsOf(1)));
  writeRealProject(join(dir, "twin"), callsOf(1));
  await Bun.write(join(dir, "synthetic-twin.ts"), moduleSource(tripsOf(1)));
  const twinOf = (module: string) =>
    module.endsWith("synthetic.ts") ? join(dir, "synthetic-twin.ts") : join(dir, "twin", "work.ts");
  const targets: { workload: string; module: string; exportName: string }[] = [
    ...REAL_WORKLOADS.map((w) => ({ workload: w, module: join(dir, "real", "work.ts"), exportName: EXPORT_OF[w] })),
    { workload: "cpu", module: join(dir, "synthetic.ts"), exportName: "cpu" },
    { workload: "alloc", module: join(dir, "synthetic.ts"), exportName: "alloc" },
  ].filter((t) => !values.workloads || values.workloads.split(",").includes(t.workload));
  const env = { ...process.env, ...Object.fromEntries(values.env.map((e) => e.split("=") as [string, string])) };
  const childArgs = values["child-args"].split(" ").filter(Boolean);
  for (let round = 0; round < Number(values.rounds); round++) {
    // Rotate the order each round so a machine phase does not always hit the same workload.
    const order = targets.map((_, i) => targets[(i + round) % targets.length]!);
    for (const t of order) {
      const child = Bun.spawnSync(
        [
          process.execPath,
          join(import.meta.dir, "modes-child.ts"),
          t.module,
          t.exportName,
          "--slices",
          values.slices,
          "--slice-ms",
          values["slice-ms"],
          ...childArgs.flatMap((a) => (a === "--twin" ? ["--twin", twinOf(t.module)] : [a])),
        ],
        { env },
      );
      if (child.exitCode !== 0) throw new Error(`${t.workload}: ${child.stderr.toString()}`);
      const slices = child.stdout
        .toString()
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as Slice);
      appendFileSync(values.out, `${JSON.stringify({ round, workload: t.workload, slices })}\n`);
    }
    process.stderr.write(`round ${round + 1}/${values.rounds}\n`);
  }
}
