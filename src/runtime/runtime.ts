/**
 * The Runtime: everything fxperf needs from Bun or Deno, behind one interface.
 * Only src/runtime/ and src/main.ts touch runtime globals; every other module
 * receives a Runtime (or the few functions it needs) as a parameter.
 */
import type { HostFacts } from "../guard/evaluate-guard.ts";
import type { HardwareFacts } from "../hardware/fingerprint.ts";

/** Where a reporter (or any other output) writes: stdout, stderr, or a test's buffer. */
export interface OutputStream {
  write(text: string): void;
  /** True when the stream is an interactive terminal. */
  readonly isTTY: boolean;
  /** Terminal width, when known. */
  readonly columns: number | undefined;
}

/** A directory entry. */
export interface DirEntry {
  readonly name: string;
  /** What the entry itself is: a symbolic link is "symlink", whatever it points at. */
  readonly kind: "file" | "directory" | "symlink" | "other";
}

/** A running child process. */
export interface ChildProcess {
  /** Resolves when the process has exited, with everything it wrote. */
  readonly done: Promise<{
    readonly exitCode: number | null;
    readonly signal: string | null;
    readonly stdout: string;
    readonly stderr: string;
  }>;
  /** Sends a signal (SIGINT lets wrk print its report; SIGKILL when it will not stop), to the group when it leads one. */
  kill(signal: "SIGINT" | "SIGTERM" | "SIGKILL"): void;
  /** Closes the process's standard input (started with `stdin: "pipe"`): it reads end-of-file. */
  closeStdin(): void;
}

/** Process, clock, files, modules and signals of the runtime fxperf runs on. */
/** A value a SQL statement takes or returns. */
export type SqlValue = string | number | null;

/** A SQL database (the history store): SQLite or PostgreSQL, statements with $1-style parameters. */
export interface SqlConnection {
  readonly dialect: "sqlite" | "postgres";
  all(sql: string, params?: readonly SqlValue[]): Promise<Record<string, unknown>[]>;
  run(sql: string, params?: readonly SqlValue[]): Promise<void>;
  /** Runs `fn` in one transaction: all of what it writes is kept, or none. */
  transaction<T>(fn: (tx: SqlConnection) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface Runtime {
  readonly name: "bun" | "deno";
  readonly version: string;
  /** The process environment, read once at start-up. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Command-line arguments after the program name. */
  readonly args: readonly string[];
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  cwd(): string;
  /** Monotonic clock in nanoseconds. */
  nowNs(): number;
  /** CPU time this process has used (user + system), in nanoseconds; NaN where unknown. */
  cpuTimeNs(): number;
  /**
   * Starts the sampling CPU profiler (node:inspector's Profiler, which Bun and Deno both provide)
   * at `intervalUs`; the returned function stops it and resolves with the profile in Chrome
   * DevTools' format (unvalidated). Rejects where the runtime cannot profile.
   */
  startCpuProfile(intervalUs: number): Promise<() => Promise<unknown>>;
  /** Opens (creating it if missing) a SQLite database file through the runtime's own driver. */
  openSqlite(path: string): Promise<SqlConnection>;
  /** Connects to a PostgreSQL server; rejects where the runtime has no client (Deno). */
  openPostgres(url: string): Promise<SqlConnection>;
  /** Wall-clock time as an ISO 8601 string. */
  nowIso(): string;
  /** Whether gc() forces a real, synchronous collection. */
  readonly canGc: boolean;
  gc(): void;
  /** Live heap bytes as counted after the last collection. */
  heapBytes(): number;
  /** What is at `path`, or undefined when nothing is. */
  stat(path: string): Promise<"file" | "directory" | "other" | undefined>;
  readDir(path: string): Promise<DirEntry[]>;
  /**
   * Files matching a glob `pattern` (tinyglobby's syntax: `**`, `*`, `{a,b}`), relative to `cwd`,
   * as absolute paths; dot files and folders, and those matching `ignore`, left out.
   */
  glob(pattern: string, options: { readonly cwd: string; readonly ignore: readonly string[] }): Promise<string[]>;
  /** The canonical path of `path` (symbolic links resolved), or undefined when it does not resolve. */
  realPath(path: string): Promise<string | undefined>;
  /** Reads a UTF-8 file; rejects when it cannot. */
  readTextFile(path: string): Promise<string>;
  /**
   * Writes a UTF-8 file atomically: a temporary file beside it, then a rename, so
   * readers (and an interrupted run) see the old content or the new, never half.
   * Creates missing parent directories.
   */
  writeTextFileAtomic(path: string, text: string): Promise<void>;
  /**
   * Why files cannot be created in `dir` (or in the nearest existing directory above it, where
   * the missing ones would be created): the system's reason, or undefined when they can.
   */
  whyNotWritable(dir: string): Promise<string | undefined>;
  /** The user's home directory. */
  homeDir(): string;
  /** `process.platform` spelling: "linux", "darwin", "win32"... */
  readonly platform: string;
  /** Facts for the hardware fingerprint. */
  probeHardware(): Promise<HardwareFacts>;
  /**
   * Starts a program with an argument array (never a shell), in `cwd` when given. `onStdout` sees
   * output as it arrives. With `processGroup`, the program leads a process group of its own and
   * `kill()` signals the whole group, so children it started (a wrapper script's) go too. With
   * `stdin: "pipe"` its standard input stays open until `closeStdin()` (else it reads nothing).
   */
  spawn(
    argv: readonly string[],
    options?: {
      onStdout?: (chunk: string) => void;
      cwd?: string;
      processGroup?: boolean;
      /**
       * The child makes itself leader of a process group in fxperf's own session (it calls
       * leadProcessGroup(); setsid would move it to another scheduling autogroup and change what it
       * measures). `kill()` then signals that group too, and whatever the group holds when the
       * child exits, or when fxperf exits, is killed.
       */
      reapGroup?: boolean;
      stdin?: "pipe";
      /** Variables added to this process's environment for the child. */
      env?: Readonly<Record<string, string>>;
      /** Keep only the last this many characters of each output stream (`done`'s stdout and stderr). */
      keepOutputChars?: number;
    },
  ): ChildProcess;
  /**
   * Makes this process the leader of a new process group in its session (setpgid(0, 0)), so its
   * parent can kill it with everything it started. Does nothing where that is not possible.
   */
  leadProcessGroup(): Promise<void>;
  /**
   * Calls `handler` for an error no code caught: a promise rejected with no handler, or a throw in
   * a timer or callback (which would otherwise end the process, or pass unnoticed).
   */
  onUncaughtError(handler: (error: unknown, kind: "rejection" | "exception") => void): void;
  /** Resolves when this process's standard input reaches end-of-file (its parent closed it, or exited). */
  stdinClosed(): Promise<void>;
  /** The full path of `command` found on PATH, or undefined. */
  which(command: string): string | undefined;
  /** Creates a private temporary directory and returns its path. */
  makeTempDir(prefix: string): Promise<string>;
  /** Creates a symbolic link at `path` pointing to `target`. */
  symlink(target: string, path: string): Promise<void>;
  /** Removes a file or directory tree; missing is fine. */
  remove(path: string): Promise<void>;
  /** The argument vector that starts fxperf itself (the compiled binary, or the runtime with the entry script). */
  selfCommand(): readonly string[];
  /** Runs fxperf itself again (the compiled binary, or bun with the entry script) with `args`; resolves with its stdout and exit code. */
  spawnSelf(args: readonly string[]): Promise<{ exitCode: number; stdout: string }>;
  /** The git commit checked out at `cwd`, or null outside a repository or without git. */
  gitCommit(cwd: string): Promise<string | null>;
  /** The git branch checked out at `cwd`, or null (detached, outside a repository, without git). */
  gitBranch(cwd: string): Promise<string | null>;
  /** Makes `import ... from "fxperf"` in spec files resolve to `exports`. */
  registerSpecModule(exports: Record<string, unknown>): void;
  /** Imports a spec file by absolute path (TypeScript included). */
  importSpecFile(path: string): Promise<void>;
  /** Imports a module (a custom reporter) by absolute path and returns its exports. */
  importModule(path: string): Promise<Record<string, unknown>>;
  /** Appends UTF-8 text to a file, creating it if needed. */
  appendTextFile(path: string, text: string): Promise<void>;
  /**
   * Creates `path` holding `text` only if nothing is there yet, in one step (readers never see it
   * empty); resolves true when created, false when it already existed. Creates missing parent directories.
   */
  createFileExclusive(path: string, text: string): Promise<boolean>;
  /** This process's id. */
  readonly pid: number;
  /** Whether a process with this id is running (on this machine). */
  isProcessAlive(pid: number): boolean;
  /** Resolves after `ms` milliseconds. */
  sleep(ms: number): Promise<void>;
  /**
   * Sends what spec code writes to stdout (console, process.stdout.write, Bun.stdout, Deno.stdout)
   * to stderr while a report owns stdout; returns the undo. `stdout` above still writes to stdout.
   */
  redirectStdoutToStderr(): () => void;
  /**
   * Makes `process.exit()` (and `Deno.exit()`) throw instead of ending the process, so spec code
   * cannot decide fxperf's exit code: the call becomes the spec's error. Returns the undo;
   * `exit()` below still ends the process.
   */
  guardExit(): () => void;
  /** Facts for the measurement guard. */
  probeHost(): Promise<HostFacts>;
  /** Calls `handler` on SIGINT, or SIGTERM (SIGHUP too: a closed terminal); returns a function that removes it. */
  onInterrupt(handler: (signal: "SIGINT" | "SIGTERM") => void): () => void;
  /** Flushes output and ends the process with `code` (only main.ts calls it). */
  exit(code: number): Promise<never>;
}
