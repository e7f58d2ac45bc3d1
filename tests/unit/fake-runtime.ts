/**
 * A Runtime for unit tests (like hyperfine's MockExecutor): in-memory files, an
 * env map, captured stdout/stderr, a deterministic clock, canned hardware and host
 * facts, and canned results for spawned processes. Spec files are functions that
 * call the DSL, run when the CLI "imports" them; nothing touches the machine.
 */
import { join } from "node:path";
import { forkCommand } from "../../src/cli/fork-command.ts";
import { probeCommand } from "../../src/cli/probe-command.ts";
import { PROBE_COMMAND } from "../../src/spec/probe-spec-files.ts";
import { runCli } from "../../src/cli/run-cli.ts";
import { FORK_COMMAND } from "../../src/run/fork-protocol.ts";
import { FxperfError } from "../../src/errors.ts";
import type { HostFacts } from "../../src/guard/evaluate-guard.ts";
import type { HardwareFacts } from "../../src/hardware/fingerprint.ts";
import type { ChildProcess, DirEntry, OutputStream, Runtime } from "../../src/runtime/runtime.ts";

/** What a spawned program (or fxperf itself, through spawnSelf) "prints" and how it exits. */
export interface CannedProcess {
  readonly exitCode: number;
  readonly stdout?: string;
  readonly stderr?: string;
}

/** How to set a fake runtime up; everything is optional. */
export interface FakeRuntimeOptions {
  readonly args?: readonly string[];
  readonly env?: Record<string, string | undefined>;
  /** Default "/project". */
  readonly cwd?: string;
  /** Default "/home/test". */
  readonly home?: string;
  readonly platform?: string;
  /** Text files by path (relative paths are taken from `cwd`). */
  readonly files?: Record<string, string>;
  /**
   * Spec files by path: each function calls the DSL (describePerf, itPerf...) when the file is
   * imported, and may act on the runtime (chdir, console.log) as a spec's top-level code can.
   */
  readonly specs?: Record<string, (runtime: FakeRuntime) => void>;
  /** Modules (custom reporters) by path. */
  readonly modules?: Record<string, Record<string, unknown>>;
  readonly hardware?: Partial<HardwareFacts>;
  readonly host?: Partial<HostFacts>;
  /** Programs on PATH: name to full path (`which`). */
  readonly path?: Record<string, string>;
  /** Answers `spawn(argv)`; default: exit 127 with nothing printed. */
  readonly spawn?: (argv: readonly string[]) => CannedProcess;
  /** Answers `spawnSelf(args)`; default: the noise probe prints a steady 1000 ns. It may change the runtime's files. */
  readonly spawnSelf?: (args: readonly string[], runtime: FakeRuntime) => CannedProcess;
  /** Answers `gitCommit()` (default: null, outside a repository); a test can act at that moment. */
  readonly gitCommit?: () => Promise<string | null>;
  /** The signal the command runs with (default: never aborted). */
  readonly signal?: AbortSignal;
  /** This process's id (default 1000). */
  readonly pid?: number;
  /** Which other process ids are running (`isProcessAlive`); default none. */
  readonly livePids?: readonly number[];
  /** Called at each `sleep(ms)` (which only moves the clock): a test can release a lock there. */
  readonly onSleep?: (ms: number, runtime: FakeRuntime) => void;
  /** Directories (absolute) in which files cannot be created, with the system's reason. */
  readonly unwritable?: Record<string, string>;
  /** How far the clock moves per reading (default 1 µs): deterministic, and measurement loops end. */
  readonly clockStepNs?: number;
  readonly stdoutIsTTY?: boolean;
  readonly stderrIsTTY?: boolean;
}

/** A Runtime plus what the test inspects afterwards. */
export interface FakeRuntime extends Runtime {
  /** Every file, including those the command wrote. */
  readonly files: Map<string, string>;
  /** Everything written to stdout and stderr. */
  readonly out: { stdout: string; stderr: string };
  /** Every argv given to spawn and spawnSelf, in order. */
  readonly spawned: string[][];
  /** Changes the working directory, as `process.chdir()` in a spec file would. */
  chdir(path: string): void;
  /** Where console.log goes now: "stderr" while redirected. */
  readonly consoleTarget: "stdout" | "stderr";
  /** The milliseconds each `sleep()` was asked for. */
  readonly slept: number[];
}

/** The default hardware: a small Linux box. */
export const FAKE_HARDWARE: HardwareFacts = {
  os: "linux",
  arch: "x64",
  cpuModel: "Fake CPU 3000",
  logicalCores: 4,
  memoryBytes: 16 * 1024 ** 3,
  runtimeName: "bun",
  runtimeVersion: "1.4.5",
};

/** Creates a fake runtime. */
export function createFakeRuntime(options: FakeRuntimeOptions = {}): FakeRuntime {
  let cwd = options.cwd ?? "/project";
  const abs = (path: string) => (path.startsWith("/") ? path : join(cwd, path));
  const files = new Map<string, string>();
  for (const [path, text] of Object.entries(options.files ?? {})) files.set(abs(path), text);
  const specs = new Map<string, (runtime: FakeRuntime) => void>();
  for (const [path, fn] of Object.entries(options.specs ?? {})) {
    specs.set(abs(path), fn);
    files.set(abs(path), "// a spec file of the fake runtime\n");
  }
  const modules = new Map(Object.entries(options.modules ?? {}).map(([path, exports]) => [abs(path), exports]));
  for (const path of modules.keys()) files.set(path, "// a module of the fake runtime\n");
  const out = { stdout: "", stderr: "" };
  const spawned: string[][] = [];
  const stream = (name: "stdout" | "stderr", isTTY: boolean): OutputStream => ({
    write: (text) => {
      out[name] += text;
    },
    isTTY,
    columns: isTTY ? 100 : undefined,
  });
  const isDir = (path: string) => {
    const prefix = path.endsWith("/") ? path : `${path}/`;
    return [...files.keys()].some((file) => file.startsWith(prefix));
  };
  let clock = 0;
  const step = options.clockStepNs ?? 1_000;
  let temp = 0;
  const child = (result: CannedProcess): ChildProcess => ({
    done: Promise.resolve({
      exitCode: result.exitCode,
      signal: null,
      stdout: result.stdout ?? "",
      stderr: result.stderr ?? "",
    }),
    kill: () => {},
    closeStdin: () => {},
  });

  let consoleTarget: "stdout" | "stderr" = "stdout";
  const slept: number[] = [];
  const live = new Set(options.livePids ?? []);
  const self: FakeRuntime = {
    files,
    out,
    spawned,
    slept,
    chdir: (path) => {
      cwd = abs(path);
    },
    get consoleTarget() {
      return consoleTarget;
    },
    pid: options.pid ?? 1000,
    isProcessAlive: (pid) => pid === self.pid || live.has(pid),
    createFileExclusive: async (path, text) => {
      if (files.has(abs(path)) || isDir(abs(path))) return false;
      files.set(abs(path), text);
      return true;
    },
    sleep: async (ms) => {
      slept.push(ms);
      clock += ms * 1e6;
      options.onSleep?.(ms, self);
    },
    redirectStdoutToStderr: () => {
      const before = consoleTarget;
      consoleTarget = "stderr";
      return () => {
        consoleTarget = before;
      };
    },
    name: "bun",
    version: "1.4.5",
    env: { ...options.env },
    args: options.args ?? [],
    stdout: stream("stdout", options.stdoutIsTTY ?? false),
    stderr: stream("stderr", options.stderrIsTTY ?? false),
    cwd: () => cwd,
    nowNs: () => (clock += step),
    nowIso: () => "2026-01-01T00:00:00.000Z",
    canGc: false,
    gc: () => {},
    heapBytes: () => 0,
    stat: async (path) => (files.has(abs(path)) ? "file" : isDir(abs(path)) ? "directory" : undefined),
    readDir: async (path) => {
      const prefix = `${abs(path).replace(/\/$/, "")}/`;
      const entries = new Map<string, DirEntry>();
      for (const file of files.keys()) {
        if (!file.startsWith(prefix)) continue;
        const [name, ...rest] = file.slice(prefix.length).split("/");
        entries.set(name!, { name: name!, kind: rest.length > 0 ? "directory" : "file" });
      }
      if (entries.size === 0 && !files.has(abs(path))) throw new Error(`ENOENT: no such directory "${path}"`);
      return [...entries.values()];
    },
    readTextFile: async (path) => {
      const text = files.get(abs(path));
      if (text === undefined) throw new Error(`ENOENT: no such file "${path}"`);
      return text;
    },
    writeTextFileAtomic: async (path, text) => void files.set(abs(path), text),
    whyNotWritable: async (dir) => options.unwritable?.[abs(dir)],
    leadProcessGroup: async () => {},
    onUncaughtError: () => {},
    appendTextFile: async (path, text) => void files.set(abs(path), (files.get(abs(path)) ?? "") + text),
    homeDir: () => options.home ?? "/home/test",
    platform: options.platform ?? "linux",
    probeHardware: async () => ({ ...FAKE_HARDWARE, ...options.hardware }),
    probeHost: async () => ({
      execArgv: [],
      env: {},
      cores: 4,
      loadAverage1m: 0.5,
      governor: undefined,
      ...options.host,
    }),
    spawn: (argv, spawnOptions) => {
      spawned.push([...argv]);
      // A fork of fxperf itself runs the real fork command in this process, on this fake runtime,
      // without the drift reference: under a clock that moves a fixed step per reading, a real
      // kernel would be batched thousands of calls per sample and run for minutes.
      if (argv[0] === "fxperf" && argv[1] === FORK_COMMAND) {
        const request = JSON.stringify({ ...JSON.parse(argv[2] ?? "{}"), reference: false });
        return {
          done: forkCommand(self, request).then((exitCode) => ({ exitCode, signal: null, stdout: "", stderr: "" })),
          kill: () => {},
          closeStdin: () => {},
        };
      }
      // The spec-file probe runs the real probe command here, its lines to the caller's onStdout.
      if (argv[0] === "fxperf" && argv[1] === PROBE_COMMAND) {
        let stdout = "";
        const write = (text: string) => {
          stdout += text;
          spawnOptions?.onStdout?.(text);
        };
        return {
          done: probeCommand(self, argv[2], write).then((exitCode) => ({
            exitCode,
            signal: null,
            stdout,
            stderr: "",
          })),
          kill: () => {},
          closeStdin: () => {},
        };
      }
      return child(options.spawn?.(argv) ?? { exitCode: 127 });
    },
    which: (command) => options.path?.[command],
    makeTempDir: async (prefix) => `/tmp/${prefix}${++temp}`,
    remove: async (path) => {
      for (const file of [...files.keys()])
        if (file === abs(path) || file.startsWith(`${abs(path)}/`)) files.delete(file);
    },
    glob: async (pattern, options) => {
      const toRegex = (glob: string) =>
        new RegExp(
          `^${glob
            .replace(/[.+^$()|\\]/g, "\\$&")
            .replace(/\{([^}]*)\}/g, (_, alternatives: string) => `(${alternatives.split(",").join("|")})`)
            .replace(/\*\*\//g, "\u0000")
            .replace(/\*/g, "[^/]*")
            .replace(/\?/g, "[^/]")
            .replace(/\u0000/g, "(.*/)?")}$`,
        );
      const include = toRegex(pattern);
      const exclude = options.ignore.map(toRegex);
      const matches = (path: string) => include.test(path) && !exclude.some((r) => r.test(path));
      const root = options.cwd.endsWith("/") ? options.cwd : `${options.cwd}/`;
      return [...files.keys()].filter((file) => file.startsWith(root) && matches(file.slice(root.length))).sort();
    },
    realPath: async (path) => (files.has(abs(path)) || isDir(abs(path)) ? abs(path) : undefined),
    stdinClosed: async () => {},
    symlink: async (target, path) => {
      // Links are not modelled: the link is remembered as a file naming its target.
      files.set(abs(path), `-> ${target}`);
    },
    selfCommand: () => ["fxperf"],
    guardExit: () => () => {},
    cpuTimeNs: () => clock,
    // A fixed profile: 1,000 samples of one function, "work" at line 1 of /project/spec/a.perf.ts.
    startCpuProfile: async () => async () => ({
      nodes: [
        {
          id: 1,
          callFrame: { functionName: "(root)", scriptId: "0", url: "", lineNumber: -1, columnNumber: -1 },
          hitCount: 0,
          children: [2],
        },
        {
          id: 2,
          callFrame: {
            functionName: "work",
            scriptId: "1",
            url: "file:///project/spec/a.perf.ts",
            lineNumber: 0,
            columnNumber: 0,
          },
          hitCount: 1000,
        },
      ],
      startTime: 0,
      endTime: 1_000_000,
      samples: Array.from({ length: 1000 }, () => 2),
      timeDeltas: Array.from({ length: 1000 }, () => 1000),
    }),
    // The history store is tested against real SQLite and PostgreSQL (integration, e2e), not here.
    openSqlite: async () => Promise.reject(new Error("the fake runtime has no SQLite")),
    openPostgres: async () => Promise.reject(new Error("the fake runtime has no PostgreSQL")),
    spawnSelf: async (args) => {
      spawned.push(["fxperf", ...args]);
      const result = options.spawnSelf?.(args, self) ?? { exitCode: 0, stdout: "1000\n" };
      return { exitCode: result.exitCode, stdout: result.stdout ?? "" };
    },
    gitCommit: options.gitCommit ?? (async () => null),
    gitBranch: async () => null,
    registerSpecModule: () => {},
    importSpecFile: async (path) => {
      const spec = specs.get(path);
      if (!spec) throw new Error(`Cannot find module "${path}"`);
      spec(self);
    },
    importModule: async (path) => {
      const exports = modules.get(path);
      if (!exports) throw new Error(`Cannot find module "${path}"`);
      return exports;
    },
    onInterrupt: () => () => {},
    exit: async (code) => {
      throw new Error(`the fake runtime does not exit (asked for ${code})`);
    },
  };
  return self;
}

/** What one fake invocation printed and how it ended. */
export interface FakeRun {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  /** The FxperfError main.ts would have printed, if any. */
  readonly error: FxperfError | undefined;
  readonly runtime: FakeRuntime;
}

/** Runs the CLI on a fake runtime as main.ts would, printing an FxperfError as `error: ...` / `hint: ...`. */
export async function runFake(
  args: readonly string[],
  options: Omit<FakeRuntimeOptions, "args"> = {},
): Promise<FakeRun> {
  const runtime = createFakeRuntime({ ...options, args });
  let exitCode: number;
  let error: FxperfError | undefined;
  // What spec code prints with console.log goes where the real process's would: the runtime's stdout,
  // or its stderr while the command has redirected it.
  const methods = ["log", "info", "debug", "dir"] as const;
  const saved = methods.map((name) => console[name]);
  for (const name of methods)
    console[name] = (...values: unknown[]) => runtime[runtime.consoleTarget].write(`${values.map(String).join(" ")}\n`);
  try {
    exitCode = await runCli(runtime, options.signal ?? new AbortController().signal);
  } catch (thrown) {
    if (!(thrown instanceof FxperfError)) throw thrown;
    error = thrown;
    runtime.stderr.write(`error: ${thrown.message}\n${thrown.hint ? `hint: ${thrown.hint}\n` : ""}`);
    exitCode = thrown.exitCode;
  } finally {
    methods.forEach((name, i) => {
      console[name] = saved[i] as typeof console.log;
    });
  }
  return { exitCode, stdout: runtime.out.stdout, stderr: runtime.out.stderr, error, runtime };
}
