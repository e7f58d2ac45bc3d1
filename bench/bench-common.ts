/**
 * What the benchmark scripts share: their command line (with the `--fxperf-args "..."` value that
 * node:util's parseArgs would refuse), git with argument arrays, one `fxperf ab` run read back from
 * its JSON report, and a median.
 */
import { existsSync, readFileSync, rmSync } from "node:fs";
import { type ParseArgsConfig, parseArgs } from "node:util";

/**
 * Parses this script's arguments. "--fxperf-args --forks 4" is joined into
 * "--fxperf-args=--forks 4" first: parseArgs refuses a value that starts with a dash.
 */
export function parseBenchArgs<O extends NonNullable<ParseArgsConfig["options"]>>(
  options: O,
  allowPositionals = false,
) {
  const argv = process.argv.slice(2);
  const at = argv.indexOf("--fxperf-args");
  if (at >= 0 && at + 1 < argv.length) argv.splice(at, 2, `--fxperf-args=${argv[at + 1]}`);
  return parseArgs({ args: argv, options, allowPositionals });
}

/** The `--fxperf-args` value as an argument array. */
export function splitArgs(text: string | undefined): string[] {
  return (text ?? "").split(" ").filter((a) => a !== "");
}

/** Runs git in `cwd` with a fixed identity; throws with its output when it fails. */
export function git(cwd: string, ...args: string[]): void {
  const done = Bun.spawnSync(["git", "-c", "user.name=bench", "-c", "user.email=bench@localhost", ...args], { cwd });
  if (done.exitCode !== 0) throw new Error(`git ${args.join(" ")} failed in ${cwd}: ${done.stderr.toString()}`);
}

/**
 * Source of a Bun.serve server on 127.0.0.1 (port 0, in `server`) whose handler builds and
 * serialises a small JSON document `work` times per request: the load benchmarks' unit of work.
 */
export function jsonServerSource(work: number): string {
  return `const WORK = ${work};
function handle() {
  let body = "";
  for (let i = 0; i < WORK; i++) {
    const doc = { id: i, items: Array.from({ length: 20 }, (_, k) => ({ k, name: "item-" + k, ok: k % 3 === 0 })) };
    body = JSON.stringify(doc);
  }
  return new Response(body, { headers: { "content-type": "application/json" } });
}
const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: handle });
`;
}

/** The median of `values` (NaN when empty): fxperf's own. */
export { median } from "../src/micro/stats.ts";

/** One spec of an `fxperf ab` JSON report, as the benchmarks read it. */
export interface AbReportSpec {
  id: string;
  status: string;
  pairs: number;
  elapsedNs: number;
  change: {
    ratio: number | null;
    low: number | null;
    high: number | null;
    method?: string;
    pairRatios?: number[];
  } | null;
  base: { valuesNs: (number | null)[] } | null;
  head: { valuesNs: (number | null)[] } | null;
}

/** Runs `binary ab spec --base HEAD~1 ...extraArgs` in `dir`; returns its exit code, wall time and report's specs. */
export async function runAb(binary: string, dir: string, reportFile: string, extraArgs: readonly string[]) {
  const start = Bun.nanoseconds();
  const proc = Bun.spawn([binary, "ab", "spec", "--base", "HEAD~1", "--reporter", `json=${reportFile}`, ...extraArgs], {
    cwd: dir,
    stdout: "ignore",
    stderr: "pipe",
  });
  const [stderr, exitCode] = await Promise.all([new Response(proc.stderr).text(), proc.exited]);
  const wallMs = (Bun.nanoseconds() - start) / 1e6;
  if (!existsSync(reportFile)) throw new Error(`fxperf ab wrote no report (exit ${exitCode}):\n${stderr}`);
  const report = JSON.parse(readFileSync(reportFile, "utf8")) as { specs: AbReportSpec[] };
  rmSync(reportFile);
  return { exitCode, wallMs, specs: report.specs };
}
