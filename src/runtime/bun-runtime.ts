/**
 * The Bun implementation of {@link Runtime}.
 */
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { heapStats } from "bun:jsc";
import { Database } from "bun:sqlite";
import { pathToFileURL } from "node:url";
import { createNodeCommon, probeHostFacts, readStreamText } from "./node-common.ts";
import { killWatchedGroups, reapGroupOf, routeStdoutToStderr, withLibc } from "./processes.ts";
import type { Runtime } from "./runtime.ts";
import { type BunSqlLike, wrapBunPostgres, wrapSqlite } from "./sql.ts";

/** process.exit as it was at start-up: guardExit() may have replaced the global. */
const realExit: (code?: number) => never = process.exit.bind(process);

function stream(fd: NodeJS.WriteStream): Runtime["stdout"] {
  // Bound now: redirectStdoutToStderr() replaces process.stdout.write while spec code runs.
  const write = fd.write.bind(fd);
  return {
    write: (text) => void write(text),
    get isTTY() {
      return fd.isTTY === true;
    },
    get columns() {
      return fd.columns;
    },
  };
}

/** Runs a command (argument array, no shell) and returns its stdout, or undefined when it fails. */
function commandOutput(argv: string[], cwd?: string): string | undefined {
  try {
    const result = Bun.spawnSync(argv, { cwd, stdout: "pipe", stderr: "ignore", stdin: "ignore" });
    return result.exitCode === 0 ? result.stdout.toString() : undefined;
  } catch {
    return undefined;
  }
}

/** Creates the Bun runtime for this process. */
export function createBunRuntime(): Runtime {
  return {
    ...createNodeCommon("bun", Bun.version, commandOutput),
    name: "bun",
    version: Bun.version,
    env: { ...process.env },
    args: process.argv.slice(2),
    stdout: stream(process.stdout),
    stderr: stream(process.stderr),
    redirectStdoutToStderr() {
      const undo = routeStdoutToStderr();
      const stdout = Bun.stdout;
      // Bun.write(Bun.stdout, ...) reads the property at each call.
      Object.assign(Bun, { stdout: Bun.stderr });
      return () => {
        Object.assign(Bun, { stdout });
        undo();
      };
    },
    cwd: () => process.cwd(),
    nowNs: () => Bun.nanoseconds(),
    nowIso: () => new Date().toISOString(),
    canGc: true,
    gc: () => Bun.gc(true),
    openSqlite: async (path) => {
      await mkdir(dirname(path), { recursive: true });
      return wrapSqlite(new Database(path, { create: true, strict: false }));
    },
    async openPostgres(url) {
      const sql = new Bun.SQL(url, { max: 1, connectionTimeout: 10 });
      // Connect now, so an unreachable server or refused credentials show here, not at the first write.
      await sql.unsafe("SELECT 1");
      return wrapBunPostgres(sql as unknown as BunSqlLike);
    },
    heapBytes: () => heapStats().heapSize,
    spawn(argv, options = {}) {
      const child = Bun.spawn([...argv], {
        cwd: options.cwd,
        stdout: "pipe",
        stderr: "pipe",
        stdin: options.stdin === "pipe" ? "pipe" : "ignore",
        env: options.env ? { ...process.env, ...options.env } : process.env,
        detached: options.processGroup === true,
      });
      const killGroup = options.reapGroup ? reapGroupOf(child.pid, child.exited) : undefined;
      const done = Promise.all([
        readStreamText(child.stdout, options.onStdout, options.keepOutputChars),
        readStreamText(child.stderr, undefined, options.keepOutputChars),
        child.exited,
      ]).then(([stdout, stderr]) => ({
        exitCode: child.exitCode,
        signal: child.signalCode === null ? null : String(child.signalCode),
        stdout,
        stderr,
      }));
      const kill = (signal: "SIGINT" | "SIGTERM" | "SIGKILL") => {
        killGroup?.(signal);
        if (options.processGroup && child.exitCode === null) {
          try {
            return void process.kill(-child.pid, signal);
          } catch {
            // The group is gone: fall back to the child itself.
          }
        }
        child.kill(signal);
      };
      const closeStdin = () => {
        const stdin = child.stdin as { end(): unknown } | number | undefined | null;
        if (stdin && typeof stdin === "object") {
          try {
            stdin.end();
          } catch {
            // Already closed: the process exited.
          }
        }
      };
      return { done, kill, closeStdin };
    },
    which: (command) => Bun.which(command) ?? undefined,
    async stdinClosed() {
      await readStreamText(Bun.stdin.stream());
    },
    selfCommand() {
      // A compiled binary runs its entry from Bun's embedded file system; from source, bun needs the script.
      return Bun.main.startsWith("/$bunfs/") || Bun.main.startsWith("B:\\~BUN")
        ? [process.execPath]
        : [process.execPath, Bun.main];
    },
    async spawnSelf(args) {
      const self = this.selfCommand();
      const child = Bun.spawn([...self, ...args], {
        stdout: "pipe",
        stderr: "inherit",
        stdin: "ignore",
        env: process.env,
      });
      const [stdout, exitCode] = await Promise.all([new Response(child.stdout).text(), child.exited]);
      return { exitCode, stdout };
    },
    registerSpecModule(exports) {
      Bun.plugin({
        name: "fxperf-spec-module",
        setup(build) {
          build.module("fxperf", () => ({ exports, loader: "object" }));
        },
      });
    },
    async importSpecFile(path) {
      await import(pathToFileURL(path).href);
    },
    importModule: (path) => import(pathToFileURL(path).href),
    probeHost: () => probeHostFacts(process.execArgv, { ...process.env }),
    onInterrupt(handler) {
      const onInt = () => handler("SIGINT");
      const onTerm = () => handler("SIGTERM");
      // A closed terminal or SSH session (SIGHUP) stops the run as SIGTERM does, cleaning up.
      process.on("SIGINT", onInt);
      process.on("SIGTERM", onTerm);
      process.on("SIGHUP", onTerm);
      return () => {
        process.off("SIGINT", onInt);
        process.off("SIGTERM", onTerm);
        process.off("SIGHUP", onTerm);
      };
    },
    async leadProcessGroup() {
      const { dlopen } = await import("bun:ffi");
      withLibc(process.platform, (library) => {
        const libc = dlopen(library, { setpgid: { args: ["i32", "i32"], returns: "i32" } });
        libc.symbols.setpgid(0, 0);
        libc.close();
      });
    },
    async exit(code) {
      killWatchedGroups();
      // Flush both streams first so nothing written is lost.
      await Promise.all([
        new Promise((resolve) => process.stdout.write("", resolve)),
        new Promise((resolve) => process.stderr.write("", resolve)),
      ]);
      realExit(code);
    },
  };
}
