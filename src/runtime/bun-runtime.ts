/**
 * The Bun implementation of {@link Runtime}.
 */
import { heapStats } from "bun:jsc";
import { readdir, readFile, stat } from "node:fs/promises";
import { cpus, loadavg, platform } from "node:os";
import { pathToFileURL } from "node:url";
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
