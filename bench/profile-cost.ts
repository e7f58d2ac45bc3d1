/**
 * What CPU profiles cost: wall time of `fxperf ab --base HEAD~1` on a scratch repository whose
 * head regresses every spec (so each gets profiles, both sides side by side), with profiles (the
 * default) and with --no-cpu-profile, interleaved round by round; and the same for `fxperf run`
 * with specs that fail their budgets (head only). The extra wall time per profiled spec is the
 * difference over the number of specs (target: at most 1 s). Prints figures, asserts nothing.
 *
 * Usage: npm run build && bun bench/profile-cost.ts [--binary dist/fxperf] [--rounds 3] [--specs 4]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { git, median, parseBenchArgs } from "./bench-common.ts";

const root = join(import.meta.dir, "..");
const { values } = parseBenchArgs({
  binary: { type: "string", default: join(root, "dist", "fxperf") },
  rounds: { type: "string", default: "3" },
  specs: { type: "string", default: "4" },
});
const binary = resolve(values.binary!);
const rounds = Number(values.rounds);
const count = Number(values.specs);

const work = (slow: number) =>
  `export function fastPath(n: number) { let x = 0; for (let i = 0; i < n; i++) x += i % 7; return x; }
export function slowPath(n: number) { let x = 0; for (let i = 0; i < n; i++) x += Math.sqrt(i); return x; }
export const work = (k: number) => fastPath(4000) + slowPath(${slow} * k);
`;
const spec = Array.from(
  { length: count },
  (_, i) => `  itPerf("spec ${i + 1}", () => work(${i + 1})).expect({ p50: "1ns" });`,
).join("\n");

function timed(dir: string, args: string[]): number {
  const started = Bun.nanoseconds();
  const done = Bun.spawnSync([binary, ...args], { cwd: dir, env: { ...process.env, NO_COLOR: "1" } });
  if (done.exitCode !== 1) throw new Error(`fxperf ${args.join(" ")} exited ${done.exitCode}: ${done.stderr}`);
  return (Bun.nanoseconds() - started) / 1e9;
}

const dir = mkdtempSync(join(tmpdir(), "fxperf-profile-cost-"));
try {
  mkdirSync(join(dir, "src"));
  mkdirSync(join(dir, "spec"));
  writeFileSync(join(dir, "src", "work.ts"), work(500));
  writeFileSync(
    join(dir, "spec", "work.perf.ts"),
    `import { describePerf, itPerf } from "fxperf";\nimport { work } from "../src/work.ts";\ndescribePerf("work", () => {\n${spec}\n});\n`,
  );
  writeFileSync(join(dir, ".gitignore"), "fxperf-profiles/\n");
  git(dir, "init", "-q");
  git(dir, "add", "-A");
  git(dir, "commit", "-qm", "base");
  writeFileSync(join(dir, "src", "work.ts"), work(3000));
  git(dir, "commit", "-qam", "head");
  const commands = {
    "ab, profiles on": ["ab", "--base", "HEAD~1", "--forks", "3", "--max-time", "3s"],
    "ab, --no-cpu-profile": ["ab", "--base", "HEAD~1", "--forks", "3", "--max-time", "3s", "--no-cpu-profile"],
    "run, profiles on": ["run", "spec"],
    "run, --no-cpu-profile": ["run", "spec", "--no-cpu-profile"],
  };
  const times: Record<string, number[]> = {};
  for (let round = 0; round < rounds; round++) {
    for (const [name, args] of Object.entries(commands)) {
      times[name] = [...(times[name] ?? []), timed(dir, args)];
      process.stderr.write(`round ${round + 1}: ${name}: ${times[name]!.at(-1)!.toFixed(1)} s\n`);
    }
  }
  const m = (name: string) => median(times[name]!);
  console.log(`${count} specs, each regressed (ab) or failing (run), ${rounds} rounds interleaved; medians:\n`);
  console.log("| command | profiles on | --no-cpu-profile | extra per profiled spec |");
  console.log("| --- | --- | --- | --- |");
  for (const command of ["ab", "run"]) {
    const on = m(`${command}, profiles on`);
    const off = m(`${command}, --no-cpu-profile`);
    console.log(`| ${command} | ${on.toFixed(1)} s | ${off.toFixed(1)} s | ${((on - off) / count).toFixed(2)} s |`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
