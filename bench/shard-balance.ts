/**
 * Sharding: how evenly `--shard i/n` splits a suite of uneven specs, and what `fxperf merge` costs.
 *
 * A scratch suite of 44 micro specs: 33 measured in 2 forks and 11 in 6 (3x the time), the dear
 * ones at ids drawn with a fixed seed. It runs unsharded, then as 4 shards one after another
 * (standing in for 4 machines), balanced by count and then by `--shard-timings` (the unsharded
 * run's JSON report). The figure is the slowest shard's wall time over a quarter of the unsharded
 * time (1.00: perfect; target at most 1.15 with timings). Then `fxperf merge` of 4 shard files of
 * 1,000 specs each (copies of a real spec result under other ids) writing every report, median of
 * 5 (target under 1 s). Prints figures, asserts nothing.
 *
 * Usage: npm run build && bun bench/shard-balance.ts [--binary dist/fxperf] [--shards 4]
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createRandom } from "../src/micro/stats.ts";
import { median, parseBenchArgs } from "./bench-common.ts";

const root = join(import.meta.dir, "..");
const { values } = parseBenchArgs({
  binary: { type: "string", default: join(root, "dist", "fxperf") },
  shards: { type: "string", default: "4" },
});
const binary = resolve(values.binary!);
const total = Number(values.shards);
const SPECS = 44;
const DEAR = 11;

/** The suite: spec ids "spec 01".."spec 44", the dear ones picked with a fixed seed. */
function suiteSource(): { source: string; dear: string[] } {
  const random = createRandom(20261203);
  const dear = new Set<number>();
  while (dear.size < DEAR) dear.add(1 + Math.floor(random() * SPECS));
  const lines = Array.from({ length: SPECS }, (_, i) => {
    const n = String(i + 1).padStart(2, "0");
    return `  itPerf("spec ${n}", () => { let x = 0; for (let i = 0; i < 2000; i++) x += Math.sqrt(i); return x; }).forks(${dear.has(i + 1) ? 6 : 2});`;
  });
  const source = `import { describePerf, itPerf } from "fxperf";\ndescribePerf("suite", () => {\n${lines.join("\n")}\n});\n`;
  return { source, dear: [...dear].sort((a, b) => a - b).map((n) => `spec ${String(n).padStart(2, "0")}`) };
}

/** Wall time of one fxperf invocation in `dir`, in seconds; throws unless it exits 0. */
function timed(dir: string, args: string[]): number {
  const started = Bun.nanoseconds();
  const done = Bun.spawnSync([binary, ...args], { cwd: dir, env: { ...process.env, NO_COLOR: "1" } });
  const seconds = (Bun.nanoseconds() - started) / 1e9;
  if (done.exitCode !== 0)
    throw new Error(`fxperf ${args.join(" ")} exited ${done.exitCode}: ${done.stderr.toString()}`);
  return seconds;
}

const dir = mkdtempSync(join(tmpdir(), "fxperf-shard-balance-"));
try {
  mkdirSync(join(dir, "spec"));
  const { source, dear } = suiteSource();
  writeFileSync(join(dir, "spec", "suite.perf.ts"), source);
  process.stderr.write(`${SPECS} specs, ${DEAR} of them in 6 forks instead of 2: ${dear.join(", ")}\n`);

  const whole = timed(dir, ["run", "spec", "--max-time", "60s", "--reporter", "json=whole.json"]);
  process.stderr.write(`unsharded: ${whole.toFixed(1)} s\n`);
  const rows: string[] = [];
  for (const [label, extra] of [
    ["by count", []],
    ["--shard-timings", ["--shard-timings", "whole.json"]],
  ] as const) {
    const times: number[] = [];
    for (let index = 1; index <= total; index++) {
      times.push(timed(dir, ["run", "spec", "--max-time", "60s", "--shard", `${index}/${total}`, ...extra]));
      process.stderr.write(`${label}: shard ${index}/${total}: ${times.at(-1)!.toFixed(1)} s\n`);
    }
    const ratio = Math.max(...times) / (whole / total);
    rows.push(
      `| ${label} | ${times.map((t) => t.toFixed(1)).join(" / ")} s | ${Math.max(...times).toFixed(1)} s | ${ratio.toFixed(2)} |`,
    );
  }
  console.log(`unsharded: ${whole.toFixed(1)} s; a quarter of it: ${(whole / total).toFixed(1)} s\n`);
  console.log(`| split | shards (wall time) | slowest | slowest / (unsharded / ${total}) |`);
  console.log("| --- | --- | --- | --- |");
  for (const row of rows) console.log(row);

  // Merge cost: 4 shard files of 1,000 specs, copies of a real spec result.
  const sample = JSON.parse(readFileSync(join(dir, "fxperf-shard-1-of-4.json"), "utf8"));
  const spec = sample.result.specs[0];
  const perShard = 1000;
  const ids = Array.from({ length: perShard * total }, (_, i) => `big > spec ${String(i).padStart(5, "0")}`);
  const planned = ids.map((id, i) => ({
    id,
    shard: Math.floor(i / perShard) + 1,
    kind: "micro",
    file: "spec/big.perf.ts",
  }));
  const mergeDir = join(dir, "merge");
  mkdirSync(mergeDir);
  for (let index = 1; index <= total; index++) {
    const specs = ids.slice((index - 1) * perShard, index * perShard).map((id) => ({ ...spec, id }));
    const result = {
      ...sample.result,
      specs,
      counts: { ...sample.result.counts, PASS: 0, "NO BASELINE": perShard },
      shard: { index, total, planned },
    };
    writeFileSync(join(mergeDir, `fxperf-shard-${index}-of-${total}.json`), JSON.stringify({ ...sample, result }));
  }
  const files = readdirSync(mergeDir).filter((f) => f.startsWith("fxperf-shard-"));
  const reporters = ["json", "junit", "markdown", "html"].flatMap((r) => ["--reporter", r]);
  const mergeTimes = Array.from({ length: 5 }, () => timed(mergeDir, ["merge", ...files, ...reporters]));
  const size = files.reduce((sum, f) => sum + readFileSync(join(mergeDir, f)).length, 0);
  console.log(
    `\nmerge of ${total} shard files x ${perShard} specs (${(size / 1e6).toFixed(1)} MB), every report: median ${median(mergeTimes).toFixed(2)} s (${mergeTimes.map((t) => t.toFixed(2)).join(", ")})`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
