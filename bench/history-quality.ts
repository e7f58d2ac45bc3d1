/**
 * Change-point quality on series recorded on this machine: `--runs` runs of three specs (a numeric
 * loop, JSON.parse of a small document, a sort) recorded with `fxperf run --history` through the
 * compiled binary; then, at every position from run 10 to the last 10, a step of 2%, 5% or 10% is
 * injected (the later runs multiplied) and `fxperf history`'s detector runs at its defaults. A step
 * is detected when a change point lands within 2 runs of it; every other change point is false.
 * The untouched series give the false change points of a steady spec. Prints figures, asserts nothing.
 *
 * Usage: npm run build && bun bench/history-quality.ts [--binary dist/fxperf] [--runs 60]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { findChangePoints } from "../src/history/change-points.ts";
import { openHistory } from "../src/history/store.ts";
import { createBunRuntime } from "../src/runtime/bun-runtime.ts";
import { parseBenchArgs } from "./bench-common.ts";

const root = join(import.meta.dir, "..");
const { values } = parseBenchArgs({
  binary: { type: "string", default: join(root, "dist", "fxperf") },
  runs: { type: "string", default: "60" },
});
const binary = resolve(values.binary!);
const runs = Number(values.runs);

const SPEC = `import { describePerf, itPerf } from "fxperf";
const doc = JSON.stringify({ items: Array.from({ length: 50 }, (_, i) => ({ id: i, name: "item " + i, tags: ["a", "b"] })) });
const numbers = Array.from({ length: 2000 }, (_, i) => (i * 7919) % 2003);
describePerf("q", () => {
  itPerf("loop", () => { let x = 0; for (let i = 0; i < 3000; i++) x += Math.sqrt(i); return x; });
  itPerf("json", () => JSON.parse(doc));
  itPerf("sort", () => [...numbers].sort((a, b) => a - b));
});
`;

const dir = mkdtempSync(join(tmpdir(), "fxperf-history-quality-"));
try {
  mkdirSync(join(dir, "spec"));
  writeFileSync(join(dir, "spec", "q.perf.ts"), SPEC);
  for (let i = 0; i < runs; i++) {
    const done = Bun.spawnSync([binary, "run", "spec", "--forks", "2", "--history=h.sqlite"], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: "1" },
    });
    if (done.exitCode !== 0) throw new Error(`run ${i + 1} exited ${done.exitCode}: ${done.stderr}`);
    if ((i + 1) % 10 === 0) process.stderr.write(`recorded ${i + 1} runs\n`);
  }
  const store = await openHistory(createBunRuntime(), { kind: "sqlite", path: join(dir, "h.sqlite") });
  const slug =
    Bun.spawnSync([binary, "fingerprint"], { cwd: dir })
      .stdout.toString()
      .match(/[a-z0-9-]+-bun\d+/)?.[0] ?? "";
  const points = await store.series({
    command: "run",
    fingerprint: slug,
    branch: undefined,
    since: undefined,
    specIds: undefined,
  });
  await store.close();
  const series = new Map<string, number[]>();
  for (const p of points) if (p.valueNs) series.set(p.specId, [...(series.get(p.specId) ?? []), p.valueNs]);

  console.log(`${series.size} specs × ${runs} runs recorded on this machine; defaults p < 0.001, min change 2%\n`);
  console.log(
    "| spec | spread (sd / mean) | false change points, untouched (per 100 runs) | step | detected | false change points per 100 runs |",
  );
  console.log("| --- | --- | --- | --- | --- | --- |");
  for (const [id, xs] of series) {
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1));
    const untouched = findChangePoints(xs).length;
    for (const step of [0.02, 0.05, 0.1]) {
      let trials = 0;
      let hits = 0;
      let falses = 0;
      for (let at = 10; at <= xs.length - 10; at++) {
        const stepped = xs.map((x, i) => (i >= at ? x * (1 + step) : x));
        const found = findChangePoints(stepped);
        trials++;
        if (found.some((c) => Math.abs(c.index - at) <= 2)) hits++;
        falses += found.filter((c) => Math.abs(c.index - at) > 2).length;
      }
      console.log(
        `| ${id} | ${((100 * sd) / mean).toFixed(1)}% | ${((100 * untouched) / xs.length).toFixed(1)} | +${step * 100}% | ${((100 * hits) / trials).toFixed(0)}% (${hits}/${trials}) | ${((100 * falses) / (trials * xs.length)).toFixed(2)} |`,
      );
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
