/**
 * Choosing the paired `ab` fork's settings: A/A forks (the head and the base are identical
 * copies of the real-library suite and the synthetic workloads) through the compiled binary's
 * `__fork` command, for several settings, interleaved. For each setting it prints the spread of
 * the forks' own head/base ratios (what the verdict's interval is built from), their bias (should
 * be 1), and the wall time of one fork. It asserts nothing.
 *
 * Usage: bun bench/ab-pair-tune.ts [--forks 8] [--configs "10x10@50,10x20@50,..."] [--out tune.jsonl]
 *   a config is <rounds>x<roundMs>@<warmupMs>[-<discardRounds>]
 */
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { median } from "../src/micro/stats.ts";
import { moduleSource, tripsOf } from "./gate-workloads.ts";
import { callsOf, REAL_WORKLOADS, writeRealProject } from "./real-workloads.ts";

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    forks: { type: "string", default: "8" },
    configs: { type: "string", default: "10x10@50,10x20@50,20x10@50,10x20@200-2" },
    workloads: { type: "string", default: "" },
    binary: { type: "string", default: resolve(import.meta.dir, "..", "dist", "fxperf") },
    out: { type: "string", default: "ab-pair-tune.jsonl" },
    summarise: { type: "string" },
    rounds: { type: "string", default: "" },
  },
});

interface Row {
  config: string;
  workload: string;
  ratio: number;
  wallMs: number;
  /** Each round's head/base ratio, so fewer rounds can be replayed (--summarise --rounds). */
  roundRatios?: number[];
}

function parseConfig(text: string) {
  const m = /^(\d+)x(\d+)@(\d+)(?:-(\d+))?$/.exec(text);
  if (!m) throw new Error(`Config "${text}": expected <rounds>x<roundMs>@<warmupMs>[-<discard>]`);
  return {
    rounds: Number(m[1]),
    roundNs: Number(m[2]) * 1e6,
    warmupNs: Number(m[3]) * 1e6,
    discardRounds: Number(m[4] ?? 0),
  };
}

/** With --rounds 10,20,40: each recorded fork replayed on its first k rounds, as config "<config>/k". */
function withRoundPrefixes(rows: readonly Row[]): Row[] {
  if (!values.rounds) return [...rows];
  const ks = values.rounds.split(",").map(Number);
  return rows.flatMap((r) =>
    ks
      .filter((k) => (r.roundRatios?.length ?? 0) >= k)
      .map((k) => ({ ...r, config: `${r.config}/${k}`, ratio: median(r.roundRatios!.slice(0, k)) })),
  );
}

function summarise(all: readonly Row[]): void {
  const rows = withRoundPrefixes(all);
  const configs = [...new Set(rows.map((r) => r.config))];
  const workloads = [...new Set(rows.map((r) => r.workload))];
  console.log(`| workload | ${configs.map((c) => `${c}: sd of log ratio / bias / ms per fork`).join(" | ")} |`);
  console.log(`| --- | ${configs.map(() => "---").join(" | ")} |`);
  for (const w of workloads) {
    const cells = configs.map((c) => {
      const rs = rows.filter((r) => r.config === c && r.workload === w);
      const logs = rs.map((r) => Math.log(r.ratio));
      const mean = logs.reduce((a, b) => a + b, 0) / logs.length;
      const sd = Math.sqrt(logs.reduce((a, x) => a + (x - mean) ** 2, 0) / (logs.length - 1));
      return `${(sd * 100).toFixed(2)}% / ${Math.exp(mean).toFixed(3)} / ${Math.round(median(rs.map((r) => r.wallMs)))}`;
    });
    console.log(`| ${w} | ${cells.join(" | ")} |`);
  }
}

if (values.summarise) {
  summarise(
    readFileSync(values.summarise, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Row),
  );
} else {
  const dir = mkdtempSync(join(tmpdir(), "fxperf-pair-tune-"));
  for (const side of ["a", "b"]) {
    writeRealProject(join(dir, side), callsOf(1));
    writeFileSync(join(dir, side, "synthetic.ts"), moduleSource(tripsOf(1)));
    writeFileSync(
      join(dir, side, "synthetic.perf.ts"),
      `import { describePerf, itPerf } from "fxperf";\nimport { cpu, alloc } from "./synthetic.ts";\ndescribePerf("gate", () => { itPerf("cpu", cpu); itPerf("alloc", alloc); });\n`,
    );
  }
  const targets = [
    ...REAL_WORKLOADS.map((w) => ({ workload: w, file: "real.perf.ts", id: `real > ${w}` })),
    { workload: "cpu", file: "synthetic.perf.ts", id: "gate > cpu" },
    { workload: "alloc", file: "synthetic.perf.ts", id: "gate > alloc" },
  ].filter((t) => !values.workloads || values.workloads.split(",").includes(t.workload));
  const configs = values.configs.split(",");
  const out = join(dir, "fork.json");
  for (let f = 0; f < Number(values.forks); f++) {
    for (const t of targets) {
      // Rotate the configs per fork so drift hits them alike.
      for (let k = 0; k < configs.length; k++) {
        const config = configs[(k + f) % configs.length]!;
        const request = {
          file: join(dir, "b", t.file),
          id: t.id,
          outPath: out,
          measureHeap: false,
          reference: false,
          abBase: { file: join(dir, "a", t.file), id: t.id, ...parseConfig(config) },
        };
        const started = Bun.nanoseconds();
        const done = Bun.spawnSync([values.binary, "__fork", JSON.stringify(request)]);
        const wallMs = (Bun.nanoseconds() - started) / 1e6;
        if (done.exitCode !== 0) throw new Error(`fork failed: ${done.stderr.toString()}`);
        const report = JSON.parse(readFileSync(out, "utf8"));
        if (!report.ok) throw new Error(`fork failed: ${JSON.stringify(report.error)}`);
        const ratios = report.versus.selfP50s.map((s: number, i: number) => s / report.versus.otherP50s[i]);
        const row: Row = { config, workload: t.workload, ratio: median(ratios), wallMs, roundRatios: ratios };
        appendFileSync(values.out, `${JSON.stringify(row)}\n`);
      }
    }
    process.stderr.write(`fork ${f + 1}/${values.forks}\n`);
  }
  summarise(
    readFileSync(values.out, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Row),
  );
}
