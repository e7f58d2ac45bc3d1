/**
 * The history store at scale: 1,000 specs × 2,000 runs recorded in SQLite through the store fxperf
 * uses (bun:sqlite, one transaction per run), then what reading costs: one spec's series, every
 * spec's (the last 100 runs each, change points included), and the file's size per run.
 * Targets (issue 22): recording one run under 200 ms; one spec under 300 ms; all specs under 5 s.
 * Prints figures, asserts nothing.
 *
 * Usage: bun bench/history-scale.ts [--specs 1000] [--runs 2000]
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildSeries } from "../src/history/series.ts";
import { openHistory } from "../src/history/store.ts";
import { createBunRuntime } from "../src/runtime/bun-runtime.ts";
import { median, parseBenchArgs } from "./bench-common.ts";

const { values } = parseBenchArgs({
  specs: { type: "string", default: "1000" },
  runs: { type: "string", default: "2000" },
});
const specCount = Number(values.specs);
const runCount = Number(values.runs);
const runtime = createBunRuntime();
const dir = mkdtempSync(join(tmpdir(), "fxperf-history-scale-"));
const path = join(dir, "history.sqlite");
const ms = (start: number) => (Bun.nanoseconds() - start) / 1e6;

try {
  const store = await openHistory(runtime, { kind: "sqlite", path });
  const ids = Array.from({ length: specCount }, (_, i) => `suite ${Math.floor(i / 50)} > spec ${i}`);
  const recordMs: number[] = [];
  const started = Bun.nanoseconds();
  for (let run = 0; run < runCount; run++) {
    const level = run < runCount / 2 ? 1000 : 1100;
    const results = ids.map((specId, i) => {
      const forks = Array.from({ length: 6 }, (_, f) => level + ((i * 7 + f * 13 + run) % 40));
      return {
        specId,
        kind: "micro" as const,
        status: "PASS",
        valueNs: forks[0]!,
        p50Ns: forks[1]!,
        p99Ns: forks[2]! * 2,
        rps: null,
        forkP50sNs: forks,
        ratio: 1.01,
        ratioLow: 0.99,
        ratioHigh: 1.03,
      };
    });
    const t = Bun.nanoseconds();
    await store.record(
      {
        command: "run",
        recordedAt: new Date(Date.UTC(2026, 0, 1) + run * 60_000).toISOString(),
        commit: run.toString(16).padStart(40, "0"),
        branch: "main",
        baseCommit: null,
        fingerprint: "bench-machine",
        fingerprintJson: "{}",
        fxperfVersion: "bench",
        runtime: "bun",
      },
      results,
    );
    recordMs.push(ms(t));
    if ((run + 1) % 250 === 0)
      process.stderr.write(`recorded ${run + 1} runs in ${(ms(started) / 1000).toFixed(0)} s\n`);
  }
  const filter = { command: "run" as const, fingerprint: "bench-machine", branch: "main", since: undefined };
  const oneMs: number[] = [];
  const allMs: number[] = [];
  let changePoints = 0;
  for (let i = 0; i < 5; i++) {
    let t = Bun.nanoseconds();
    const one = await store.series({ ...filter, specIds: [ids[123]!], last: 100 });
    buildSeries(one, { last: 100, pValue: 0.001, minChange: 0.02 });
    oneMs.push(ms(t));
    t = Bun.nanoseconds();
    const all = await store.series({ ...filter, specIds: undefined, last: 100 });
    changePoints = buildSeries(all, { last: 100, pValue: 0.001, minChange: 0.02 }).reduce(
      (n, s) => n + s.changePoints.length,
      0,
    );
    allMs.push(ms(t));
  }
  await store.close();
  const bytes = statSync(path).size;
  const sorted = [...recordMs].sort((a, b) => a - b);
  console.log(`${specCount} specs × ${runCount} runs, SQLite (bun:sqlite, WAL), one transaction per run\n`);
  console.log("| measure | result | target |");
  console.log("| --- | --- | --- |");
  console.log(
    `| record one run (${specCount} specs): median / p95 / slowest | ${median(recordMs).toFixed(0)} / ${sorted[Math.floor(sorted.length * 0.95)]!.toFixed(0)} / ${sorted.at(-1)!.toFixed(0)} ms | < 200 ms |`,
  );
  console.log(
    `| history of one spec (last 100 runs, change points), median of 5 | ${median(oneMs).toFixed(0)} ms | < 300 ms |`,
  );
  console.log(
    `| history of all ${specCount} specs (last 100 runs each), median of 5 | ${(median(allMs) / 1000).toFixed(2)} s (${changePoints} change points) | < 5 s |`,
  );
  console.log(
    `| file size | ${(bytes / 1e6).toFixed(0)} MB, ${(bytes / runCount / 1024).toFixed(0)} KiB per run | (reported) |`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
