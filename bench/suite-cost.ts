/**
 * What a 6-spec suite costs end to end: wall time of `fxperf run <suite>` and of
 * `fxperf ab --base HEAD` (both trees identical) with the compiled binary, at the defaults, in a
 * scratch git repository of six micro specs (three cheap, three about 3x dearer). `--binaries`
 * takes several builds to compare (before and after a change), run interleaved round by round so
 * a drift of the machine hits all alike. Prints figures, asserts nothing.
 *
 * Usage: npm run build && bun bench/suite-cost.ts [--binaries dist/fxperf,/tmp/old/fxperf] [--rounds 3]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { git, median, parseBenchArgs } from "./bench-common.ts";
import { renderTable } from "./workload.ts";

const root = join(import.meta.dir, "..");
const { values } = parseBenchArgs({
  binaries: { type: "string", default: join(root, "dist", "fxperf") },
  rounds: { type: "string", default: "3" },
});
const binaries = values.binaries!.split(",").map((b) => resolve(b));
const rounds = Number(values.rounds);

/** Six specs: trips of a sqrt loop, so a spec's cost is its trip count. */
function suiteSource(): string {
  const specs = [2000, 2000, 2000, 6000, 6000, 6000]
    .map(
      (trips, i) => `  itPerf("spec ${i + 1}", () => {
    let x = 0;
    for (let i = 0; i < ${trips}; i++) x += Math.sqrt(i);
    return x;
  });`,
    )
    .join("\n");
  return `import { describePerf, itPerf } from "fxperf";\ndescribePerf("suite", () => {\n${specs}\n});\n`;
}

const dir = mkdtempSync(join(tmpdir(), "fxperf-suite-cost-"));
try {
  mkdirSync(join(dir, "spec"));
  writeFileSync(join(dir, "spec", "suite.perf.ts"), suiteSource());
  git(dir, "init", "-q");
  git(dir, "add", "-A");
  git(dir, "commit", "-qm", "suite");
  const commands = [
    { name: "run spec/", argv: ["run", "spec"] },
    { name: "ab --base HEAD spec/", argv: ["ab", "--base", "HEAD", "spec"] },
  ];
  const times = new Map<string, number[]>();
  for (let round = 0; round < rounds; round++) {
    for (const binary of binaries) {
      for (const command of commands) {
        const started = Bun.nanoseconds();
        const done = Bun.spawnSync([binary, ...command.argv], { cwd: dir, env: { ...process.env, NO_COLOR: "1" } });
        const seconds = (Bun.nanoseconds() - started) / 1e9;
        if (done.exitCode !== 0 && done.exitCode !== 4)
          throw new Error(`${binary} ${command.argv.join(" ")} exited ${done.exitCode}: ${done.stderr.toString()}`);
        const key = `${binary}\u0000${command.name}`;
        times.set(key, [...(times.get(key) ?? []), seconds]);
        process.stderr.write(`round ${round + 1}: ${binary} ${command.name}: ${seconds.toFixed(1)} s\n`);
      }
    }
  }
  const rows = commands.map((command) => [
    command.name,
    ...binaries.map((binary) => {
      const all = times.get(`${binary}\u0000${command.name}`)!;
      return `${median(all).toFixed(1)} s (${all.map((t) => t.toFixed(1)).join(", ")})`;
    }),
  ]);
  console.log(renderTable(["6-spec suite, wall time (median, all runs)", ...binaries], rows));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
