/**
 * Fork cost: what one fork costs beyond its measuring. A fork is `fxperf __fork '<request>'`: start
 * the compiled binary, load the spec file, measure, write the report, exit. Its fixed cost is the
 * fork's wall time (timed here around a synchronous spawn, as the parent sees it) minus the time the
 * fork itself spent measuring (the report's `wallNs`). Shown with and without the drift reference
 * kernel, which every fork of `calibrate` measures, beside `--version` and bare `bun -e 0`.
 *
 * 2 warm-up runs, then 20 timed runs per case; mean and min in ms. Needs `npm run build` first.
 *
 * Usage: bun bench/fork-cost.ts
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mean, renderTable } from "./workload.ts";

const WARMUPS = 2;
const RUNS = 20;
const binary = join(import.meta.dir, "..", "dist", "fxperf");
if (!existsSync(binary)) {
  console.error(`No compiled binary at "${binary}": run "npm run build" first, then re-run this script.`);
  process.exit(3);
}

const dir = mkdtempSync(join(tmpdir(), "fxperf-fork-cost-"));
mkdirSync(join(dir, "spec"));
const specFile = join(dir, "spec", "tiny.perf.ts");
// The smallest measuring a fork can do: one warm-up sample, a 1 ms budget.
writeFileSync(
  specFile,
  'import { itPerf } from "fxperf";\nitPerf("tiny", () => Math.sqrt(2)).time("1ms").warmup(1);\n',
);
const outPath = join(dir, "out.json");

/** Runs `argv` RUNS times after WARMUPS; returns wall ms and, for forks, ms spent outside measuring. */
function time(argv: string[], fork: boolean): { wall: number[]; fixed: number[] } {
  const wall: number[] = [];
  const fixed: number[] = [];
  for (let i = 0; i < WARMUPS + RUNS; i++) {
    const start = Bun.nanoseconds();
    const child = Bun.spawnSync(argv, { cwd: dir, stdout: "ignore", stderr: "pipe" });
    const elapsedMs = (Bun.nanoseconds() - start) / 1e6;
    if (child.exitCode !== 0) throw new Error(`"${argv.join(" ")}" exited with ${child.exitCode}`);
    if (i < WARMUPS) continue;
    wall.push(elapsedMs);
    if (fork) {
      const report = JSON.parse(readFileSync(outPath, "utf8"));
      fixed.push(elapsedMs - report.measurement.wallNs / 1e6);
    }
  }
  return { wall, fixed };
}

const request = (reference: boolean) =>
  JSON.stringify({ file: specFile, id: "tiny", outPath, measureHeap: false, reference });
try {
  const cases: [string, string[], boolean][] = [
    ["fork, spec only", [binary, "__fork", request(false)], true],
    ["fork, spec + drift reference (as calibrate)", [binary, "__fork", request(true)], true],
    ["dist/fxperf --version", [binary, "--version"], false],
    ["bun -e 0", [process.execPath, "-e", "0"], false],
  ];
  const rows = cases.map(([label, argv, fork]) => {
    const { wall, fixed } = time(argv, fork);
    return [
      label,
      `${mean(wall).toFixed(1)} ms`,
      `${Math.min(...wall).toFixed(1)} ms`,
      fork ? `${mean(fixed).toFixed(1)} ms` : "-",
      fork ? `${Math.min(...fixed).toFixed(1)} ms` : "-",
    ];
  });
  console.log(`${RUNS} runs each after ${WARMUPS} warm-ups; wall time including spawn.\n`);
  console.log(
    renderTable(["case", "wall mean", "wall min", "fixed cost mean (wall - measuring)", "fixed cost min"], rows),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
