/**
 * `fxperf run` against a calibration on real code: the nine real-library specs of
 * bench/real-workloads.ts, calibrated minutes earlier on the same machine, then run unchanged and
 * with every library function called 10% more often, at --tolerance 5%. Beside it in the same
 * rounds, the plain gates a user would write with raw mitata and tinybench (one process per
 * workload; FAIL when p50 > the baseline process's p50 × 1.05).
 *
 * Each round: `fxperf calibrate` of the unchanged code into a fresh profile, one baseline process
 * per peer and workload, then (in alternating order) `fxperf run` of the unchanged and of the
 * slowed code against that profile, and the peers' processes for both. One JSON line per round.
 *
 * Usage: bun bench/run-real.ts [--rounds 10] [--tolerance 0.05] [--fxperf-args "..."] [--out run-real.jsonl]
 *        bun bench/run-real.ts --summarise run-real.jsonl
 */
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseBenchArgs, splitArgs } from "./bench-common.ts";
import type { PeerFigures } from "./gate-peer-child.ts";
import { callsOf, EXPORT_OF, REAL_WORKLOADS, writeRealProject } from "./real-workloads.ts";

const { values } = parseBenchArgs({
  rounds: { type: "string", default: "10" },
  tolerance: { type: "string", default: "0.05" },
  binary: { type: "string", default: resolve(import.meta.dir, "..", "dist", "fxperf") },
  "fxperf-args": { type: "string", default: "" },
  peers: { type: "boolean", default: true },
  out: { type: "string", default: "run-real.jsonl" },
  summarise: { type: "string" },
});

const VARIANTS = ["unchanged", "slow10"] as const;
type Variant = (typeof VARIANTS)[number];
const PEERS = ["mitata", "tinybench"] as const;

interface Round {
  round: number;
  load1m: number;
  calibrateMs: number;
  fxperf: Record<
    Variant,
    { exitCode: number; wallMs: number; statuses: Record<string, string>; resolvable: Record<string, number | null> }
  >;
  peers: Record<string, Record<Variant, Record<string, "PASS" | "FAIL">>>;
}

const pct = (n: number, d: number) => (d === 0 ? "-" : `${((100 * n) / d).toFixed(0)}%`);

function summarise(rounds: readonly Round[]): string {
  const lines = [
    `${rounds.length} rounds, tolerance ${Number(values.tolerance) * 100}%`,
    "",
    "| code | verdicts | fxperf FAIL | fxperf WARN (undecided) | fxperf PASS | error | median resolvable | mitata FAIL | tinybench FAIL |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
  ];
  for (const v of VARIANTS) {
    const statuses = rounds.flatMap((r) => Object.values(r.fxperf[v].statuses));
    const resolvable = rounds
      .flatMap((r) => Object.values(r.fxperf[v].resolvable))
      .filter((x): x is number => x !== null)
      .sort((a, b) => a - b);
    const c = (s: string) => statuses.filter((x) => x === s).length;
    const peer = (p: string) => {
      const all = rounds.flatMap((r) => Object.values(r.peers[p]?.[v] ?? {}));
      return pct(all.filter((x) => x === "FAIL").length, all.length);
    };
    lines.push(
      `| ${v === "unchanged" ? "unchanged" : "+10%"} | ${statuses.length} | ${pct(c("FAIL"), statuses.length)} | ${pct(c("WARN"), statuses.length)} | ${pct(c("PASS"), statuses.length)} | ${c("ERROR")} | ±${((resolvable[resolvable.length >> 1] ?? Number.NaN) * 100).toFixed(1)}% | ${peer("mitata")} | ${peer("tinybench")} |`,
    );
  }
  lines.push("", "| spec | unchanged (F/W/P) | +10% (F/W/P) |", "| --- | --- | --- |");
  for (const w of REAL_WORKLOADS) {
    const cell = (v: Variant) => {
      const s = rounds.map((r) => r.fxperf[v].statuses[`real > ${w}`]);
      return `${s.filter((x) => x === "FAIL").length}/${s.filter((x) => x === "WARN").length}/${s.filter((x) => x === "PASS").length}`;
    };
    lines.push(`| ${w} | ${cell("unchanged")} | ${cell("slow10")} |`);
  }
  const runMs = rounds.flatMap((r) => VARIANTS.map((v) => r.fxperf[v].wallMs));
  runMs.sort((a, b) => a - b);
  lines.push(
    "",
    `Median \`fxperf run\` of the nine specs: ${(runMs[runMs.length >> 1]! / 1000).toFixed(1)} s (${(runMs[runMs.length >> 1]! / 9000).toFixed(2)} s per spec)`,
  );
  return lines.join("\n");
}

function peerP50(peer: string, module: string, exportName: string): number {
  const r = Bun.spawnSync([process.execPath, join(import.meta.dir, "gate-peer-child.ts"), peer, module, exportName]);
  if (r.exitCode !== 0) throw new Error(`peer ${peer} ${exportName}: ${r.stderr.toString()}`);
  return (JSON.parse(r.stdout.toString()) as PeerFigures).p50Ns;
}

function fxRun(dir: string, profile: string, reportFile: string, extra: readonly string[]) {
  const started = performance.now();
  const r = Bun.spawnSync([
    values.binary,
    "run",
    dir,
    "--profile",
    profile,
    "--tolerance",
    `${Number(values.tolerance) * 100}%`,
    "--reporter",
    `json=${reportFile}`,
    ...extra,
  ]);
  const wallMs = performance.now() - started;
  const statuses: Record<string, string> = {};
  const resolvable: Record<string, number | null> = {};
  if (existsSync(reportFile)) {
    for (const s of JSON.parse(readFileSync(reportFile, "utf8")).specs) {
      statuses[s.id] = s.status;
      resolvable[s.id] = s.baseline?.resolvable ?? null;
    }
  } else process.stderr.write(`run exited ${r.exitCode}: ${r.stderr.toString().slice(-500)}\n`);
  return { exitCode: r.exitCode ?? -1, wallMs, statuses, resolvable };
}

if (values.summarise) {
  console.log(
    summarise(
      readFileSync(values.summarise, "utf8")
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as Round),
    ),
  );
} else {
  const tmp = mkdtempSync(join(tmpdir(), "fxperf-run-real-"));
  const dirs: Record<Variant, string> = { unchanged: join(tmp, "unchanged"), slow10: join(tmp, "slow10") };
  writeRealProject(dirs.unchanged, callsOf(1));
  writeRealProject(dirs.slow10, callsOf(1.1));
  const extra = splitArgs(values["fxperf-args"]);
  const rounds: Round[] = [];
  for (let round = 1; round <= Number(values.rounds); round++) {
    const load1m = loadavg()[0]!;
    const profileDir = join(tmp, `profile-${round}`);
    const calStarted = performance.now();
    const cal = Bun.spawnSync([
      values.binary,
      "calibrate",
      dirs.unchanged,
      "--out",
      profileDir,
      "--overwrite",
      ...extra,
    ]);
    const calibrateMs = performance.now() - calStarted;
    const name = existsSync(profileDir) ? readdirSync(profileDir).find((f) => f.endsWith(".json")) : undefined;
    if (!name) throw new Error(`calibrate exited ${cal.exitCode}: ${cal.stderr.toString().slice(-800)}`);
    const profile = join(profileDir, name);
    const baselines: Record<string, Record<string, number>> = {};
    if (values.peers)
      for (const p of PEERS)
        baselines[p] = Object.fromEntries(
          REAL_WORKLOADS.map((w) => [w, peerP50(p, join(dirs.unchanged, "work.ts"), EXPORT_OF[w])]),
        );
    const order = round % 2 ? VARIANTS : ([...VARIANTS].reverse() as Variant[]);
    const fxperf = {} as Round["fxperf"];
    const peers: Round["peers"] = {};
    for (const v of order) {
      fxperf[v] = fxRun(dirs[v], profile, join(tmp, `report-${round}-${v}.json`), extra);
      if (!values.peers) continue;
      for (const p of PEERS) {
        peers[p] ??= {} as Record<Variant, Record<string, "PASS" | "FAIL">>;
        peers[p][v] = Object.fromEntries(
          REAL_WORKLOADS.map((w) => [
            `real > ${w}`,
            peerP50(p, join(dirs[v], "work.ts"), EXPORT_OF[w]) > baselines[p]![w]! * (1 + Number(values.tolerance))
              ? "FAIL"
              : "PASS",
          ]),
        );
      }
    }
    const record: Round = { round, load1m, calibrateMs, fxperf, peers };
    rounds.push(record);
    appendFileSync(values.out, `${JSON.stringify(record)}\n`);
    const brief = (v: Variant) =>
      REAL_WORKLOADS.map((w) => (fxperf[v].statuses[`real > ${w}`] ?? "?").slice(0, 1)).join("");
    console.error(
      `round ${round}: unchanged ${brief("unchanged")} | +10% ${brief("slow10")} (load ${load1m.toFixed(2)})`,
    );
  }
  console.log(summarise(rounds));
}
