/**
 * Tuning: the stability measurement of bench/stability.ts for several fxperf
 * configurations at once, interleaved per round. Comparing configurations run
 * one after the other would mix their effect with the machine's drift (other
 * jobs start and stop); interleaving gives every configuration the same share.
 *
 * Usage: bun bench/tune.ts [--runs N] CONFIG...
 * A CONFIG is comma-separated KEY=VALUE pairs, each becoming FXPERF_BENCH_KEY in
 * the child (see stability-child.ts), or "defaults" for none. Example:
 *   bun bench/tune.ts --runs 20 defaults TIME_MS=300 TIME_MS=300,TARGET_SAMPLE_NS=5000
 */
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { ChildFigures } from "./stability-child.ts";
import { mean, renderTable, stddev } from "./workload.ts";

const CHILD = join(import.meta.dir, "stability-child.ts");
const KEYS = ["TIME_MS", "WARMUP_MS", "WARMUP_SAMPLES", "TARGET_SAMPLE_NS"];

/** The child's environment for one CONFIG argument. */
function parseConfig(config: string): Record<string, string> {
  if (config === "defaults") return {};
  const env: Record<string, string> = {};
  for (const pair of config.split(",")) {
    const [key = "", value = ""] = pair.split("=");
    if (!KEYS.includes(key) || value === "")
      throw new Error(`Config "${config}": expected KEY=VALUE with KEY one of ${KEYS.join(", ")}`);
    env[`FXPERF_BENCH_${key}`] = value;
  }
  return env;
}

function runChild(env: Record<string, string>): ChildFigures {
  // Start from this environment without any tuning variable, so only the config's own apply.
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("FXPERF_BENCH_")));
  const child = Bun.spawnSync([process.execPath, CHILD, "fxperf"], {
    env: { ...base, ...env },
    stdout: "pipe",
    stderr: "inherit",
  });
  if (child.exitCode !== 0) throw new Error(`Child exited with ${child.exitCode}`);
  return JSON.parse(child.stdout.toString()) as ChildFigures;
}

const { values, positionals } = parseArgs({
  options: { runs: { type: "string", default: "20" } },
  allowPositionals: true,
});
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 2)
  throw new Error(`Option "--runs" is "${values.runs}": expected an integer of at least 2`);
const configs = positionals.length > 0 ? positionals : ["defaults"];
const envs = configs.map(parseConfig);

const figures: ChildFigures[][] = configs.map(() => []);
for (let round = 0; round < runs; round++) {
  for (let k = 0; k < configs.length; k++) {
    const index = (round + k) % configs.length; // rotate, as in stability.ts
    figures[index]!.push(runChild(envs[index]!));
  }
  process.stderr.write(`round ${round + 1}/${runs} done\n`);
}

const rows = configs.map((config, i) => {
  const p50s = figures[i]!.map((f) => f.p50Ns);
  const unbatched = figures[i]!.filter((f) => !f.batched).map((f) => f.p50Ns);
  return [
    config,
    `${(mean(p50s) / 1e3).toFixed(3)} µs`,
    `${((stddev(p50s) / mean(p50s)) * 100).toFixed(2)} %`,
    `${(Math.min(...p50s) / 1e3).toFixed(2)}–${(Math.max(...p50s) / 1e3).toFixed(2)} µs`,
    `${mean(figures[i]!.map((f) => f.wallMs)).toFixed(0)} ms`,
    `${runs - unbatched.length}/${runs}`,
    unbatched.length > 1 ? `${((stddev(unbatched) / mean(unbatched)) * 100).toFixed(2)} %` : "n/a",
  ];
});
console.log(`fxperf on JSON.parse ~10 KB, ${runs} processes per configuration, interleaved.\n`);
console.log(
  renderTable(
    ["config", "mean p50", "CV of p50", "p50 range", "mean wall/spec", "batched runs", "CV, unbatched runs only"],
    rows,
  ),
);
