/**
 * Replays the fork figures a gate-quality run recorded (bench/gate-quality.ts --out file.jsonl)
 * through variants of the decision rule, so that the rule's choices are made on measured data:
 *
 * - the centre of the fork medians: the mean of the fastest quarter, third, half, or of all;
 * - with and without drift correction (each fork's median over its reference kernel's);
 * - how many forks: the first k forks of each run (the time a verdict costs is k forks).
 *
 * The live run's adaptive forks are in the data, so "first k" with k up to the recorded count
 * replays a fixed-fork rule. Prints PASS/WARN/FAIL counts per condition and workload.
 *
 * Usage: bun bench/gate-replay.ts file.jsonl [more.jsonl...]
 */
import { readFileSync } from "node:fs";
import { compareForks } from "../src/verdict/fork-comparison.ts";
import { renderTable } from "./workload.ts";

interface ReplaySpec {
  readonly status: string;
  readonly micro?: {
    readonly forks?: {
      readonly p50sNs: number[];
      readonly referenceP50sNs: number[] | null;
      readonly elapsedNs: number;
    };
  } | null;
  readonly baseline?: { readonly limitRatio: number; readonly tolerance: number; readonly baselineForksNs?: number[] };
}

interface ReplayRound {
  readonly calibrate: { readonly profile?: { baselines: Record<string, { referenceP50s?: number[] }> } };
  readonly fxperf: Record<string, { readonly specs: Record<string, ReplaySpec> }>;
}

interface Variant {
  readonly name: string;
  readonly fraction: number;
  readonly drift: boolean;
  /** Use the first k forks of the run (undefined: all that were measured). */
  readonly forks: number | undefined;
}

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: bun bench/gate-replay.ts file.jsonl [more.jsonl...]");
  process.exit(2);
}
const rounds: ReplayRound[] = files.flatMap((file) =>
  readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as ReplayRound),
);

const VARIANTS: Variant[] = [
  ...[1 / 4, 1 / 3, 1 / 2, 1].map((fraction) => ({
    name: `centre: fastest ${fraction === 1 ? "all (mean)" : `1/${Math.round(1 / fraction)}`}`,
    fraction,
    drift: false,
    forks: undefined,
  })),
  { name: "fastest 1/3 + drift correction", fraction: 1 / 3, drift: true, forks: undefined },
  ...[2, 3, 4, 6].map((forks) => ({ name: `fastest 1/3, first ${forks} forks`, fraction: 1 / 3, drift: false, forks })),
];

type Tally = { PASS: number; WARN: number; FAIL: number; n: number; forkNs: number; forks: number };

function decide(spec: ReplaySpec, refsBase: number[] | undefined, variant: Variant) {
  const forks = spec.micro?.forks;
  const b = spec.baseline;
  if (!forks || !b?.baselineForksNs) return undefined;
  const k = variant.forks ?? forks.p50sNs.length;
  let head = forks.p50sNs.slice(0, k);
  let base = b.baselineForksNs;
  if (variant.drift) {
    const refsHead = forks.referenceP50sNs?.slice(0, k);
    if (!refsHead || !refsBase || refsBase.length !== base.length) return undefined;
    head = head.map((p, i) => p / refsHead[i]!);
    base = base.map((p, i) => p / refsBase[i]!);
  }
  const outcome = compareForks(base, head, b.limitRatio, b.tolerance, variant.fraction);
  const perForkNs = forks.elapsedNs / forks.p50sNs.length;
  return { outcome, forks: head.length, forkNs: perForkNs * head.length };
}

const conditions = [...new Set(rounds.flatMap((r) => Object.keys(r.fxperf)))].sort();
const workloads = [...new Set(rounds.flatMap((r) => Object.values(r.fxperf).flatMap((c) => Object.keys(c.specs))))];

console.log(`${rounds.length} rounds from ${files.join(", ")}\n`);
for (const workload of workloads) {
  const rows: string[][] = [["variant", ...conditions.map((c) => `${c} P/W/F`), "forks", "s/spec"]];
  const live: string[] = ["live run (recorded verdicts)"];
  for (const condition of conditions) {
    const t = { PASS: 0, WARN: 0, FAIL: 0 } as Record<string, number>;
    for (const r of rounds) {
      const status = r.fxperf[condition]?.specs[workload]?.status;
      if (status && status in t) t[status]!++;
    }
    live.push(`${t.PASS}/${t.WARN}/${t.FAIL}`);
  }
  rows.push([...live, "", ""]);
  for (const variant of VARIANTS) {
    const cells: string[] = [variant.name];
    const all: Tally = { PASS: 0, WARN: 0, FAIL: 0, n: 0, forkNs: 0, forks: 0 };
    for (const condition of conditions) {
      const t = { PASS: 0, WARN: 0, FAIL: 0 };
      for (const r of rounds) {
        const spec = r.fxperf[condition]?.specs[workload];
        const id = spec
          ? Object.keys(r.calibrate.profile?.baselines ?? {}).find((k) => k.endsWith(workload))
          : undefined;
        const refs = id ? r.calibrate.profile?.baselines[id]?.referenceP50s : undefined;
        const d = spec ? decide(spec, refs, variant) : undefined;
        if (!d) continue;
        const key = d.outcome.decision === "fail" ? "FAIL" : d.outcome.decision === "pass" ? "PASS" : "WARN";
        t[key]++;
        all.n++;
        all.forks += d.forks;
        all.forkNs += d.forkNs;
      }
      cells.push(`${t.PASS}/${t.WARN}/${t.FAIL}`);
    }
    cells.push((all.forks / Math.max(1, all.n)).toFixed(1), (all.forkNs / Math.max(1, all.n) / 1e9).toFixed(2));
    rows.push(cells);
  }
  console.log(`Workload ${workload}`);
  console.log(renderTable(rows[0]!, rows.slice(1)));
  console.log(`  spread of the ratio on unchanged code across rounds: ${spreadLine(workload)}`);
  console.log();
}

/** The standard deviation of ln(ratio) for unchanged code, with and without drift correction. */
function spreadLine(workload: string): string {
  const logs = { plain: [] as number[], drift: [] as number[] };
  for (const r of rounds) {
    for (const [condition, run] of Object.entries(r.fxperf)) {
      if (!condition.startsWith("unchanged")) continue;
      const spec = run.specs[workload];
      const id = Object.keys(r.calibrate.profile?.baselines ?? {}).find((k) => k.endsWith(workload));
      const refs = id ? r.calibrate.profile?.baselines[id]?.referenceP50s : undefined;
      const plain = spec ? decide(spec, refs, VARIANTS[1]!) : undefined;
      const drift = spec ? decide(spec, refs, VARIANTS[4]!) : undefined;
      if (plain && drift) {
        logs.plain.push(Math.log(plain.outcome.ratio));
        logs.drift.push(Math.log(drift.outcome.ratio));
      }
    }
  }
  const sd = (xs: number[]) => {
    const m = xs.reduce((a, x) => a + x, 0) / Math.max(1, xs.length);
    return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / Math.max(1, xs.length - 1));
  };
  return `${(sd(logs.plain) * 100).toFixed(2)}% without drift correction, ${(sd(logs.drift) * 100).toFixed(2)}% with (${logs.plain.length} runs)`;
}
