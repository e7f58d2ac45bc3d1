/**
 * A/B quality on real code: does `fxperf ab` decide on specs over real npm libraries
 * (bench/real-workloads.ts), where processes fall into modes up to 2x apart?
 *
 * Two git repositories, each with `spec/real.perf.ts` (nine specs, each calling one library
 * function 20 times) and a base and a head commit:
 *   - "mixed": the head calls find-my-way, superstruct and semver 22 times (+10%), path-to-regexp,
 *     yaml and mustache 21 times (+5%), and leaves zod, marked and dayjs alone;
 *   - "same": the head changes a comment only.
 * Each trial runs `fxperf ab --base HEAD~1` at its defaults (plus --fxperf-args) in both repos, in
 * alternating order, and, with --peers, the plain gates a user would write in the "mixed" repo: raw
 * mitata and tinybench, one process per tree and spec, regressed when head p50 > base p50 × 1.02.
 * One JSON line per trial goes to --out (fork-level figures included, so rules can be replayed).
 *
 * Usage: bun bench/ab-real.ts [--trials 20] [--binary dist/fxperf] [--peers] [--fxperf-args "..."]
 *          [--out ab-real.jsonl]
 *        bun bench/ab-real.ts --summarise ab-real.jsonl [--rule paired|separate]
 */
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { git, median, parseBenchArgs, runAb, splitArgs } from "./bench-common.ts";
import type { PeerFigures } from "./gate-peer-child.ts";
import {
  BASE_CALLS,
  EXPORT_OF,
  REAL_WORKLOADS,
  type RealWorkload,
  realModuleSource,
  realSpecSource,
} from "./real-workloads.ts";

const ROOT = resolve(import.meta.dir, "..");
const PEER_CHILD = join(import.meta.dir, "gate-peer-child.ts");
const REPOS = ["mixed", "same"] as const;
type Repo = (typeof REPOS)[number];
const PEERS = ["mitata", "tinybench"] as const;

/** The head's call count per workload in the "mixed" repo. */
export const MIXED_CALLS: Record<RealWorkload, number> = {
  "find-my-way": 22,
  superstruct: 22,
  semver: 22,
  "path-to-regexp": 21,
  yaml: 21,
  mustache: 21,
  zod: 20,
  marked: 20,
  dayjs: 20,
};
/** The true change of a spec in a repo: 0, 0.05 or 0.10. */
export function trueChange(repo: Repo, workload: RealWorkload): number {
  return repo === "same" ? 0 : MIXED_CALLS[workload] / BASE_CALLS - 1;
}

/** One spec's outcome in one `fxperf ab`. */
export interface SpecRecord {
  status: string;
  ratio: number | null;
  low: number | null;
  high: number | null;
  pairs: number;
  method: string | null;
  pairRatios: number[];
  baseValues: (number | null)[];
  headValues: (number | null)[];
  elapsedMs: number;
}
/** One trial. */
export interface TrialRecord {
  trial: number;
  load1m: number;
  repos: Record<
    Repo,
    {
      exitCode: number;
      wallMs: number;
      specs: Record<string, SpecRecord>;
      peers?: Record<string, Record<string, { base: number; head: number; regressed: boolean }>>;
    }
  >;
}

/** The command line, read only when this file is the script run (bench/ab-replay.ts imports it). */
function cliValues() {
  return parseBenchArgs({
    trials: { type: "string", default: "20" },
    binary: { type: "string", default: join(ROOT, "dist", "fxperf") },
    peers: { type: "boolean", default: false },
    "fxperf-args": { type: "string", default: "" },
    out: { type: "string", default: "ab-real.jsonl" },
    summarise: { type: "string" },
  }).values;
}

const pct = (n: number, d: number) => (d === 0 ? "-" : `${((100 * n) / d).toFixed(0)}%`);

/** The summary table: per true change, fxperf's statuses and the peers' regressions. */
export function summarise(records: readonly TrialRecord[]): string {
  const lines: string[] = [];
  lines.push(`${records.length} trials`);
  lines.push("");
  lines.push(
    "| change | verdicts | regressed | improved | unchanged | undecided | error | median forks | median s/spec | mitata regressed | tinybench regressed |",
  );
  lines.push("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
  for (const change of [0, 0.05, 0.1]) {
    const specs: SpecRecord[] = [];
    const peerCounts = { mitata: [0, 0], tinybench: [0, 0] };
    for (const r of records)
      for (const repo of REPOS)
        for (const w of REAL_WORKLOADS) {
          if (Math.abs(trueChange(repo, w) - change) > 1e-9) continue;
          const s = r.repos[repo]?.specs[`real > ${w}`];
          if (s) specs.push(s);
          for (const peer of PEERS) {
            const p = r.repos[repo]?.peers?.[peer]?.[`real > ${w}`];
            if (p) {
              peerCounts[peer][0]! += p.regressed ? 1 : 0;
              peerCounts[peer][1]! += 1;
            }
          }
        }
    const count = (status: string) => specs.filter((s) => s.status === status).length;
    lines.push(
      `| ${change === 0 ? "none" : `+${change * 100}%`} | ${specs.length} | ${pct(count("regressed"), specs.length)} | ${pct(count("improved"), specs.length)} | ${pct(count("unchanged"), specs.length)} | ${pct(count("undecided"), specs.length)} | ${count("error")} | ${median(specs.map((s) => s.pairs))} | ${(median(specs.map((s) => s.elapsedMs)) / 1000).toFixed(2)} | ${peerCounts.mitata[1] ? pct(peerCounts.mitata[0]!, peerCounts.mitata[1]!) : "-"} | ${peerCounts.tinybench[1] ? pct(peerCounts.tinybench[0]!, peerCounts.tinybench[1]!) : "-"} |`,
    );
  }
  lines.push("");
  lines.push("| spec | true change | statuses (R/I/U/?) | median ratio | median forks |");
  lines.push("| --- | --- | --- | --- | --- |");
  for (const repo of REPOS)
    for (const w of REAL_WORKLOADS) {
      const specs = records.map((r) => r.repos[repo]?.specs[`real > ${w}`]).filter((s) => s !== undefined);
      const c = (st: string) => specs.filter((s) => s.status === st).length;
      lines.push(
        `| ${repo}: ${w} | ${(trueChange(repo, w) * 100).toFixed(0)}% | ${c("regressed")}/${c("improved")}/${c("unchanged")}/${c("undecided")} | ${median(specs.flatMap((s) => (s.ratio === null ? [] : [s.ratio]))).toFixed(3)} | ${median(specs.map((s) => s.pairs))} |`,
      );
    }
  const walls = records.flatMap((r) => REPOS.map((repo) => r.repos[repo].wallMs / 1000));
  lines.push("");
  lines.push(
    `Wall time of one 9-spec \`fxperf ab\`: median ${median(walls).toFixed(1)} s (min ${Math.min(...walls).toFixed(1)}, max ${Math.max(...walls).toFixed(1)}); median 1-minute load at trial start ${median(records.map((r) => r.load1m)).toFixed(2)}`,
  );
  return lines.join("\n");
}

/** Reads a JSONL file of trials. */
export function readTrials(path: string): TrialRecord[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as TrialRecord);
}

function makeRepo(parent: string, repo: Repo): string {
  const dir = join(parent, repo);
  mkdirSync(join(dir, "spec"), { recursive: true });
  git(dir, "init", "-q");
  const base = Object.fromEntries(REAL_WORKLOADS.map((w) => [w, BASE_CALLS])) as Record<RealWorkload, number>;
  writeFileSync(join(dir, "spec", "work.ts"), realModuleSource(base));
  writeFileSync(join(dir, "spec", "real.perf.ts"), realSpecSource());
  git(dir, "add", "-A");
  git(dir, "commit", "-qm", "base");
  const head = repo === "mixed" ? MIXED_CALLS : base;
  writeFileSync(join(dir, "spec", "work.ts"), `${realModuleSource(head)}${repo === "same" ? "// unrelated\n" : ""}`);
  git(dir, "commit", "-qam", "head");
  git(dir, "worktree", "add", "-q", "--detach", join(parent, `${repo}-base`), "HEAD~1");
  return dir;
}

async function fxperfAb(binary: string, dir: string, out: string, extraArgs: readonly string[]) {
  const { exitCode, wallMs, specs: reported } = await runAb(binary, dir, out, extraArgs);
  const specs: Record<string, SpecRecord> = {};
  for (const s of reported)
    specs[s.id] = {
      status: s.status,
      ratio: s.change?.ratio ?? null,
      low: s.change?.low ?? null,
      high: s.change?.high ?? null,
      pairs: s.pairs,
      method: s.change?.method ?? null,
      pairRatios: s.change?.pairRatios ?? [],
      baseValues: s.base?.valuesNs ?? [],
      headValues: s.head?.valuesNs ?? [],
      elapsedMs: s.elapsedNs / 1e6,
    };
  return { exitCode, wallMs, specs };
}

async function peerP50(peer: string, module: string, exportName: string): Promise<number> {
  const proc = Bun.spawn([process.execPath, PEER_CHILD, peer, module, exportName], {
    stdout: "pipe",
    stderr: "inherit",
  });
  const text = await new Response(proc.stdout).text();
  if ((await proc.exited) !== 0) throw new Error(`peer child failed for ${module} ${exportName}`);
  return (JSON.parse(text) as PeerFigures).p50Ns;
}

async function peerGates(parent: string, repo: Repo) {
  const out: Record<string, Record<string, { base: number; head: number; regressed: boolean }>> = {};
  for (const peer of PEERS) {
    out[peer] = {};
    for (const w of REAL_WORKLOADS) {
      const base = await peerP50(peer, join(parent, `${repo}-base`, "spec", "work.ts"), EXPORT_OF[w]);
      const head = await peerP50(peer, join(parent, repo, "spec", "work.ts"), EXPORT_OF[w]);
      out[peer]![`real > ${w}`] = { base, head, regressed: head > base * 1.02 };
    }
  }
  return out;
}

if (import.meta.main) {
  const values = cliValues();
  if (values.summarise !== undefined) {
    console.log(summarise(readTrials(values.summarise)));
    process.exit(0);
  }
  const trials = Number(values.trials);
  const binary = resolve(values.binary);
  if (!existsSync(binary)) throw new Error(`No fxperf binary at "${binary}": run "npm run build" first`);
  if (!existsSync(join(import.meta.dir, "real", "node_modules")))
    throw new Error('bench/real has no node_modules: run "npm ci --prefix bench/real" first');
  const extraArgs = splitArgs(values["fxperf-args"]);
  const parent = mkdtempSync(join(tmpdir(), "fxperf-ab-real-"));
  const dirs = Object.fromEntries(REPOS.map((r) => [r, makeRepo(parent, r)])) as Record<Repo, string>;
  const outPath = resolve(values.out);
  const records: TrialRecord[] = [];
  try {
    for (let trial = 1; trial <= trials; trial++) {
      const load1m = loadavg()[0]!;
      const order = trial % 2 === 1 ? REPOS : ([...REPOS].reverse() as Repo[]);
      const repos = {} as TrialRecord["repos"];
      for (const repo of order) {
        const ab = await fxperfAb(binary, dirs[repo], join(parent, `${repo}.json`), extraArgs);
        repos[repo] = { ...ab, ...(values.peers && repo === "mixed" ? { peers: await peerGates(parent, repo) } : {}) };
      }
      const record: TrialRecord = { trial, load1m, repos };
      records.push(record);
      appendFileSync(outPath, `${JSON.stringify(record)}\n`);
      const brief = REPOS.map(
        (r) =>
          `${r}: ${REAL_WORKLOADS.map((w) => (repos[r].specs[`real > ${w}`]?.status ?? "?").slice(0, 4)).join(" ")} (${(repos[r].wallMs / 1000).toFixed(1)} s)`,
      ).join(" | ");
      console.error(`trial ${trial}/${trials} load ${load1m.toFixed(2)}: ${brief}`);
    }
  } finally {
    for (const repo of REPOS)
      Bun.spawnSync(["git", "worktree", "remove", "--force", join(parent, `${repo}-base`)], { cwd: dirs[repo] });
    rmSync(parent, { recursive: true, force: true });
  }
  console.log(summarise(records));
}
