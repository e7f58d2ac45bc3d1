/**
 * Load A/B quality: does `fxperf ab` decide that a handler doing 10% more work per request is
 * slower, and leave an unchanged handler alone? Two git repositories, each with a load spec whose
 * server (Bun.serve on 127.0.0.1, port 0, started at the spec file's top level) builds and
 * serialises a small JSON document WORK times per request:
 *   - "slow": the head's handler does 11 units where the base's does 10 (+10% work per request);
 *   - "same": the head changes a comment only.
 * Each trial runs `fxperf ab --base HEAD~1` at its defaults (plus --fxperf-args) in both repos and
 * appends one JSON line to --out. Traffic is loopback only and bounded by the spec's duration.
 *
 * Usage: bun bench/ab-load.ts [--trials 20] [--duration 1s] [--fxperf-args "..."] [--out ab-load.jsonl]
 *        bun bench/ab-load.ts --summarise ab-load.jsonl
 *        bun bench/ab-load.ts --replay ab-load.jsonl [--min 4,6] [--max 6,8,10]
 * --replay judges prefixes of trials recorded with a fixed pair count (--fxperf-args "--forks 10")
 * under other schedules: the curve of decisions against pairs that chooses the defaults.
 */
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { judgePaired } from "../src/verdict/ab-verdict.ts";
import { FINAL_LEVEL, INTERIM_LEVEL } from "../src/verdict/fork-comparison.ts";
import { git, jsonServerSource, median, parseBenchArgs, splitArgs } from "./bench-common.ts";

const { values } = parseBenchArgs({
  trials: { type: "string", default: "20" },
  duration: { type: "string", default: "1s" },
  binary: { type: "string", default: resolve(import.meta.dir, "..", "dist", "fxperf") },
  "fxperf-args": { type: "string", default: "" },
  out: { type: "string", default: "ab-load.jsonl" },
  summarise: { type: "string" },
  replay: { type: "string" },
  min: { type: "string", default: "4,6" },
  max: { type: "string", default: "4,6,8,10" },
  tolerance: { type: "string", default: "0.02" },
});

const REPOS = ["slow", "same"] as const;
type Repo = (typeof REPOS)[number];
interface Trial {
  trial: number;
  load1m: number;
  repos: Record<
    Repo,
    { exitCode: number; wallMs: number; status: string; ratio: number | null; pairs: number; pairRatios: number[] }
  >;
}

function specSource(work: number, duration: string): string {
  return `import { afterAll, describePerf, loadPerf } from "fxperf";

${jsonServerSource(work)}
describePerf("api", () => {
  afterAll(() => server.stop(true));
  loadPerf("GET /doc", { url: \`http://127.0.0.1:\${server.port}/doc\`, connections: 4, duration: "${duration}" });
});
`;
}

function makeRepo(parent: string, repo: Repo): string {
  const dir = join(parent, repo);
  mkdirSync(join(dir, "spec"), { recursive: true });
  git(dir, "init", "-q");
  writeFileSync(join(dir, "spec", "api.perf.ts"), specSource(10, values.duration));
  git(dir, "add", "-A");
  git(dir, "commit", "-qm", "base");
  writeFileSync(
    join(dir, "spec", "api.perf.ts"),
    repo === "slow" ? specSource(11, values.duration) : `${specSource(10, values.duration)}// unrelated\n`,
  );
  git(dir, "commit", "-qam", "head");
  return dir;
}

function summarise(trials: readonly Trial[]): string {
  const lines = [
    `${trials.length} trials`,
    "",
    "| repo | regressed | improved | unchanged | undecided | error | median ratio | median pairs |",
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
  ];
  for (const repo of REPOS) {
    const rs = trials.map((t) => t.repos[repo]);
    const c = (st: string) => rs.filter((r) => r.status === st).length;
    lines.push(
      `| ${repo} | ${c("regressed")} | ${c("improved")} | ${c("unchanged")} | ${c("undecided")} | ${c("error")} | ${median(rs.flatMap((r) => (r.ratio === null ? [] : [r.ratio]))).toFixed(3)} | ${median(rs.map((r) => r.pairs))} |`,
    );
  }
  const walls = trials.flatMap((t) => REPOS.map((r) => t.repos[r].wallMs / 1000));
  lines.push("", `Wall time of one \`fxperf ab\` (one load spec): median ${median(walls).toFixed(1)} s`);
  return lines.join("\n");
}

/** The adaptive schedule replayed: `min` pairs, then one more while the interim verdict is undecided, up to `max`. */
function replay(trials: readonly Trial[]): string {
  const lines = [
    `${trials.length} trials, ${trials[0]?.repos.slow.pairRatios.length ?? 0} pairs each`,
    "",
    "| tolerance | min | max | slow: regressed / undecided | same: flagged / unchanged / undecided | mean pairs |",
    "| --- | --- | --- | --- | --- | --- |",
  ];
  for (const tolerance of values.tolerance!.split(",").map(Number)) {
    for (const min of values.min!.split(",").map(Number)) {
      for (const max of values.max!.split(",").map(Number)) {
        if (max < min) continue;
        const judged = (ratios: readonly number[]) => {
          let k = Math.min(min, ratios.length);
          while (k < Math.min(max, ratios.length)) {
            if (judgePaired(ratios.slice(0, k), tolerance, INTERIM_LEVEL).status !== "undecided") break;
            k++;
          }
          return { status: judgePaired(ratios.slice(0, k), tolerance, FINAL_LEVEL).status, pairs: k };
        };
        const slow = trials.map((t) => judged(t.repos.slow.pairRatios));
        const same = trials.map((t) => judged(t.repos.same.pairRatios));
        const n = (xs: typeof slow, ...st: string[]) => xs.filter((x) => st.includes(x.status)).length;
        const meanPairs = [...slow, ...same].reduce((a, x) => a + x.pairs, 0) / (slow.length + same.length);
        lines.push(
          `| ${tolerance * 100}% | ${min} | ${max} | ${n(slow, "regressed")} / ${n(slow, "undecided")} of ${slow.length} | ${n(same, "regressed", "improved")} / ${n(same, "unchanged")} / ${n(same, "undecided")} of ${same.length} | ${meanPairs.toFixed(1)} |`,
        );
      }
    }
  }
  return lines.join("\n");
}

const readTrials = (file: string) =>
  readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Trial);

if (values.replay) {
  console.log(replay(readTrials(values.replay)));
} else if (values.summarise) {
  console.log(summarise(readTrials(values.summarise)));
} else {
  const binary = resolve(values.binary);
  if (!existsSync(binary)) throw new Error(`No fxperf binary at "${binary}": run "npm run build" first`);
  const extra = splitArgs(values["fxperf-args"]);
  const parent = mkdtempSync(join(tmpdir(), "fxperf-ab-load-"));
  const dirs = Object.fromEntries(REPOS.map((r) => [r, makeRepo(parent, r)])) as Record<Repo, string>;
  const trials: Trial[] = [];
  try {
    for (let trial = 1; trial <= Number(values.trials); trial++) {
      const repos = {} as Trial["repos"];
      for (const repo of trial % 2 ? REPOS : [...REPOS].reverse()) {
        const out = join(parent, `${repo}.json`);
        const started = Bun.nanoseconds();
        const proc = Bun.spawnSync([binary, "ab", "spec", "--base", "HEAD~1", "--reporter", `json=${out}`, ...extra], {
          cwd: dirs[repo],
        });
        const wallMs = (Bun.nanoseconds() - started) / 1e6;
        if (!existsSync(out)) throw new Error(`no report (exit ${proc.exitCode}): ${proc.stderr.toString()}`);
        const spec = JSON.parse(readFileSync(out, "utf8")).specs[0];
        rmSync(out);
        repos[repo] = {
          exitCode: proc.exitCode ?? -1,
          wallMs,
          status: spec.status,
          ratio: spec.change?.ratio ?? null,
          pairs: spec.pairs,
          pairRatios: spec.change?.pairRatios ?? [],
        };
      }
      const record: Trial = { trial, load1m: loadavg()[0]!, repos };
      trials.push(record);
      appendFileSync(values.out, `${JSON.stringify(record)}\n`);
      console.error(
        `trial ${trial}: ${REPOS.map((r) => `${r} ${repos[r].status} ${repos[r].ratio?.toFixed(3)} (${repos[r].pairs} pairs, ${(repos[r].wallMs / 1000).toFixed(1)} s)`).join(" | ")}`,
      );
    }
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
  console.log(summarise(trials));
}
