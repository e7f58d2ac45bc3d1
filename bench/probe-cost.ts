/**
 * What the spec-file probe (a child process that imports the spec files before fxperf does, so a
 * file whose top level never returns cannot hang the run) costs at start, and what the parent's own
 * import of the same files costs: `--version` (the binary's start-up), the probe alone, and
 * `run --list` (start-up + probe + the parent's import), 20 runs each after 2 warm-ups, interleaved.
 * The parent's import (and listing) is about `run --list` minus the probe minus the start-up: what
 * returning the spec plans from the probe could save at most. Prints figures, asserts nothing.
 *
 * Usage: npm run build && bun bench/probe-cost.ts [--binary dist/fxperf] [--dir examples/spec]
 */
import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { PROBE_COMMAND } from "../src/spec/probe-spec-files.ts";
import { median, parseBenchArgs } from "./bench-common.ts";

const root = join(import.meta.dir, "..");
const { values } = parseBenchArgs({
  binary: { type: "string", default: join(root, "dist", "fxperf") },
  dir: { type: "string", default: join(root, "examples", "spec") },
  // Binaries built before the probe was renamed (fxperf 0.1 at c0427b4 and earlier) call it "__load-probe".
  "probe-command": { type: "string", default: PROBE_COMMAND },
});
const bin = resolve(values.binary!);
const dir = resolve(values.dir!);
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".perf.ts"))
  .map((f) => join(dir, f));

const time = (argv: string[]) => {
  const t = Bun.nanoseconds();
  Bun.spawnSync(argv, { stdout: "ignore", stderr: "ignore", env: { ...process.env, NO_COLOR: "1" } });
  return (Bun.nanoseconds() - t) / 1e6;
};
const commands = {
  version: [bin, "--version"],
  probe: [bin, values["probe-command"]!, JSON.stringify(files)],
  list: [bin, "run", dir, "--list"],
};
const ms: Record<keyof typeof commands, number[]> = { version: [], probe: [], list: [] };
for (let i = 0; i < 22; i++) {
  for (const [name, argv] of Object.entries(commands)) {
    const took = time(argv);
    if (i >= 2) ms[name as keyof typeof commands].push(took);
  }
}
const med = (name: keyof typeof commands) => median(ms[name]);
console.log(
  `${files.length} files; median of 20: --version ${med("version").toFixed(1)} ms, probe alone ${med("probe").toFixed(1)} ms, run --list ${med("list").toFixed(1)} ms; the parent's own import and listing ≈ ${(med("list") - med("probe") - med("version")).toFixed(1)} ms`,
);
