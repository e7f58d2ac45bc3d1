/**
 * A/B quality: does `fxperf ab` find a 5% slowdown between two commits, and leave unchanged
 * specs alone, on this machine? Beside it, in the same trials, the plain gate a user would write
 * with raw mitata: one process per tree and spec, regressed when head p50 > base p50 × (1 + T).
 *
 * Two small git repositories are made in a temp dir, each with `spec/gate.perf.ts` (the specs
 * "gate > cpu", "gate > alloc", "gate > tiny" of bench/gate-workloads.ts) and a base and a head
 * commit:
 *   - "slow": the head commit raises the trip count of one spec (--slow, default cpu) by 5%;
 *   - "same": the head commit changes a comment only.
 * Each trial runs `fxperf ab --base HEAD~1` (at its defaults, plus --fxperf-args) in both repos,
 * in alternating order, and the mitata gate on both. Each trial is appended to --out as one JSON
 * line, so an interrupted run is still usable. It prints figures and asserts nothing.
 *
 * Usage: bun bench/ab-quality.ts [--trials 20] [--binary dist/fxperf] [--slow cpu]
 *          [--fxperf-args "--tolerance 2%"] [--out ab-quality.jsonl]
 *        bun bench/ab-quality.ts --summarise ab-quality.jsonl
 */
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { median, runAb } from "./bench-common.ts";
import type { PeerFigures } from "./gate-peer-child.ts";
import { moduleSource, tripsOf, WORKLOADS, type Workload } from "./gate-workloads.ts";

const ROOT = resolve(import.meta.dir, "..");
const PEER_CHILD = join(import.meta.dir, "gate-peer-child.ts");
const REPOS = ["slow", "same"] as const;
type Repo = (typeof REPOS)[number];

/** One trial: per repo, fxperf's verdict per spec and the mitata gate's. */
interface TrialRecord {
  readonly trial: number;
  readonly load1m: number;
  readonly repos: Record<
    Repo,
    {
      readonly exitCode: number;
      readonly wallMs: number;
      readonly specs: Record<
        string,
        { status: string; ratio: number | null; low: number | null; high: number | null; pairs: number }
      >;
      readonly mitata: Record<string, { base: number; head: number; regressed: boolean }>;
    }
  >;
}

const argv = process.argv.slice(2);
const at = argv.indexOf("--fxperf-args");
if (at >= 0 && at + 1 < argv.length) argv.splice(at, 2, `--fxperf-args=${argv[at + 1]}`);
const { values } = parseArgs({
  args: argv,
  options: {
    trials: { type: "string", default: "20" },
    binary: { type: "string", default: join(ROOT, "dist", "fxperf") },
    slow: { type: "string", default: "cpu" },
    tolerance: { type: "string", default: "0.02" },
    "fxperf-args": { type: "string", default: "" },
    out: { type: "string", default: "ab-quality.jsonl" },
    summarise: { type: "string" },
  },
});

const tolerance = Number(values.tolerance);

function summarise(records: readonly TrialRecord[]): string {
  const lines: string[] = [];
  const specIds = WORKLOADS.map((w) => `gate > ${w}`);
  lines.push(
    `${records.length} trials; slowed spec: gate > ${values.slow} (+5%); mitata gate tolerance ${tolerance * 100}%`,
  );
  lines.push("");
  lines.push(
    "| repo | spec | fxperf regressed / improved / unchanged / undecided | median ratio | median pairs | mitata gate regressed |",
  );
  lines.push("| --- | --- | --- | --- | --- | --- |");
  for (const repo of REPOS) {
    for (const id of specIds) {
      const specs = records.map((r) => r.repos[repo].specs[id]).filter((s) => s !== undefined);
      const count = (status: string) => specs.filter((s) => s.status === status).length;
      const ratios = specs.flatMap((s) => (s.ratio === null ? [] : [s.ratio]));
      const mitata = records.filter((r) => r.repos[repo].mitata[id]?.regressed).length;
      lines.push(
        `| ${repo} | ${id} | ${count("regressed")} / ${count("improved")} / ${count("unchanged")} / ${count("undecided")} | ${median(ratios).toFixed(4)} | ${median(specs.map((s) => s.pairs))} | ${mitata} |`,
      );
    }
  }
  const walls = (repo: Repo) => records.map((r) => r.repos[repo].wallMs / 1000);
  lines.push("");
  lines.push(
    `Wall time of one 3-spec \`fxperf ab\` (process start to exit, worktree included): slow repo median ${median(walls("slow")).toFixed(1)} s (min ${Math.min(...walls("slow")).toFixed(1)}, max ${Math.max(...walls("slow")).toFixed(1)}); same repo median ${median(walls("same")).toFixed(1)} s`,
  );
  lines.push(`Median 1-minute load at trial start: ${median(records.map((r) => r.load1m)).toFixed(2)}`);
  return lines.join("\n");
}

if (values.summarise !== undefined) {
  const records = readFileSync(values.summarise, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as TrialRecord);
  console.log(summarise(records));
  process.exit(0);
}

const trials = Number(values.trials);
if (!Number.isInteger(trials) || trials < 1)
  throw new Error(`Option "--trials" is "${values.trials}": expected an integer of at least 1`);
if (!WORKLOADS.includes(values.slow as Workload))
  throw new Error(`Option "--slow" is "${values.slow}": expected one of ${WORKLOADS.join(", ")}`);
const binary = resolve(values.binary);
if (!existsSync(binary)) throw new Error(`No fxperf binary at "${binary}": run "npx bun build.ts" first`);
const extraArgs = values["fxperf-args"].split(" ").filter((a) => a !== "");

function git(cwd: string, ...args: string[]): void {
  const done = Bun.spawnSync(["git", "-c", "user.name=bench", "-c", "user.email=bench@localhost", ...args], { cwd });
  if (done.exitCode !== 0) throw new Error(`git ${args.join(" ")} failed in ${cwd}: ${done.stderr.toString()}`);
}

const SPEC = `import { describePerf, itPerf } from "fxperf";
import { ${WORKLOADS.join(", ")} } from "../work.ts";

describePerf("gate", () => {
${WORKLOADS.map((w) => `  itPerf(${JSON.stringify(w)}, ${w});`).join("\n")}
});
`;

/** A repository with a base commit and a head commit; returns its path. */
function makeRepo(parent: string, repo: Repo): string {
  const dir = join(parent, repo);
  mkdirSync(join(dir, "spec"), { recursive: true });
  git(dir, "init", "-q");
  writeFileSync(join(dir, "work.ts"), moduleSource(tripsOf(1)));
  writeFileSync(join(dir, "spec", "gate.perf.ts"), SPEC);
  git(dir, "add", "-A");
  git(dir, "commit", "-qm", "base");
  const trips = tripsOf(1);
  if (repo === "slow") trips[values.slow as Workload] = Math.round(trips[values.slow as Workload] * 1.05);
  writeFileSync(join(dir, "work.ts"), `${moduleSource(trips)}${repo === "same" ? "// an unrelated change\n" : ""}`);
  git(dir, "commit", "-qam", "head");
  // The base tree for the mitata gate: a plain checkout of the base commit.
  git(dir, "worktree", "add", "-q", "--detach", join(parent, `${repo}-base`), "HEAD~1");
  return dir;
}

async function fxperfAb(dir: string, out: string) {
  const { exitCode, wallMs, specs: reported } = await runAb(binary, dir, out, extraArgs);
  const specs: TrialRecord["repos"][Repo]["specs"] = {};
  for (const s of reported)
    specs[s.id] = {
      status: s.status,
      ratio: s.change?.ratio ?? null,
      low: s.change?.low ?? null,
      high: s.change?.high ?? null,
      pairs: s.pairs,
    };
  return { exitCode, wallMs, specs };
}

async function mitataP50(module: string, workload: Workload): Promise<number> {
  const proc = Bun.spawn([process.execPath, PEER_CHILD, "mitata", module, workload], {
    stdout: "pipe",
    stderr: "inherit",
  });
  const text = await new Response(proc.stdout).text();
  if ((await proc.exited) !== 0) throw new Error(`peer child failed for ${module} ${workload}`);
  return (JSON.parse(text) as PeerFigures).p50Ns;
}

async function mitataGate(parent: string, repo: Repo) {
  const out: TrialRecord["repos"][Repo]["mitata"] = {};
  for (const w of WORKLOADS) {
    const base = await mitataP50(join(parent, `${repo}-base`, "work.ts"), w);
    const head = await mitataP50(join(parent, repo, "work.ts"), w);
    out[`gate > ${w}`] = { base, head, regressed: head > base * (1 + tolerance) };
  }
  return out;
}

const parent = mkdtempSync(join(tmpdir(), "fxperf-ab-bench-"));
const dirs = Object.fromEntries(REPOS.map((r) => [r, makeRepo(parent, r)])) as Record<Repo, string>;
const outPath = resolve(values.out);
const records: TrialRecord[] = [];
try {
  for (let trial = 1; trial <= trials; trial++) {
    const load1m = loadavg()[0]!;
    const order = trial % 2 === 1 ? REPOS : ([...REPOS].reverse() as Repo[]);
    const repos = {} as TrialRecord["repos"];
    for (const repo of order) {
      const ab = await fxperfAb(dirs[repo], join(parent, `${repo}.json`));
      repos[repo] = { ...ab, mitata: await mitataGate(parent, repo) };
    }
    const record: TrialRecord = { trial, load1m, repos };
    records.push(record);
    appendFileSync(outPath, `${JSON.stringify(record)}\n`);
    const brief = REPOS.map(
      (r) =>
        `${r}: ${WORKLOADS.map((w) => `${w} ${repos[r].specs[`gate > ${w}`]?.status ?? "?"}`).join(", ")} (${(repos[r].wallMs / 1000).toFixed(1)} s)`,
    ).join(" | ");
    console.error(`trial ${trial}/${trials} load ${load1m.toFixed(2)}: ${brief}`);
  }
} finally {
  for (const repo of REPOS)
    Bun.spawnSync(["git", "worktree", "remove", "--force", join(parent, `${repo}-base`)], { cwd: dirs[repo] });
  rmSync(parent, { recursive: true, force: true });
}
console.log(summarise(records));
