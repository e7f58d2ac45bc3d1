/** Runs fxperf (from source or a compiled binary) as a real subprocess, for integration and e2e tests. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The repository root. */
export const ROOT = join(import.meta.dir, "..");
/** Fixture spec directories. */
export const SPECS = join(ROOT, "tests", "fixtures", "specs");

/** What a finished run printed and how it exited. */
export interface CliRun {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

// A HOME of the tests' own, so no profile in the real user directory can change a verdict.
const TEST_HOME = mkdtempSync(join(tmpdir(), "fxperf-test-home-"));

/** Runs `command` with `args` in `cwd`, colour off unless `env` says otherwise. */
export async function runProcess(
  command: string[],
  cwd: string,
  env: Record<string, string | undefined> = {},
): Promise<CliRun> {
  const proc = Bun.spawn(command, {
    cwd,
    env: { PATH: process.env.PATH, HOME: TEST_HOME, NO_COLOR: "1", ...env },
    stdout: "pipe",
    stderr: "pipe",
  });
  const [stdout, stderr, exitCode] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  return { exitCode, stdout, stderr };
}

/** Runs `bun src/main.ts ...args` from the repository root. */
export function runFxperf(args: string[], env: Record<string, string | undefined> = {}, cwd = ROOT): Promise<CliRun> {
  return runProcess([process.execPath, join(ROOT, "src", "main.ts"), ...args], cwd, env);
}

let built: Promise<void> | undefined;

/** Builds dist/fxperf once per test process. */
export function buildBinary(): Promise<void> {
  built ??= runProcess([process.execPath, join(ROOT, "build.ts")], ROOT).then((build) => {
    if (build.exitCode !== 0) throw new Error(`build failed:\n${build.stdout}\n${build.stderr}`);
  });
  return built;
}

/** Starts `bun src/main.ts ...args` without waiting, for tests that signal it mid-run. */
export function spawnFxperf(args: string[], env: Record<string, string | undefined> = {}) {
  return Bun.spawn([process.execPath, join(ROOT, "src", "main.ts"), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: TEST_HOME, NO_COLOR: "1", ...env },
    stdout: "pipe",
    stderr: "pipe",
  });
}

/** Reads a stream until `text` has appeared (or it ends); returns what was read. */
export async function readUntil(stream: ReadableStream<Uint8Array>, text: string): Promise<string> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let seen = "";
  while (!seen.includes(text)) {
    const { value, done } = await reader.read();
    if (done) break;
    seen += decoder.decode(value, { stream: true });
  }
  reader.releaseLock();
  return seen;
}
