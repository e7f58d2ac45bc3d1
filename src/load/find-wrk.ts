/**
 * Finds wrk: FXPERF_WRK if set, else `wrk` on PATH, and checks that it runs.
 */
import type { Runtime } from "../runtime/runtime.ts";

/** wrk, found and runnable, or why not. */
export type WrkLookup = { ok: true; path: string; version: string } | { ok: false; problem: string };

/** How to get wrk, for the error message and `fxperf doctor`. */
export const WRK_INSTALL_HINT =
  'install wrk (Debian/Ubuntu: "apt-get install wrk"; macOS: "brew install wrk"; or build it from https://github.com/wg/wrk and put it on PATH), point FXPERF_WRK at the binary, or pass --skip-load (FXPERF_SKIP_LOAD=1) to report load specs as SKIP';

/** How long `wrk --version` may take before the program is taken not to be a working wrk. */
export const WRK_PROBE_TIMEOUT_MS = 5000;

/** Reads wrk's version line ("wrk 4.2.0 [epoll] Copyright ..."). */
export function parseWrkVersion(text: string): string | undefined {
  const match = /^wrk\s+(\S+)/m.exec(text);
  return match?.[1];
}

/** Looks wrk up (`configured`: FXPERF_WRK, from the settings) and runs `wrk --version` to prove it works. */
export async function findWrk(
  runtime: Pick<Runtime, "which" | "stat" | "spawn">,
  configured: string | undefined,
): Promise<WrkLookup> {
  const path = configured ? configured : runtime.which("wrk");
  if (!path) return { ok: false, problem: "wrk was not found on PATH" };
  if ((await runtime.stat(path)) !== "file") return { ok: false, problem: `FXPERF_WRK="${configured}" is not a file` };
  try {
    // wrk prints its version on stdout and exits 1. A wrapper that hangs (or forks a child that
    // keeps the pipe open) must not hang fxperf: the probe has a deadline, and the pipe is not
    // waited on past it.
    const child = runtime.spawn([path, "--version"], { processGroup: true });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), WRK_PROBE_TIMEOUT_MS);
    });
    const answered = await Promise.race([child.done, deadline]).finally(() => clearTimeout(timer));
    if (!answered) {
      child.kill("SIGKILL");
      return {
        ok: false,
        problem: `"${path}" did not answer "--version" within ${WRK_PROBE_TIMEOUT_MS / 1000} s (is it wrk?)`,
      };
    }
    const { stdout, stderr } = answered;
    const version = parseWrkVersion(stdout) ?? parseWrkVersion(stderr);
    if (!version)
      return { ok: false, problem: `"${path}" does not look like wrk: "${(stdout || stderr).trim().split("\n")[0]}"` };
    return { ok: true, path, version };
  } catch (error) {
    return { ok: false, problem: `"${path}" could not be run: ${(error as Error).message}` };
  }
}
