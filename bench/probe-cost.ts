/**
 * What the spec-file probe (a child process that imports the spec files before fxperf does, so a
 * file whose top level never returns cannot hang the run) costs at start: `run --list` on
 * examples/spec, and the probe alone, 20 runs each after 2 warm-ups. Prints figures, asserts nothing.
 *
 * Usage: npm run build && bun bench/probe-cost.ts
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
const root = join(import.meta.dir, "..");
const bin = join(root, "dist", "fxperf");
const dir = join(root, "examples", "spec");
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".perf.ts"))
  .map((f) => join(dir, f));
const time = (argv: string[]) => {
  const t = Bun.nanoseconds();
  Bun.spawnSync(argv, { stdout: "ignore", stderr: "ignore", env: { ...process.env, NO_COLOR: "1" } });
  return (Bun.nanoseconds() - t) / 1e6;
};
for (let i = 0; i < 2; i++) {
  time([bin, "run", dir, "--list"]);
  time([bin, "__load-probe", JSON.stringify(files)]);
}
const list: number[] = [],
  probe: number[] = [];
for (let i = 0; i < 20; i++) {
  list.push(time([bin, "run", dir, "--list"]));
  probe.push(time([bin, "__load-probe", JSON.stringify(files)]));
}
const med = (x: number[]) => [...x].sort((a, b) => a - b)[x.length >> 1]!;
console.log(
  `files ${files.length}; run --list median ${med(list).toFixed(1)} ms (min ${Math.min(...list).toFixed(1)}); probe alone median ${med(probe).toFixed(1)} ms (min ${Math.min(...probe).toFixed(1)})`,
);
