/**
 * The parts of a Runtime that Bun and Deno both implement through node:* modules
 * (files, OS facts, git), shared by both implementations. Each runtime hands in
 * its own way of running a command synchronously.
 */
import {
  access,
  appendFile,
  link,
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  readlink,
  realpath,
  rename,
  rm,
  stat,
  symlink,
  writeFile,
} from "node:fs/promises";
import { constants } from "node:fs";
import { Session } from "node:inspector";
import { arch, cpus, homedir, loadavg, platform, tmpdir, totalmem } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import nodeProcess, { env, kill, pid } from "node:process";
import { glob } from "tinyglobby";
import { parseProcCpuinfo, parseSysctlBrand, parseWmicCpuName } from "../hardware/fingerprint.ts";
import { FxperfError } from "../errors.ts";
import type { HostFacts } from "../guard/evaluate-guard.ts";
import type { Runtime } from "./runtime.ts";

/** Runs a command (argument array, no shell); its stdout, or undefined when it fails or is missing. */
export type CommandOutput = (argv: string[], cwd?: string) => string | undefined;

/** The CPU model: node:os first, then the platform's own source when that is empty. */
async function probeCpuModel(run: CommandOutput): Promise<string> {
  const model = cpus()[0]?.model?.trim();
  if (model && model !== "unknown") return model;
  switch (platform()) {
    case "linux":
      return parseProcCpuinfo(await readFile("/proc/cpuinfo", "utf8").catch(() => "")) ?? "";
    case "darwin":
      return parseSysctlBrand(run(["sysctl", "-n", "machdep.cpu.brand_string"]) ?? "") ?? "";
    case "win32":
      return parseWmicCpuName(run(["wmic", "cpu", "get", "Name", "/value"]) ?? "") ?? "";
    default:
      return "";
  }
}

type Common = Pick<
  Runtime,
  | "stat"
  | "readDir"
  | "realPath"
  | "glob"
  | "readTextFile"
  | "writeTextFileAtomic"
  | "whyNotWritable"
  | "onUncaughtError"
  | "appendTextFile"
  | "createFileExclusive"
  | "sleep"
  | "pid"
  | "isProcessAlive"
  | "guardExit"
  | "cpuTimeNs"
  | "startCpuProfile"
  | "makeTempDir"
  | "remove"
  | "symlink"
  | "homeDir"
  | "platform"
  | "probeHardware"
  | "gitCommit"
  | "gitBranch"
>;

/** Whether a process with this id runs (on this machine). */
function processAlive(other: number): boolean {
  // 0 and negative ids name process groups, not a process.
  if (!Number.isInteger(other) || other <= 0) return false;
  try {
    // Signal 0 only asks whether the process exists; EPERM means it does, under another user.
    kill(other, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** A temporary file without a writer's PID (written before it was named) is stale after this long. */
const UNOWNED_TEMPORARY_MS = 10 * 60_000;

/**
 * Removes the temporary files a killed write of `path` left beside it (`.<name>.<pid>-<random>.tmp`
 * whose writer no longer runs, or an older unnamed one), so they do not pile up. Best effort.
 */
async function removeStaleTemporaries(path: string): Promise<void> {
  const prefix = `.${basename(path)}.`;
  const names = await readdir(dirname(path)).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith(".tmp")) continue;
    const owner = /^(\d+)-[a-z0-9]*$/.exec(name.slice(prefix.length, -".tmp".length));
    const file = join(dirname(path), name);
    if (owner) {
      if (processAlive(Number(owner[1]))) continue;
    } else {
      const info = await stat(file).catch(() => undefined);
      if (!info || Date.now() - info.mtimeMs < UNOWNED_TEMPORARY_MS) continue;
    }
    // Best effort: a file system that refuses (read-only) is reported by the write that follows.
    await rm(file, { force: true }).catch(() => {});
  }
}

/** The shared parts, for a runtime called `name` at `version`. */
export function createNodeCommon(name: "bun" | "deno", version: string, run: CommandOutput): Common {
  return {
    async stat(path) {
      try {
        const info = await stat(path);
        return info.isFile() ? "file" : info.isDirectory() ? "directory" : "other";
      } catch {
        return undefined;
      }
    },
    async readDir(path) {
      const entries = await readdir(path, { withFileTypes: true });
      return entries.map((e) => ({
        name: e.name,
        kind: e.isFile() ? "file" : e.isDirectory() ? "directory" : e.isSymbolicLink() ? "symlink" : "other",
      }));
    },
    realPath: (path) => realpath(path).catch(() => undefined),
    glob: (pattern, options) =>
      glob(pattern, {
        cwd: options.cwd,
        ignore: [...options.ignore],
        absolute: true,
        dot: false,
        onlyFiles: true,
        followSymbolicLinks: true,
        expandDirectories: false,
      }),
    readTextFile: (path) => readFile(path, "utf8"),
    async writeTextFileAtomic(path, text) {
      // Never replace what is not a regular file: a device or a FIFO is written through (a report to
      // /dev/stdout, /dev/null), a symbolic link is followed (the file it names is replaced, the link
      // stays), and anything else is refused. Only a regular file (or none) is replaced atomically.
      const target = await followLinks(path);
      const info = await lstat(target).catch(() => undefined);
      if (info && !info.isFile()) {
        if (info.isCharacterDevice() || info.isFIFO()) return writeFile(target, text, "utf8");
        throw new Error(
          `"${path}" is ${info.isDirectory() ? "a directory" : "not a regular file"}: nothing was written`,
        );
      }
      await mkdir(dirname(target), { recursive: true });
      await removeStaleTemporaries(target);
      const temporary = join(dirname(target), `.${basename(target)}.${pid}-${Math.random().toString(36).slice(2)}.tmp`);
      try {
        await writeFile(temporary, text, "utf8");
        await rename(temporary, target);
      } catch (error) {
        // The write's own error is the cause; removing the temporary may fail the same way (EROFS).
        await rm(temporary, { force: true }).catch(() => {});
        throw error;
      }
    },
    onUncaughtError(handler) {
      nodeProcess.on("unhandledRejection", (reason) => handler(reason, "rejection"));
      nodeProcess.on("uncaughtException", (error) => handler(error, "exception"));
    },
    async whyNotWritable(dir) {
      // The nearest existing directory decides: the missing ones below it are created on writing.
      let at = dir;
      for (;;) {
        const info = await stat(at).catch((error: NodeJS.ErrnoException) => error);
        if (info instanceof Error) {
          if (info.code !== "ENOENT" || dirname(at) === at) return info.message;
          at = dirname(at);
          continue;
        }
        if (!info.isDirectory()) return `"${at}" is not a directory`;
        return access(at, constants.W_OK | constants.X_OK).then(
          () => undefined,
          (error: Error) => error.message,
        );
      }
    },
    appendTextFile: (path, text) => appendFile(path, text, "utf8"),
    async createFileExclusive(path, text) {
      await mkdir(dirname(path), { recursive: true });
      // Written beside it, then hard-linked into place: the link fails if the path exists, and a
      // reader never sees the file without its text (as it could between an "wx" open and the write).
      const temporary = join(dirname(path), `.${basename(path)}.${Math.random().toString(36).slice(2)}.tmp`);
      try {
        await writeFile(temporary, text, "utf8");
        try {
          await link(temporary, path);
          return true;
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code === "EEXIST") return false;
          if (code !== "EPERM" && code !== "ENOTSUP" && code !== "ENOSYS" && code !== "EXDEV") throw error;
        }
        // A file system without hard links: an exclusive create, then the text.
        try {
          await writeFile(path, text, { encoding: "utf8", flag: "wx" });
          return true;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
          throw error;
        }
      } finally {
        await rm(temporary, { force: true });
      }
    },
    pid,
    isProcessAlive: processAlive,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    async startCpuProfile(intervalUs) {
      const session = new Session();
      session.connect();
      const post = (method: string, params: object = {}) =>
        new Promise<unknown>((resolve, reject) =>
          session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))),
        );
      await post("Profiler.enable");
      await post("Profiler.setSamplingInterval", { interval: intervalUs });
      await post("Profiler.start");
      return async () => {
        try {
          return ((await post("Profiler.stop")) as { profile: unknown }).profile;
        } finally {
          session.disconnect();
        }
      };
    },
    cpuTimeNs() {
      try {
        const usage = process.cpuUsage();
        return (usage.user + usage.system) * 1000;
      } catch {
        return Number.NaN;
      }
    },
    guardExit() {
      const saved = process.exit;
      process.exit = ((code?: number | string | null) => {
        throw new Error(
          `process.exit(${code ?? ""}) was called: spec code must not end fxperf's process (throw an error to fail a spec)`,
        );
      }) as typeof process.exit;
      return () => {
        process.exit = saved;
      };
    },
    async makeTempDir(prefix) {
      try {
        return await mkdtemp(join(tmpdir(), prefix));
      } catch (error) {
        throw new FxperfError(
          "TEMP_DIR",
          `Cannot create a temporary directory in "${tmpdir()}"${env.TMPDIR ? " (TMPDIR)" : ""}: ${(error as Error).message}`,
          { hint: "set TMPDIR to an existing, writable directory with free space", cause: error },
        );
      }
    },
    remove: (path) => rm(path, { recursive: true, force: true }),
    // "junction" matters on Windows only (a directory link that needs no privilege); elsewhere it is ignored.
    symlink: (target, path) => symlink(target, path, "junction"),
    homeDir: () => homedir(),
    platform: platform(),
    async probeHardware() {
      return {
        os: platform(),
        arch: arch(),
        cpuModel: await probeCpuModel(run),
        logicalCores: cpus().length,
        memoryBytes: totalmem(),
        runtimeName: name,
        runtimeVersion: version,
      };
    },
    async gitCommit(cwd) {
      return run(["git", "rev-parse", "HEAD"], cwd)?.trim() || null;
    },
    async gitBranch(cwd) {
      const branch = run(["git", "rev-parse", "--abbrev-ref", "HEAD"], cwd)?.trim();
      return branch && branch !== "HEAD" ? branch : null;
    },
  };
}

/** Guard facts from node:os and /sys (the governor), with the runtime's own arguments and environment. */
export async function probeHostFacts(
  execArgv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Promise<HostFacts> {
  const governor =
    platform() === "linux"
      ? await readFile("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", "utf8").then(
          (text) => text.trim(),
          () => undefined,
        )
      : undefined;
  return {
    execArgv,
    env,
    cores: cpus().length,
    loadAverage1m: platform() === "win32" ? undefined : loadavg()[0],
    governor,
  };
}

/** Reads a child's output stream to the end as text, showing each piece to `onChunk` as it arrives. */
export async function readStreamText(
  stream: ReadableStream<Uint8Array>,
  onChunk?: (text: string) => void,
  keepChars?: number,
): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) {
    const piece = decoder.decode(chunk, { stream: true });
    // Only a tail is kept when asked: a spec printing a megabyte per call must not grow this process.
    text = keepChars === undefined ? text + piece : (text + piece).slice(-keepChars);
    onChunk?.(piece);
  }
  const rest = text + decoder.decode();
  return keepChars === undefined ? rest : rest.slice(-keepChars);
}

/** The path `path`'s chain of symbolic links ends at, existing or not (a link to a missing file is written through). */
async function followLinks(path: string): Promise<string> {
  let at = path;
  for (let hops = 0; hops < 40; hops++) {
    const info = await lstat(at).catch(() => undefined);
    if (!info?.isSymbolicLink()) return at;
    at = resolve(dirname(at), await readlink(at));
  }
  throw new Error(`"${path}" is a chain of more than 40 symbolic links (a loop?): nothing was written`);
}
