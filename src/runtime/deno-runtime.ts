/**
 * The Deno implementation of {@link Runtime}: files and OS facts through node:*
 * modules (shared with Bun), processes through Deno.Command, signals through
 * Deno.addSignalListener, the collector through V8's gc (`--v8-flags=--expose-gc`).
 */
import { mkdir } from "node:fs/promises";
import { delimiter, dirname, join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { type SqliteLike, wrapSqlite } from "./sql.ts";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createNodeCommon, probeHostFacts, readStreamText } from "./node-common.ts";
import { killWatchedGroups, reapGroupOf, routeStdoutToStderr, withLibc } from "./processes.ts";
import type { ChildProcess, Runtime } from "./runtime.ts";

/** The part of Deno's API fxperf uses (declared here so the project type-checks without Deno's types). */
interface DenoApi {
  readonly version: { readonly deno: string };
  readonly args: string[];
  readonly env: { toObject(): Record<string, string> };
  readonly mainModule: string;
  readonly stdin: { readonly readable: ReadableStream<Uint8Array> };
  readonly stdout: { writeSync(bytes: Uint8Array): number; isTerminal(): boolean };
  readonly stderr: { writeSync(bytes: Uint8Array): number; isTerminal(): boolean };
  cwd(): string;
  execPath(): string;
  exit(code: number): never;
  consoleSize(): { columns: number; rows: number };
  memoryUsage(): { heapUsed: number; external: number };
  statSync(path: string): { isFile: boolean; mode: number | null };
  addSignalListener(signal: "SIGINT" | "SIGTERM" | "SIGHUP", handler: () => void): void;
  removeSignalListener(signal: "SIGINT" | "SIGTERM" | "SIGHUP", handler: () => void): void;
  kill(pid: number, signal: string): void;
  readonly build: { readonly os: string };
  dlopen(
    path: string,
    symbols: { setpgid: { parameters: ["i32", "i32"]; result: "i32" } },
  ): { symbols: { setpgid(pid: number, pgid: number): number }; close(): void };
  Command: new (
    command: string,
    options: {
      args?: string[];
      cwd?: string;
      env?: Record<string, string>;
      stdin?: "null" | "inherit" | "piped";
      stdout?: "piped" | "null" | "inherit";
      stderr?: "piped" | "null" | "inherit";
      detached?: boolean;
    },
  ) => {
    outputSync(): { code: number; stdout: Uint8Array };
    spawn(): {
      readonly pid: number;
      readonly stdin: WritableStream<Uint8Array> | null;
      readonly stdout: ReadableStream<Uint8Array>;
      readonly stderr: ReadableStream<Uint8Array>;
      readonly status: Promise<{ code: number; signal: string | null }>;
      kill(signal: string): void;
    };
  };
}

const Deno = (globalThis as unknown as { Deno: DenoApi }).Deno;
const encoder = new TextEncoder();
/** Deno.exit as it was at start-up: guardExit() may have replaced it. */
const realDenoExit = Deno.exit.bind(Deno);

function stream(target: DenoApi["stdout"]): Runtime["stdout"] {
  return {
    write(text) {
      // writeSync may write part of the buffer: loop until all of it is out, so output keeps its order.
      let bytes = encoder.encode(text);
      while (bytes.length > 0) bytes = bytes.subarray(target.writeSync(bytes));
    },
    get isTTY() {
      return target.isTerminal();
    },
    get columns() {
      try {
        return Deno.consoleSize().columns;
      } catch {
        return undefined;
      }
    },
  };
}

function commandOutput(argv: string[], cwd?: string): string | undefined {
  try {
    const result = new Deno.Command(argv[0]!, {
      args: argv.slice(1),
      cwd,
      stdin: "null",
      stdout: "piped",
      stderr: "null",
    }).outputSync();
    return result.code === 0 ? new TextDecoder().decode(result.stdout) : undefined;
  } catch {
    return undefined;
  }
}

/** True when this is a `deno compile`d fxperf rather than `deno run`. */
function isCompiled(): boolean {
  return !/^deno(\.exe)?$/i.test(Deno.execPath().split(/[\\/]/).pop() ?? "");
}

/** deno.json beside src/, which maps "fxperf" for spec files under `deno run`. */
const CONFIG = fileURLToPath(new URL("../../deno.json", import.meta.url));

/** Creates the Deno runtime for this process. */
export function createDenoRuntime(): Runtime {
  const gc = (globalThis as { gc?: () => void }).gc;
  const version = Deno.version.deno;
  const common = createNodeCommon("deno", version, commandOutput);
  return {
    ...common,
    name: "deno",
    version,
    env: Deno.env.toObject(),
    args: Deno.args,
    stdout: stream(Deno.stdout),
    stderr: stream(Deno.stderr),
    redirectStdoutToStderr() {
      const undo = routeStdoutToStderr();
      const stdout = Deno.stdout;
      // Deno.stdout.write(...) reads the property at each call; stream() above kept the real one.
      Object.assign(Deno, { stdout: Deno.stderr });
      return () => {
        Object.assign(Deno, { stdout });
        undo();
      };
    },
    cwd: () => Deno.cwd(),
    nowNs: () => performance.now() * 1e6,
    nowIso: () => new Date().toISOString(),
    canGc: typeof gc === "function",
    gc: () => gc?.(),
    openSqlite: async (path) => {
      await mkdir(dirname(path), { recursive: true });
      return wrapSqlite(new DatabaseSync(path) as unknown as SqliteLike);
    },
    openPostgres: async () => {
      throw new Error(
        "a PostgreSQL history needs fxperf's Bun build (the compiled binary); under Deno, use a SQLite file",
      );
    },
    heapBytes: () => {
      const usage = Deno.memoryUsage();
      // V8 keeps ArrayBuffer contents outside the JS heap ("external"); count both.
      return usage.heapUsed + usage.external;
    },
    spawn(argv, options = {}): ChildProcess {
      const child = new Deno.Command(argv[0]!, {
        args: argv.slice(1),
        cwd: options.cwd,
        ...(options.env ? { env: { ...options.env } } : {}),
        stdin: options.stdin === "pipe" ? "piped" : "null",
        stdout: "piped",
        stderr: "piped",
        detached: options.processGroup === true,
      }).spawn();
      const killGroup = options.reapGroup ? reapGroupOf(child.pid, child.status) : undefined;
      const done = Promise.all([
        readStreamText(child.stdout, options.onStdout, options.keepOutputChars),
        readStreamText(child.stderr, undefined, options.keepOutputChars),
        child.status,
      ]).then(([stdout, stderr, status]) => ({
        exitCode: status.signal ? null : status.code,
        signal: status.signal,
        stdout,
        stderr,
      }));
      return {
        done,
        kill: (signal) => {
          killGroup?.(signal);
          try {
            if (options.processGroup) Deno.kill(-child.pid, signal);
            else child.kill(signal);
          } catch {
            // Already exited.
          }
        },
        closeStdin: () => {
          child.stdin?.close().catch(() => {});
        },
      };
    },
    async stdinClosed() {
      await readStreamText(Deno.stdin.readable);
    },
    which(command) {
      for (const dir of (Deno.env.toObject().PATH ?? "").split(delimiter)) {
        if (!dir) continue;
        try {
          const info = Deno.statSync(join(dir, command));
          if (info.isFile && ((info.mode ?? 0o111) & 0o111) !== 0) return join(dir, command);
        } catch {
          // Not in this directory.
        }
      }
      return undefined;
    },
    selfCommand() {
      return isCompiled()
        ? [Deno.execPath()]
        : [Deno.execPath(), "run", "-A", "--v8-flags=--expose-gc", "--config", CONFIG, fileURLToPath(Deno.mainModule)];
    },
    async spawnSelf(args) {
      const self = this.selfCommand();
      const child = this.spawn([...self, ...args]);
      const { exitCode, stdout, stderr } = await child.done;
      // Pass the child's errors on, as Bun's inherited stderr does.
      if (stderr) this.stderr.write(stderr);
      return { exitCode: exitCode ?? 1, stdout };
    },
    registerSpecModule() {
      // Nothing to do: under `deno run --config deno.json`, the import map resolves "fxperf" in spec
      // files to src/index.ts, the very module main.ts loaded, so they share one DSL instance.
    },
    async importSpecFile(path) {
      await import(pathToFileURL(path).href);
    },
    importModule: (path) => import(pathToFileURL(path).href),
    probeHost: () => probeHostFacts([], Deno.env.toObject()),
    onInterrupt(handler) {
      const onInt = () => handler("SIGINT");
      const onTerm = () => handler("SIGTERM");
      // A closed terminal or SSH session (SIGHUP) stops the run as SIGTERM does, cleaning up.
      Deno.addSignalListener("SIGINT", onInt);
      Deno.addSignalListener("SIGTERM", onTerm);
      Deno.addSignalListener("SIGHUP", onTerm);
      return () => {
        Deno.removeSignalListener("SIGINT", onInt);
        Deno.removeSignalListener("SIGTERM", onTerm);
        Deno.removeSignalListener("SIGHUP", onTerm);
      };
    },
    guardExit() {
      const restoreNode = common.guardExit();
      const deno = Deno as { exit: (code?: number) => never };
      const saved = deno.exit;
      try {
        deno.exit = (code?: number) => {
          throw new Error(
            `Deno.exit(${code ?? ""}) was called: spec code must not end fxperf's process (throw an error to fail a spec)`,
          );
        };
      } catch {
        // The Deno namespace may be read-only: process.exit is still guarded.
      }
      return () => {
        restoreNode();
        try {
          deno.exit = saved;
        } catch {}
      };
    },
    async leadProcessGroup() {
      withLibc(Deno.build.os, (library) => {
        const libc = Deno.dlopen(library, { setpgid: { parameters: ["i32", "i32"], result: "i32" } });
        libc.symbols.setpgid(0, 0);
        libc.close();
      });
    },
    async exit(code) {
      killWatchedGroups();
      // Writes are synchronous here: nothing to flush.
      return realDenoExit(code);
    },
  };
}
