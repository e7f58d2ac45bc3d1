/**
 * The round record bench/gate-quality.ts appends to its JSONL file, and the tables
 * it prints from those records (also alone, with `--summarise file.jsonl`).
 */
import { readFileSync } from "node:fs";
import { CONDITIONS, type Condition, WORKLOADS, type Workload } from "./gate-workloads.ts";
import { median, renderTable } from "./workload.ts";

/** One spec of fxperf's JSON report as recorded: `status` plus the report's own fields, percentiles left out. */
export interface FxSpec {
  readonly status: string;
  readonly micro?: { readonly wallNs?: number | null; readonly p50Ns?: number | null } | null;
  readonly baseline?: { readonly ratio?: number | null } | null;
  readonly [field: string]: unknown;
}

/** One `fxperf` process (calibrate or run): exit code, wall time, and what it produced. */
export interface FxProcess {
  readonly exitCode: number | null;
  readonly wallMs: number;
  readonly specCount: number;
  /** The last lines of stderr when the process did not exit 0 or 1. */
  readonly stderrTail?: string;
}

/** A peer's figures for one workload under one condition, gated against its baseline process. */
export interface PeerResult {
  readonly p50Ns: number | null;
  readonly wallMs: number | null;
  readonly ratio: number | null;
  /** "OK" for a baseline process that measured; PASS or FAIL for a gated one. */
  readonly status: "OK" | "PASS" | "FAIL" | "ERROR";
}

/** One line of the JSONL file: everything measured in one round. */
export interface RoundRecord {
  readonly round: number;
  readonly startedAt: string;
  readonly loadAvg1m: number;
  readonly gitHead: string | null;
  readonly binary: string;
  readonly fxperfArgs: readonly string[];
  readonly workloads: readonly Workload[];
  readonly trips: Record<string, Record<string, number>>;
  readonly roundWallMs: number;
  readonly calibrate: FxProcess & { readonly profile: unknown };
  /** Per condition label: the run process, its report's counts and version, and per workload its spec. */
  readonly fxperf: Record<
    string,
    FxProcess & { readonly fxperfVersion?: string; readonly counts?: unknown; readonly specs: Record<string, FxSpec> }
  >;
  /** Per peer, per workload: its baseline process and per condition label its gated result. */
  readonly peers: Record<
    string,
    Record<string, { readonly baseline: PeerResult; readonly conditions: Record<string, PeerResult> }>
  >;
}

/** Reads a JSONL file of round records, skipping a torn last line. */
export function readRounds(file: string): RoundRecord[] {
  const lines = readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "");
  return lines.flatMap((line) => {
    try {
      return [JSON.parse(line) as RoundRecord];
    } catch {
      return [];
    }
  });
}

const pct = (n: number, of: number) => (of === 0 ? "–" : `${n} (${((100 * n) / of).toFixed(1)}%)`);
const med = (xs: readonly (number | null | undefined)[], digits = 4) => {
  const ok = xs.filter((x): x is number => typeof x === "number" && Number.isFinite(x));
  return ok.length === 0 ? "–" : median(ok).toFixed(digits);
};
const secs = (msValues: readonly number[]) =>
  msValues.length === 0 ? "–" : `${(median(msValues) / 1e3).toFixed(2)} s`;

/** Whether `fail` and `warn` shares of `of` rounds meet the condition's targets. */
function meets(c: Condition, fail: number, warn: number | null, of: number): string {
  if (of === 0) return "–";
  const f = fail / of;
  const ok =
    (c.failTarget.max === undefined || f <= c.failTarget.max) &&
    (c.failTarget.min === undefined || f >= c.failTarget.min) &&
    (warn === null || c.warnMax === undefined || warn / of <= c.warnMax);
  return ok ? "met" : "NOT";
}

function targetText(c: Condition): string {
  const fail =
    c.failTarget.max !== undefined ? `FAIL ≤ ${c.failTarget.max * 100}%` : `FAIL ≥ ${c.failTarget.min! * 100}%`;
  return c.warnMax === undefined ? fail : `${fail}, WARN ≤ ${c.warnMax * 100}%`;
}

/** The tables: per workload the verdict counts per condition, then wall times per spec. */
export function summarise(rounds: readonly RoundRecord[]): string {
  if (rounds.length === 0) return "No rounds recorded.";
  const out: string[] = [];
  const first = rounds[0]!;
  out.push(
    `${rounds.length} rounds, ${first.startedAt} to ${rounds.at(-1)!.startedAt}; binary ${first.binary}` +
      `${first.fxperfArgs.length > 0 ? ` with ${first.fxperfArgs.join(" ")}` : ""}; trips ${JSON.stringify(first.trips)}`,
  );
  out.push(
    `Median load average (1 min) at round start: ${med(
      rounds.map((r) => r.loadAvg1m),
      2,
    )} on 2 vCPUs.`,
  );
  out.push("Peer gate: FAIL when the variant process's p50 > the baseline process's p50 × (1 + tolerance).");
  out.push(
    "Target column: fxperf / mitata gate / tinybench gate; shares of rounds that gave a verdict (fxperf: PASS, WARN or FAIL; peers have no WARN).",
  );
  const workloads = WORKLOADS.filter((w) => rounds.some((r) => r.workloads.includes(w)));
  for (const w of workloads) {
    const rows = CONDITIONS.map((c) => {
      const fx = rounds.map((r) => r.fxperf[c.label]?.specs[w]?.status ?? "MISSING");
      const count = (s: string) => fx.filter((x) => x === s).length;
      const other = fx.length - count("PASS") - count("WARN") - count("FAIL");
      const peer = (p: string) => rounds.map((r) => r.peers[p]?.[w]?.conditions[c.label]);
      const peerFail = (p: string) => peer(p).filter((x) => x?.status === "FAIL").length;
      const peerOf = (p: string) => peer(p).filter((x) => x !== undefined && x.status !== "ERROR").length;
      const n = rounds.length;
      return [
        c.label,
        pct(count("PASS"), n),
        pct(count("WARN"), n),
        pct(count("FAIL"), n),
        pct(other, n),
        pct(peerFail("mitata"), peerOf("mitata")),
        pct(peerFail("tinybench"), peerOf("tinybench")),
        [
          med(rounds.map((r) => r.fxperf[c.label]?.specs[w]?.baseline?.ratio)),
          med(peer("mitata").map((x) => x?.ratio)),
          med(peer("tinybench").map((x) => x?.ratio)),
        ].join(" / "),
        `${targetText(c)}: ${meets(c, count("FAIL"), count("WARN"), n - other)} / ${meets(c, peerFail("mitata"), null, peerOf("mitata"))} / ${meets(c, peerFail("tinybench"), null, peerOf("tinybench"))}`,
      ];
    });
    out.push(`\nWorkload "${w}" (spec "gate > ${w}")`);
    out.push(
      renderTable(
        [
          "condition",
          "fxperf PASS",
          "WARN",
          "FAIL",
          "other",
          "mitata FAIL",
          "tinybench FAIL",
          "median p50 ratio fx/mi/tb",
          "target",
        ],
        rows,
      ),
    );
  }
  // Wall time: what one spec costs. fxperf's own wallNs per spec in its runs; per-process walls
  // divided by the spec count include start-up, loading and (calibrate) the machine-noise probe.
  // Only processes that measured: exit 0 or 1 (calibrate: 0); a refused start-up says nothing about cost.
  const calibratePerSpec = rounds
    .filter((r) => r.calibrate.exitCode === 0)
    .map((r) => r.calibrate.wallMs / Math.max(1, r.calibrate.specCount));
  const runPerSpec = rounds.flatMap((r) =>
    Object.values(r.fxperf)
      .filter((p) => p.exitCode === 0 || p.exitCode === 1)
      .map((p) => p.wallMs / Math.max(1, p.specCount)),
  );
  const wallRows = workloads.map((w) => {
    const fxWall = rounds.flatMap((r) => Object.values(r.fxperf).map((p) => p.specs[w]?.micro?.wallNs ?? null));
    const ok = fxWall.filter((x): x is number => typeof x === "number").map((ns) => ns / 1e6);
    const peerWall = (p: string) =>
      rounds.flatMap((r) =>
        Object.values(r.peers[p]?.[w]?.conditions ?? {})
          .map((x) => x.wallMs)
          .filter((x): x is number => x !== null),
      );
    const fxMed = ok.length === 0 ? Number.NaN : median(ok);
    const verdict = ok.length === 0 ? "–" : fxMed <= 3000 ? "met" : "NOT";
    return [w, secs(ok), verdict, secs(peerWall("mitata")), secs(peerWall("tinybench"))];
  });
  out.push("\nWall time per spec (medians over every run process; target ≤ 3 s at fxperf's defaults)");
  out.push(renderTable(["workload", "fxperf run (wallNs)", "≤ 3 s", "mitata", "tinybench"], wallRows));
  const met = (ms: number[]) => (ms.length === 0 ? "no data" : median(ms) <= 3000 ? "met" : "NOT met");
  out.push(
    `fxperf per spec incl. process start-up: calibrate ${secs(calibratePerSpec)} (${met(calibratePerSpec)}; includes the noise probe), ` +
      `run ${secs(runPerSpec)} (${met(runPerSpec)}); median round ${secs(rounds.map((r) => r.roundWallMs))}.`,
  );
  return out.join("\n");
}
