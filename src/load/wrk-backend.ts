/**
 * The wrk backend: writes the generated Lua script, spawns wrk through the
 * runtime, stops it with SIGINT (so it still prints its report) on a deadline
 * or an interrupt, and turns its output into a LoadResult, or a LoadError that
 * carries wrk's output. Never a silent zero.
 */
import { join } from "node:path";
import type { Runtime } from "../runtime/runtime.ts";
import { type LoadBackend, LoadError, type LoadRequest, type LoadResult, computeErrorRate } from "./load-result.ts";
import { parseWrkOutput } from "./parse-wrk-output.ts";
import { buildWrkArgs } from "./wrk-args.ts";
import { parseReporterLine, REPORT_MARKER, renderWrkScript } from "./wrk-script.ts";

/** Extra time wrk gets beyond its duration before fxperf stops it (FXPERF_WRK_GRACE overrides). */
export const DEFAULT_GRACE_S = 10;
/** How long wrk gets to print its report after SIGINT before SIGKILL. */
const KILL_AFTER_MS = 3000;
/** After SIGKILL, how long to wait for wrk's output pipes (a grandchild outside its group may hold them). */
const PIPE_GRACE_MS = 2000;
/** A run shorter than this share of the duration asked for was stopped early. */
const MIN_RUNTIME_SHARE = 0.9;

type Io = Pick<Runtime, "spawn" | "stat" | "makeTempDir" | "writeTextFileAtomic" | "remove" | "which">;

/**
 * Creates a backend that runs the wrk at `wrkPath`; `log` receives wrk's output live when a request
 * is verbose. `prefix` goes before wrk's command line (`taskset -c 0` in `ab`: placement.ts).
 */
export function createWrkBackend(
  io: Io,
  wrkPath: string,
  log: (text: string) => void,
  graceS = DEFAULT_GRACE_S,
  prefix: readonly string[] = [],
): LoadBackend {
  return {
    name: "wrk",
    async run(request, signal) {
      if (request.script !== undefined && (await io.stat(request.script)) !== "file") {
        // wrk itself would fall back to a plain GET and exit 0.
        throw new LoadError(`Lua script "${request.script}" does not exist`, "");
      }
      const tempDir = request.script === undefined ? await io.makeTempDir("fxperf-wrk-") : undefined;
      try {
        const script = tempDir ? join(tempDir, "request.lua") : request.script!;
        if (tempDir) await io.writeTextFileAtomic(script, renderWrkScript(request));
        const command = { prefix, wrkPath };
        return await runWrk(io, command, request, script, tempDir !== undefined, signal, log, graceS);
      } finally {
        if (tempDir) await io.remove(tempDir);
      }
    },
  };
}

async function runWrk(
  io: Io,
  command: { readonly prefix: readonly string[]; readonly wrkPath: string },
  request: LoadRequest,
  script: string,
  generated: boolean,
  signal: AbortSignal,
  log: (text: string) => void,
  graceS: number,
): Promise<LoadResult> {
  // wrk's stdout is block-buffered into a pipe, so its header would only show at the end; with
  // --verbose, coreutils' stdbuf (where present) makes it line-buffered so it streams.
  const stdbuf = request.verbose ? io.which("stdbuf") : undefined;
  const argv = [
    ...command.prefix,
    ...(stdbuf ? [stdbuf, "-oL"] : []),
    command.wrkPath,
    ...buildWrkArgs(request, script),
  ];
  // The reporter's JSON line is for fxperf, not for the person watching --verbose.
  const show = (chunk: string) =>
    log(
      chunk
        .split("\n")
        .filter((line) => !line.startsWith(REPORT_MARKER))
        .join("\n"),
    );
  // Its own process group: a wrapper (FXPERF_WRK) and anything it started are stopped together.
  const child = io.spawn(argv, { onStdout: request.verbose ? show : undefined, processGroup: true });
  let stoppedBy: "deadline" | "interrupt" | undefined;
  // Once wrk is stopped it gets a moment to print and close its pipes, never longer: a process
  // outside its group may hold them open.
  let giveUp: (() => void) | undefined;
  const abandoned = new Promise<Awaited<typeof child.done>>((resolve) => {
    giveUp = () =>
      setTimeout(
        () => resolve({ exitCode: null, signal: "SIGKILL", stdout: "", stderr: "" }),
        KILL_AFTER_MS + PIPE_GRACE_MS,
      ).unref?.();
  });
  const stop = (why: "deadline" | "interrupt") => {
    if (stoppedBy === undefined) giveUp?.();
    stoppedBy ??= why;
    child.kill("SIGINT");
    setTimeout(() => child.kill("SIGKILL"), KILL_AFTER_MS).unref?.();
  };
  const deadline = setTimeout(() => stop("deadline"), (request.durationS + graceS) * 1000);
  const onAbort = () => stop("interrupt");
  signal.addEventListener("abort", onAbort, { once: true });
  if (signal.aborted) onAbort();
  const { exitCode, stdout, stderr } = await Promise.race([child.done, abandoned]).finally(() => {
    clearTimeout(deadline);
    signal.removeEventListener("abort", onAbort);
  });
  const output = [stdout.trim(), stderr.trim() && `stderr:\n${stderr.trim()}`].filter(Boolean).join("\n");

  if (stoppedBy === "interrupt") throw new LoadError("interrupted: wrk was stopped with SIGINT", output);
  if (stoppedBy === "deadline")
    throw new LoadError(
      `wrk did not finish within ${request.durationS + graceS} s (duration ${request.durationS} s plus ${graceS} s grace); it was stopped`,
      output,
    );
  const firstError = stderr.trim().split("\n")[0];
  if (/unable to connect/i.test(stderr))
    throw new LoadError(`wrk could not connect to "${request.url}": ${firstError}`, output);
  if (stderr.trim() !== "") throw new LoadError(`wrk wrote to stderr: ${firstError}`, output);
  if (exitCode !== 0)
    throw new LoadError(
      `wrk exited with ${exitCode}${/^Usage:/m.test(stdout) ? " and printed its usage: it rejected the arguments" : ""}`,
      output,
    );

  const parsed = parseWrkOutput(stdout);
  if (!parsed.ok) throw new LoadError(`wrk's output does not parse: ${parsed.problem}`, output);
  const report = parsed.report;
  const exact = generated ? parseReporterLine(stdout) : undefined;
  let result: LoadResult;
  if (exact) {
    result = { ...exact, source: "lua", output };
  } else {
    const errors = { ...report.socketErrors, status: report.non2xx3xx };
    const timedOutAll = report.requests - errors.timeout <= 0;
    const us = (value: number | undefined) => (value === undefined || timedOutAll ? Number.NaN : value * 1e3);
    result = {
      requests: report.requests,
      durationNs: report.runtimeUs * 1e3,
      bytesRead: report.bytesRead,
      rps: report.rps,
      transferBytesPerSec: report.transferBytesPerSec,
      latencyNs: {
        avg: us(report.latency?.avgUs),
        stdev: us(report.latency?.stdevUs),
        max: us(report.latency?.maxUs),
        p50: us(report.percentilesUs?.["50"]),
        p75: us(report.percentilesUs?.["75"]),
        p90: us(report.percentilesUs?.["90"]),
        p99: us(report.percentilesUs?.["99"]),
      },
      errors,
      errorRate: computeErrorRate(report.requests, errors),
      source: "stdout",
      output,
    };
  }
  // wrk stopped from outside (a signal someone else sent) still prints a report and exits 0: a run
  // much shorter than asked for is not the spec's load test.
  if (result.durationNs < request.durationS * 1e9 * MIN_RUNTIME_SHARE) {
    throw new LoadError(
      `wrk ran for ${(result.durationNs / 1e9).toFixed(2)} s of the ${request.durationS} s asked and exited ${exitCode}: it was stopped early (by a signal from outside fxperf?), so its figures do not stand for the spec`,
      output,
    );
  }
  if (result.requests === 0) {
    const e = result.errors;
    throw new LoadError(
      `no request to "${request.url}" completed in ${request.durationS} s (socket errors: connect ${e.connect}, read ${e.read}, write ${e.write}, timeout ${e.timeout})`,
      output,
    );
  }
  return result;
}
