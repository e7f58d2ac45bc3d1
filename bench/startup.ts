/**
 * Start-up: wall time of the compiled binary for commands that measure nothing,
 * against bare Bun as the floor any Bun program pays. Bun 1.4 treats
 * `bun -e ''` as no script at all and prints its usage text without starting
 * the JavaScript engine, so `bun -e '0'` (evaluate one expression) is the real
 * floor; both are shown.
 *
 * hyperfine-like: per command, 2 warm-up runs (page cache, binary mapped),
 * then 10 timed runs; mean and min in ms. Timed from this process around a
 * synchronous spawn (argument array, no shell), so spawn cost is included for
 * every command alike. Needs `npm run build` first (dist/fxperf).
 *
 * Usage: bun bench/startup.ts [--binary dist/fxperf]
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { mean, renderTable } from "./workload.ts";

const WARMUPS = 2;
const RUNS = 10;
// `--binary <path>` measures another build (to compare before and after a change).
const at = process.argv.indexOf("--binary");
const binary =
  at > 0 && process.argv[at + 1] ? resolve(process.argv[at + 1]!) : join(import.meta.dir, "..", "dist", "fxperf");

/** Wall times (ms) of `RUNS` runs of `argv` after `WARMUPS` untimed ones; throws on a non-zero exit. */
function timeCommand(argv: string[]): number[] {
  const times: number[] = [];
  for (let i = 0; i < WARMUPS + RUNS; i++) {
    const start = Bun.nanoseconds();
    const child = Bun.spawnSync(argv, { stdout: "ignore", stderr: "pipe" });
    const elapsedMs = (Bun.nanoseconds() - start) / 1e6;
    if (child.exitCode !== 0)
      throw new Error(`"${argv.join(" ")}" exited with ${child.exitCode}: ${child.stderr.toString().trim()}`);
    if (i >= WARMUPS) times.push(elapsedMs);
  }
  return times;
}

if (!existsSync(binary)) {
  console.error(`No compiled binary at "${binary}": run "npm run build" first, then re-run this script.`);
  process.exit(3);
}

// An empty directory of our own, so `run` finds no spec files whatever the cwd holds.
const emptyDir = mkdtempSync(join(tmpdir(), "fxperf-startup-"));
try {
  const commands: [string, string[]][] = [
    ["dist/fxperf --version", [binary, "--version"]],
    ["dist/fxperf run <emptydir> --pass-with-no-specs", [binary, "run", emptyDir, "--pass-with-no-specs"]],
    ["bun -e '' (prints usage, no JS engine)", [process.execPath, "-e", ""]],
    ["bun -e '0'", [process.execPath, "-e", "0"]],
  ];
  const rows = commands.map(([label, argv]) => {
    const times = timeCommand(argv);
    return [label, `${mean(times).toFixed(1)} ms`, `${Math.min(...times).toFixed(1)} ms`];
  });
  console.log(`${RUNS} runs each after ${WARMUPS} warm-ups; wall time including spawn.\n`);
  console.log(renderTable(["command", "mean", "min"], rows));
} finally {
  rmSync(emptyDir, { recursive: true, force: true });
}
