/**
 * Gate quality: how often is fxperf's regression verdict right on this machine,
 * beside plain p50 gates on raw mitata and tinybench measured in the same rounds?
 *
 * A spec project is generated once (bench/gate-workloads.ts): three variants of the
 * same code (trip counts ×1.00, ×1.05, ×1.10), each a `gate.perf.ts` with the specs
 * "gate > cpu" (CPU-bound, tens of µs), "gate > alloc" (allocating, tens of µs) and
 * "gate > tiny" (sub-µs), at fxperf's default measuring settings. Each round:
 *   1. `fxperf calibrate <base> --out <fresh dir> --overwrite` of the unchanged code;
 *   2. one baseline process per peer and workload (bench/gate-peer-child.ts);
 *   3. in a shuffled order, separate processes for the four conditions: unchanged
 *      code at --tolerance 5% and 2%, +5% at 2%, +10% at 5%. fxperf: `fxperf run
 *      <variant> --profile <file> --tolerance T --reporter json=<file>`, statuses
 *      from the report; peers: one process per workload, FAIL when p50 > baseline
 *      p50 × (1 + T).
 * Each round is appended to --out as one JSON line (see RoundRecord in
 * bench/gate-summary.ts), so an interrupted run is still usable. It prints figures
 * and asserts nothing.
 *
 * Usage: bun bench/gate-quality.ts [--rounds 40] [--binary dist/fxperf]
 *          [--fxperf-args "--forks 4 --max-time 2s"] [--workloads cpu,alloc,tiny]
 *          [--out gate-quality.jsonl]
 *        bun bench/gate-quality.ts --summarise gate-quality.jsonl
 * --fxperf-args is split on spaces and passed to both calibrate and run.
 */
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { PEERS, type Peer, type PeerFigures } from "./gate-peer-child.ts";
import {
  type FxProcess,
  type FxSpec,
  type PeerResult,
  type RoundRecord,
  readRounds,
  summarise,
} from "./gate-summary.ts";
import {
  CONDITIONS,
  type Condition,
  tripsOf,
  VARIANTS,
  WORKLOADS,
  type Workload,
  writeSpecProject,
} from "./gate-workloads.ts";

const PEER_CHILD = join(import.meta.dir, "gate-peer-child.ts");
const ROOT = resolve(import.meta.dir, "..");

// node:util's parseArgs refuses "--fxperf-args --forks 4" (a value starting with a dash), so
// join such a pair into "--fxperf-args=--forks 4" first.
const argv = process.argv.slice(2);
const at = argv.indexOf("--fxperf-args");
if (at >= 0 && at + 1 < argv.length) argv.splice(at, 2, `--fxperf-args=${argv[at + 1]}`);
const { values } = parseArgs({
  args: argv,
  options: {
    rounds: { type: "string", default: "40" },
    binary: { type: "string", default: join(ROOT, "dist", "fxperf") },
    "fxperf-args": { type: "string", default: "" },
    workloads: { type: "string", default: WORKLOADS.join(",") },
    out: { type: "string", default: "gate-quality.jsonl" },
    summarise: { type: "string" },
  },
});
if (values.summarise !== undefined) {
  console.log(summarise(readRounds(values.summarise)));
  process.exit(0);
}
const rounds = Number(values.rounds);
if (!Number.isInteger(rounds) || rounds < 1)
  throw new Error(`Option "--rounds" is "${values.rounds}": expected an integer of at least 1`);
const binary = resolve(values.binary);
if (!existsSync(binary)) throw new Error(`No fxperf binary at "${binary}": run "npx bun build.ts" first`);
const extraArgs = values["fxperf-args"].split(" ").filter((a) => a !== "");
const workloads = values.workloads.split(",") as Workload[];
for (const w of workloads)
  if (!WORKLOADS.includes(w)) throw new Error(`Workload is "${w}": expected one of ${WORKLOADS.join(", ")}`);
const outFile = resolve(values.out);

/** Runs a process (argument array, no shell) and times it from spawn to exit. */
function spawnTimed(cmd: string[], cwd: string) {
  const start = performance.now();
  const child = Bun.spawnSync(cmd, { cwd, stdout: "pipe", stderr: "pipe" });
  const wallMs = performance.now() - start;
  const stderrTail = child.stderr.toString().trimEnd().split("\n").slice(-8).join("\n");
  return { exitCode: child.exitCode, wallMs, stdout: child.stdout.toString(), stderrTail };
}

/** fxperf exits 0 (all passed) or 1 (a spec failed); anything else keeps stderr's tail for the record. */
function fxProcess(r: ReturnType<typeof spawnTimed>, specCount: number): FxProcess {
  const ok = r.exitCode === 0 || r.exitCode === 1;
  return { exitCode: r.exitCode, wallMs: r.wallMs, specCount, ...(ok ? {} : { stderrTail: r.stderrTail }) };
}

/** One peer child's figures, or an ERROR result when it failed. */
function runPeer(peer: Peer, module: string, w: Workload, cwd: string): PeerResult {
  const r = spawnTimed([process.execPath, PEER_CHILD, peer, module, w], cwd);
  if (r.exitCode !== 0) {
    process.stderr.write(`  ${peer} ${w} exited ${r.exitCode}: ${r.stderrTail}\n`);
    return { p50Ns: null, wallMs: null, ratio: null, status: "ERROR" };
  }
  const f = JSON.parse(r.stdout) as PeerFigures;
  return { p50Ns: f.p50Ns, wallMs: f.wallMs, ratio: null, status: "OK" };
}

/** Statuses and figures per workload from a JSON report (percentiles, file and line left out). */
function readReport(file: string): { fxperfVersion?: string; counts?: unknown; specs: Record<string, FxSpec> } {
  if (!existsSync(file)) return { specs: {} };
  const report = JSON.parse(readFileSync(file, "utf8")) as {
    fxperfVersion: string;
    counts: unknown;
    specs: { id: string; micro?: Record<string, unknown> | null; [k: string]: unknown }[];
  };
  const specs: Record<string, FxSpec> = {};
  for (const { id, file: _f, line: _l, tags: _t, micro, ...rest } of report.specs) {
    const { percentilesNs: _p, ...microRest } = micro ?? {};
    specs[id.replace(/^gate > /, "")] = { ...rest, micro: micro ? microRest : null } as FxSpec;
  }
  return { fxperfVersion: report.fxperfVersion, counts: report.counts, specs };
}

/** A deterministic shuffle (mulberry32 seeded by the round) so no process always runs first. */
function shuffle<T>(items: T[], seed: number): T[] {
  let s = seed >>> 0;
  const rand = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

const letter = (s: string | undefined) =>
  ({ PASS: "P", WARN: "W", FAIL: "F", ERROR: "E", "NO BASELINE": "N" })[s ?? ""] ?? "?";
const git = Bun.spawnSync(["git", "rev-parse", "HEAD"], { cwd: ROOT, stdout: "pipe", stderr: "ignore" });
const gitHead = git.exitCode === 0 ? git.stdout.toString().trim() : null;
const tmp = mkdtempSync(join(tmpdir(), "fxperf-gate-"));
const project = writeSpecProject(tmp, workloads);
const trips = Object.fromEntries(VARIANTS.map((v) => [v.name, tripsOf(v.factor)]));
console.error(
  `Spec project in ${tmp}; ${rounds} rounds; appending to ${outFile}; fxperf args: [${extraArgs.join(", ")}]`,
);

const records: RoundRecord[] = [];
try {
  for (let round = 1; round <= rounds; round++) {
    const roundStart = performance.now();
    const startedAt = new Date().toISOString();
    const loadAvg1m = loadavg()[0]!;
    const profileDir = join(tmp, `profile-${round}`);
    const cal = spawnTimed(
      [binary, "calibrate", project.base.specFile, "--out", profileDir, "--overwrite", ...extraArgs],
      tmp,
    );
    const profileName = existsSync(profileDir) ? readdirSync(profileDir).find((f) => f.endsWith(".json")) : undefined;
    const profileFile = profileName === undefined ? undefined : join(profileDir, profileName);
    if (profileFile === undefined) process.stderr.write(`  calibrate exited ${cal.exitCode}: ${cal.stderrTail}\n`);
    // Exit 2 is a usage error (e.g. an --fxperf-args flag this binary lacks): no round would measure fxperf.
    if (cal.exitCode === 2) throw new Error(`"fxperf calibrate" refused its arguments: ${cal.stderrTail}`);
    const profile = profileFile === undefined ? null : JSON.parse(readFileSync(profileFile, "utf8"));
    const peers: RoundRecord["peers"] = {};
    for (const p of PEERS) {
      peers[p] = {};
      for (const w of workloads) peers[p][w] = { baseline: runPeer(p, project.base.module, w, tmp), conditions: {} };
    }
    const fxperf: RoundRecord["fxperf"] = {};
    const runFx = (c: Condition, k: number) => {
      const report = join(tmp, `report-${round}-${k}.json`);
      const args = ["run", project[c.variant].specFile, "--tolerance", `${c.tolerance * 100}%`];
      const r = spawnTimed(
        [binary, ...args, "--profile", profileFile!, "--reporter", `json=${report}`, ...extraArgs],
        tmp,
      );
      fxperf[c.label] = { ...fxProcess(r, workloads.length), ...readReport(report) };
      if (fxperf[c.label]!.stderrTail !== undefined) process.stderr.write(`  run ${c.label}: ${r.stderrTail}\n`);
    };
    const runPeerCondition = (c: Condition, p: Peer, w: Workload) => {
      const base = peers[p]![w]!.baseline.p50Ns;
      const got = runPeer(p, project[c.variant].module, w, tmp);
      const ratio = got.p50Ns === null || base === null ? null : got.p50Ns / base;
      const status = ratio === null ? "ERROR" : ratio > 1 + c.tolerance ? "FAIL" : "PASS";
      peers[p]![w]!.conditions[c.label] = { ...got, ratio, status };
    };
    const tasks: (() => void)[] = CONDITIONS.flatMap((c, k) => [
      ...(profileFile === undefined ? [] : [() => runFx(c, k)]),
      ...PEERS.flatMap((p) => workloads.map((w) => () => runPeerCondition(c, p, w))),
    ]);
    for (const task of shuffle(tasks, round)) task();

    const record: RoundRecord = {
      round,
      startedAt,
      loadAvg1m,
      gitHead,
      binary,
      fxperfArgs: extraArgs,
      workloads,
      trips,
      roundWallMs: performance.now() - roundStart,
      calibrate: { ...fxProcess(cal, workloads.length), profile },
      fxperf,
      peers,
    };
    appendFileSync(outFile, `${JSON.stringify(record)}\n`);
    records.push(record);
    const cells = CONDITIONS.map((c) => {
      const fx = workloads.map((w) => letter(fxperf[c.label]?.specs[w]?.status)).join("");
      const pe = PEERS.map((p) => workloads.map((w) => letter(peers[p]![w]!.conditions[c.label]?.status)).join(""));
      return `${c.label} fx ${fx} mi ${pe[0]} tb ${pe[1]}`;
    });
    process.stderr.write(
      `round ${round}/${rounds} ${(record.roundWallMs / 1e3).toFixed(1)} s load ${loadAvg1m.toFixed(2)} calibrate ${(cal.wallMs / 1e3).toFixed(1)} s | ${cells.join(" | ")}\n`,
    );
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
// This invocation's rounds only: --out may already hold rounds of other settings (--summarise reads them all).
console.log(summarise(records));
