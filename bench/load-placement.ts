/**
 * Where should wrk and the server under test run on a 2-core machine? For each placement, three
 * servers (Bun.serve on 127.0.0.1, each its own process): "base" builds and serialises a JSON
 * document 10 times per request, "slow" 11 times (+10% work), "same" 10 times (an identical copy).
 * Each trial warms every server up with one discarded wrk run, then alternates wrk runs in pairs:
 * base/slow and base/same, order flipped every pair. It prints, per placement, the geometric mean
 * of the slow/base throughput ratios (should read about 1.10) and of same/base (should read 1), the
 * SD of a pair's log ratio, and the median throughput; and the same for the server's CPU time per
 * request (all its threads, from /proc/<pid>/task/<tid>/schedstat). It asserts nothing.
 *
 * Placements (Linux `taskset`, argument arrays):
 *   shared  nothing pinned: wrk and the servers share both cores
 *   split   servers on CPU 1, wrk on CPU 0
 *   split1  as split, with wrk's --threads 1
 *
 * Usage: bun bench/load-placement.ts [--trials 6] [--pairs 4] [--duration 1] [--placements shared,split,split1]
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { jsonServerSource, median, parseBenchArgs } from "./bench-common.ts";

const { values } = parseBenchArgs({
  trials: { type: "string", default: "6" },
  pairs: { type: "string", default: "4" },
  duration: { type: "string", default: "1" },
  connections: { type: "string", default: "4" },
  placements: { type: "string", default: "shared,split,split1" },
});

const WRK = ["/usr/bin/wrk", "/usr/local/bin/wrk"].find((p) => existsSync(p)) ?? "wrk";

function serverSource(work: number): string {
  return `${jsonServerSource(work)}console.log(server.port);
`;
}

interface Placement {
  readonly server: readonly string[];
  readonly wrk: readonly string[];
  readonly threads: number;
}

const PLACEMENTS: Record<string, Placement> = {
  shared: { server: [], wrk: [], threads: 2 },
  split: { server: ["taskset", "-c", "1"], wrk: ["taskset", "-c", "0"], threads: 2 },
  split1: { server: ["taskset", "-c", "1"], wrk: ["taskset", "-c", "0"], threads: 1 },
};

const bun = process.execPath;

async function startServer(work: number, prefix: readonly string[]) {
  const child = Bun.spawn([...prefix, bun, "-e", serverSource(work)], { stdout: "pipe", stderr: "inherit" });
  const reader = child.stdout.getReader();
  const { value } = await reader.read();
  const port = Number(new TextDecoder().decode(value).trim());
  if (!(port > 0)) throw new Error("server did not print its port");
  return { child, pid: child.pid, url: `http://127.0.0.1:${port}/doc` };
}

/** CPU time (ns) of every thread of process `pid` so far, from /proc/<pid>/task/<tid>/schedstat. */
function cpuNsOf(pid: number): number {
  let total = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    total += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ")[0]);
  }
  return total;
}

/** One wrk run: requests per second, and the server's CPU time per request (ns). */
async function wrkRun(placement: Placement, server: { url: string; pid: number }) {
  const before = cpuNsOf(server.pid);
  const rps = await wrkRps(placement, server.url);
  const cpuNs = cpuNsOf(server.pid) - before;
  return { rps, cpuPerRequest: cpuNs / (rps * Number(values.duration)) };
}

async function wrkRps(placement: Placement, url: string): Promise<number> {
  const argv = [
    ...placement.wrk,
    WRK,
    "--threads",
    String(placement.threads),
    "--connections",
    values.connections!,
    "--duration",
    `${values.duration}s`,
    url,
  ];
  const proc = Bun.spawn(argv, { stdout: "pipe", stderr: "pipe" });
  const text = await new Response(proc.stdout).text();
  await proc.exited;
  const m = /Requests\/sec:\s+([\d.]+)/.exec(text);
  if (!m) throw new Error(`wrk printed no Requests/sec: ${text}`);
  return Number(m[1]);
}

const logs = (xs: readonly number[]) => xs.map(Math.log);
const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: readonly number[]) => {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
};
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

const rows: string[] = [
  "| placement | slow/base (geo mean) | same/base (geo mean) | SD of a pair's log ratio, slow / same | server CPU per request, slow/base / same/base | its SD, slow / same | median base rps |",
  "| --- | --- | --- | --- | --- | --- | --- |",
];
const names = values.placements!.split(",");
const collected: Record<string, Record<"slow" | "same" | "slowCpu" | "sameCpu" | "base", number[]>> = {};
for (const name of names) collected[name] = { slow: [], same: [], slowCpu: [], sameCpu: [], base: [] };
for (let trial = 0; trial < Number(values.trials); trial++) {
  for (const name of names) {
    const placement = PLACEMENTS[name];
    if (!placement) throw new Error(`--placements: unknown placement "${name}" (expected shared, split or split1)`);
    const servers = {
      base: await startServer(10, placement.server),
      slow: await startServer(11, placement.server),
      same: await startServer(10, placement.server),
    };
    try {
      for (const s of Object.values(servers)) await wrkRun(placement, s);
      for (let pair = 0; pair < Number(values.pairs); pair++) {
        for (const other of ["slow", "same"] as const) {
          const order = pair % 2 === 0 ? (["base", other] as const) : ([other, "base"] as const);
          const runs: Record<string, { rps: number; cpuPerRequest: number }> = {};
          for (const side of order) runs[side] = await wrkRun(placement, servers[side]);
          // Throughput falls as work grows: base/other is the time ratio, about 1.10 for "slow".
          collected[name]![other].push(runs.base!.rps / runs[other]!.rps);
          collected[name]![`${other}Cpu`].push(runs[other]!.cpuPerRequest / runs.base!.cpuPerRequest);
          if (other === "slow") collected[name]!.base.push(runs.base!.rps);
        }
      }
    } finally {
      for (const s of Object.values(servers)) s.child.kill();
    }
    console.error(`trial ${trial + 1} ${name} done`);
  }
}
for (const name of names) {
  const c = collected[name]!;
  rows.push(
    `| ${name} | ${Math.exp(mean(logs(c.slow))).toFixed(3)} | ${Math.exp(mean(logs(c.same))).toFixed(3)} | ${pct(sd(logs(c.slow)))} / ${pct(sd(logs(c.same)))} | ${Math.exp(mean(logs(c.slowCpu))).toFixed(3)} / ${Math.exp(mean(logs(c.sameCpu))).toFixed(3)} | ${pct(sd(logs(c.slowCpu)))} / ${pct(sd(logs(c.sameCpu)))} | ${Math.round(median(c.base))} |`,
  );
}
console.log(rows.join("\n"));
