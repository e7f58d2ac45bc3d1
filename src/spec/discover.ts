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

/** What a walk has seen: real paths of the directories entered (loops) and notes on what it skipped. */
interface Walk {
  readonly found: string[];
  readonly visited: Set<string>;
  readonly notes: string[];
}

/** Walks a directory; entries sorted by name so the order is the same on every machine. Symbolic links are followed. */
async function walk(runtime: Pick<Runtime, "readDir" | "stat" | "realPath">, dir: string, seen: Walk): Promise<void> {
  const real = await runtime.realPath(dir);
  if (real !== undefined) {
    if (seen.visited.has(real)) {
      seen.notes.push(
        `"${dir}" was skipped: it is a directory already searched (a symbolic link loop, or two links to one place)`,
      );
      return;
    }
    seen.visited.add(real);
  }
  const entries = (await runtime.readDir(dir)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (IGNORED_DIRS.has(entry.name) || entry.name.startsWith(".")) {
      if (entry.kind === "file" && SPEC_FILE.test(entry.name)) seen.found.push(path);
      continue;
    }
    // A link counts as what it points at; one that points nowhere is named, not silently dropped.
    const kind = entry.kind === "symlink" ? await runtime.stat(path) : entry.kind;
    if (entry.kind === "symlink" && kind === undefined) {
      if (SPEC_FILE.test(entry.name)) seen.notes.push(`"${path}" was skipped: a symbolic link to nothing`);
      continue;
    }
    if (kind === "directory") await walk(runtime, path, seen);
    else if (kind === "file" && SPEC_FILE.test(entry.name)) seen.found.push(path);
  }
}

/** Absolute paths of the spec files under `paths` (relative to `cwd`), without duplicates. */
export async function discoverSpecFiles(
  runtime: Pick<Runtime, "readDir" | "stat" | "realPath">,
  paths: readonly string[],
  cwd: string,
  notes: string[] = [],
): Promise<string[]> {
  const seen: Walk = { found: [], visited: new Set(), notes };
  const found = seen.found;
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
    else if (kind === "directory") await walk(runtime, absolute, seen);
  }
  // One file reached through two paths (a link beside its target) is loaded once.
  const unique: string[] = [];
  const reals = new Set<string>();
  for (const file of found) {
    const real = (await runtime.realPath(file)) ?? file;
    if (reals.has(real)) continue;
    reals.add(real);
    unique.push(file);
  }
  return unique;
}
