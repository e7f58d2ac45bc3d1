/**
 * The Bun implementation of {@link Runtime}.
 */
import { heapStats } from "bun:jsc";
import { appendFile, mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { arch, cpus, homedir, loadavg, platform, tmpdir, totalmem } from "node:os";
import { basename, dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseProcCpuinfo, parseSysctlBrand, parseWmicCpuName } from "../hardware/fingerprint.ts";
import type { Runtime } from "./runtime.ts";

function stream(fd: NodeJS.WriteStream): Runtime["stdout"] {
  return {
    write: (text) => void fd.write(text),
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

/** The CPU model: node:os first, then the platform's own source when that is empty. */
async function probeCpuModel(): Promise<string> {
  const model = cpus()[0]?.model?.trim();
  if (model && model !== "unknown") return model;
  switch (platform()) {
    case "linux":
      return parseProcCpuinfo(await readFile("/proc/cpuinfo", "utf8").catch(() => "")) ?? "";
    case "darwin":
      return parseSysctlBrand(commandOutput(["sysctl", "-n", "machdep.cpu.brand_string"]) ?? "") ?? "";
    case "win32":
      return parseWmicCpuName(commandOutput(["wmic", "cpu", "get", "Name", "/value"]) ?? "") ?? "";
    default:
      return "";
  }
}

/** Creates the Bun runtime for this process. */
export function createBunRuntime(): Runtime {
  return {
    name: "bun",
    version: Bun.version,
    env: { ...process.env },
    args: process.argv.slice(2),
    stdout: stream(process.stdout),
    stderr: stream(process.stderr),
    cwd: () => process.cwd(),
    nowNs: () => Bun.nanoseconds(),
    nowIso: () => new Date().toISOString(),
    canGc: true,
    gc: () => Bun.gc(true),
    heapBytes: () => heapStats().heapSize,
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
      return entries.map((e) => ({ name: e.name, kind: e.isFile() ? "file" : e.isDirectory() ? "directory" : "other" }));
    },
    readTextFile: (path) => readFile(path, "utf8"),
    async writeTextFileAtomic(path, text) {
      await mkdir(dirname(path), { recursive: true });
      const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
      try {
        await writeFile(temporary, text, "utf8");
        await rename(temporary, path);
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
    },
    homeDir: () => homedir(),
    platform: platform(),
    async probeHardware() {
      return {
        os: platform(),
        arch: arch(),
        cpuModel: await probeCpuModel(),
        logicalCores: cpus().length,
        memoryBytes: totalmem(),
        runtimeName: "bun",
        runtimeVersion: Bun.version,
      };
    },
    spawn(argv, options = {}) {
      const child = Bun.spawn([...argv], { stdout: "pipe", stderr: "pipe", stdin: "ignore", env: process.env });
      const decoder = new TextDecoder();
      const readStdout = async () => {
        let text = "";
        for await (const chunk of child.stdout) {
          const piece = decoder.decode(chunk, { stream: true });
          text += piece;
          options.onStdout?.(piece);
        }
        return text + decoder.decode();
      };
      const done = Promise.all([readStdout(), new Response(child.stderr).text(), child.exited]).then(([stdout, stderr]) => ({
        exitCode: child.exitCode,
        signal: child.signalCode === null ? null : String(child.signalCode),
        stdout,
        stderr,
      }));
      return { done, kill: (signal) => child.kill(signal) };
    },
    which: (command) => Bun.which(command) ?? undefined,
    makeTempDir: (prefix) => mkdtemp(join(tmpdir(), prefix)),
    remove: (path) => rm(path, { recursive: true, force: true }),
    async spawnSelf(args) {
      // A compiled binary runs its entry from Bun's embedded file system; from source, bun needs the script.
      const self = Bun.main.startsWith("/$bunfs/") || Bun.main.startsWith("B:\\~BUN") ? [process.execPath] : [process.execPath, Bun.main];
      const child = Bun.spawn([...self, ...args], { stdout: "pipe", stderr: "inherit", stdin: "ignore", env: process.env });
      const [stdout, exitCode] = await Promise.all([new Response(child.stdout).text(), child.exited]);
      return { exitCode, stdout };
    },
    async gitCommit(cwd) {
      return commandOutput(["git", "rev-parse", "HEAD"], cwd)?.trim() || null;
    },
    async gitBranch(cwd) {
      const branch = commandOutput(["git", "rev-parse", "--abbrev-ref", "HEAD"], cwd)?.trim();
      return branch && branch !== "HEAD" ? branch : null;
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
    appendTextFile: (path, text) => appendFile(path, text, "utf8"),
    async probeHost() {
      let governor: string | undefined;
      if (platform() === "linux") {
        governor = await readFile("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", "utf8").then(
          (text) => text.trim(),
          () => undefined,
        );
      }
      const load = platform() === "win32" ? undefined : loadavg()[0];
      return { execArgv: process.execArgv, env: { ...process.env }, cores: cpus().length, loadAverage1m: load, governor };
    },
    onInterrupt(handler) {
      const onInt = () => handler("SIGINT");
      const onTerm = () => handler("SIGTERM");
      process.on("SIGINT", onInt);
      process.on("SIGTERM", onTerm);
      return () => {
        process.off("SIGINT", onInt);
        process.off("SIGTERM", onTerm);
      };
    },
  };
}
