/**
 * Finds spec files: every `*.perf.{ts,js,mjs}` under the given directories
 * (files given by name are taken as they are), in a stable order.
 */
import { join, resolve } from "node:path";
import { FxperfError } from "../errors.ts";
import type { Runtime } from "../runtime/runtime.ts";

/** File names that are spec files. */
export const SPEC_FILE = /\.perf\.(ts|js|mjs)$/;

const IGNORED_DIRS = new Set(["node_modules", "dist", "coverage"]);

/** Walks a directory; entries sorted by name so the order is the same on every machine. */
async function walk(runtime: Pick<Runtime, "readDir">, dir: string, found: string[]): Promise<void> {
  const entries = (await runtime.readDir(dir)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.kind === "directory" && !IGNORED_DIRS.has(entry.name) && !entry.name.startsWith("."))
      await walk(runtime, path, found);
    else if (entry.kind === "file" && SPEC_FILE.test(entry.name)) found.push(path);
  }
}

/** Absolute paths of the spec files under `paths` (relative to `cwd`), without duplicates. */
export async function discoverSpecFiles(
  runtime: Pick<Runtime, "readDir" | "stat">,
  paths: readonly string[],
  cwd: string,
): Promise<string[]> {
  const found: string[] = [];
  for (const path of paths) {
    const absolute = resolve(cwd, path);
    const kind = await runtime.stat(absolute);
    if (kind === undefined) {
      throw new FxperfError("MISSING_PATH", `Spec path "${path}" does not exist (looked for "${absolute}")`, {
        hint: 'pass a directory or file that exists, e.g. "fxperf run spec/"',
      });
    }
    if (kind === "file" && !SPEC_FILE.test(absolute)) {
      throw new FxperfError(
        "USAGE",
        `"${path}" is not a spec file: expected a name ending in .perf.ts, .perf.js or .perf.mjs`,
        {
          hint: "rename it, or pass the directory that holds your spec files",
        },
      );
    }
    if (kind === "file") found.push(absolute);
    else if (kind === "directory") await walk(runtime, absolute, found);
  }
  return [...new Set(found)];
}
