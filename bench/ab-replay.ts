/**
 * Replays recorded paired `ab` forks (the JSONL of bench/ab-real.ts, best recorded with a fixed
 * fork count, e.g. --fxperf-args "--forks 12") through the paired rule with other schedules and
 * tolerances: for each true change (none, +5%, +10%), the share of verdicts per status and the
 * forks (and seconds) they cost. This is the curve of decisions against time that chooses `ab`'s
 * defaults; the defaults are then judged on fresh trials, not on these.
 *
 * Usage: bun bench/ab-replay.ts set1.jsonl [--min 3,4,6] [--max 5,6,8,12] [--tolerance 0.02,0.03]
 */
import { parseArgs } from "node:util";
import { judgePaired } from "../src/verdict/ab-verdict.ts";
import { FINAL_LEVEL, INTERIM_LEVEL } from "../src/verdict/fork-comparison.ts";
import { readTrials, trueChange } from "./ab-real.ts";
import { REAL_WORKLOADS } from "./real-workloads.ts";

const { values, positionals } = parseArgs({
  args: process.argv.slice(2),
  allowPositionals: true,
  options: {
    min: { type: "string", default: "3,4,6" },
    max: { type: "string", default: "4,5,6,8,12" },
    tolerance: { type: "string", default: "0.02,0.03" },
  },
});

/** One recorded spec: its true change, its forks' ratios in order, and the seconds one fork cost. */
interface Sequence {
  change: number;
  ratios: number[];
  secondsPerFork: number;
}

const sequences: Sequence[] = [];
for (const file of positionals) {
  for (const trial of readTrials(file)) {
    for (const repo of ["mixed", "same"] as const) {
      for (const w of REAL_WORKLOADS) {
        const spec = trial.repos[repo]?.specs[`real > ${w}`];
        if (!spec || spec.pairRatios.length === 0) continue;
        sequences.push({
          change: trueChange(repo, w),
          ratios: spec.pairRatios,
          secondsPerFork: spec.elapsedMs / 1000 / spec.pairs,
        });
      }
    }
  }
}

/** The adaptive schedule: `min` forks, then one more while the interim verdict is undecided, up to `max`. */
function replay(ratios: readonly number[], min: number, max: number, tolerance: number) {
  let k = Math.min(min, ratios.length);
  while (k < Math.min(max, ratios.length)) {
    if (judgePaired(ratios.slice(0, k), tolerance, INTERIM_LEVEL).status !== "undecided") break;
    k++;
  }
  return { status: judgePaired(ratios.slice(0, k), tolerance, FINAL_LEVEL).status, forks: k };
}

const pct = (n: number, d: number) => `${((100 * n) / Math.max(1, d)).toFixed(0)}%`;
const secondsPerFork = sequences.reduce((a, s) => a + s.secondsPerFork, 0) / Math.max(1, sequences.length);
console.log(
  `${sequences.length} recorded specs, ${sequences[0]?.ratios.length ?? 0} forks each; a fork (both sides) cost ${secondsPerFork.toFixed(2)} s on average`,
);
console.log("");
console.log(
  "| tolerance | min | max | none: regressed/improved/unchanged/undecided | +5%: regressed | +10%: regressed | mean forks | mean s/spec |",
);
console.log("| --- | --- | --- | --- | --- | --- | --- | --- |");
for (const tolerance of values.tolerance.split(",").map(Number)) {
  for (const min of values.min.split(",").map(Number)) {
    for (const max of values.max.split(",").map(Number)) {
      if (max < min) continue;
      const out = sequences.map((s) => ({ s, ...replay(s.ratios, min, max, tolerance) }));
      const group = (change: number) => out.filter((o) => Math.abs(o.s.change - change) < 1e-9);
      const none = group(0);
      const c = (xs: typeof out, st: string) => xs.filter((o) => o.status === st).length;
      const meanForks = out.reduce((a, o) => a + o.forks, 0) / out.length;
      console.log(
        `| ${tolerance * 100}% | ${min} | ${max} | ${pct(c(none, "regressed"), none.length)} / ${pct(c(none, "improved"), none.length)} / ${pct(c(none, "unchanged"), none.length)} / ${pct(c(none, "undecided"), none.length)} | ${pct(c(group(0.05), "regressed"), group(0.05).length)} | ${pct(c(group(0.1), "regressed"), group(0.1).length)} | ${meanForks.toFixed(1)} | ${(meanForks * secondsPerFork).toFixed(1)} |`,
      );
    }
  }
}
