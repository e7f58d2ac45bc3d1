/**
 * Finds spec files: every `*.perf.{ts,js,mjs}` under the given directories
 * (files given by name are taken as they are), in a stable order.
 */
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import ignore from "ignore";
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
    else if (kind === "other" && SPEC_FILE.test(entry.name))
      seen.notes.push(`"${path}" was skipped: it is not a regular file (a FIFO, socket or device)`);
  }
}

/** A path argument with glob syntax (`*`, `?`, `[...]`, `{a,b}`) is a pattern, not a path. */
export function isGlobPattern(path: string): boolean {
  return /[*?[\]{}]/.test(path);
}

/** Folders a pattern never looks into, as a walk never does. */
const IGNORED_GLOBS = [...IGNORED_DIRS].map((dir) => `**/${dir}/**`);

type DiscoverRuntime = Pick<Runtime, "readDir" | "stat" | "realPath" | "glob" | "readTextFile">;

/**
 * The `.gitignore` rules that apply under `cwd`: those of the repository's root (the nearest folder
 * up from `cwd` with a `.git`), matched with the `ignore` package as git matches them; a test
 * `(path) => boolean` for absolute paths. Nested `.gitignore` files are not read.
 */
async function gitignoreFilter(runtime: DiscoverRuntime, cwd: string): Promise<(path: string) => boolean> {
  for (let dir = cwd; ; dir = dirname(dir)) {
    if ((await runtime.stat(join(dir, ".git"))) !== undefined) {
      const text = await runtime.readTextFile(join(dir, ".gitignore")).catch(() => "");
      if (text.trim() === "") return () => false;
      const rules = ignore().add(text);
      return (path) => {
        const inside = relative(dir, path);
        return (
          inside !== "" && !inside.startsWith("..") && !isAbsolute(inside) && rules.ignores(inside.split(sep).join("/"))
        );
      };
    }
    if (dirname(dir) === dir) return () => false;
  }
}

/**
 * Absolute paths of the spec files under `paths` (relative to `cwd`), without duplicates: files
 * named, the spec files under folders, and those matching glob patterns (`"src/**\/*.perf.ts"`).
 * Folders and patterns leave out what the repository's `.gitignore` ignores.
 */
export async function discoverSpecFiles(
  runtime: DiscoverRuntime,
  paths: readonly string[],
  cwd: string,
  notes: string[] = [],
): Promise<string[]> {
  const seen: Walk = { found: [], visited: new Set(), notes };
  const found = seen.found;
  const ignored = await gitignoreFilter(runtime, cwd);
  for (const path of paths) {
    if (isGlobPattern(path)) {
      const matched = (await runtime.glob(path, { cwd, ignore: IGNORED_GLOBS })).filter(
        (file) => SPEC_FILE.test(file) && !ignored(file),
      );
      if (matched.length === 0) {
        throw new FxperfError("MISSING_PATH", `Spec pattern "${path}" matches no spec file (looked under "${cwd}")`, {
          hint: 'spec files end in .perf.ts, .perf.js or .perf.mjs; quote the pattern so the shell leaves it alone: fxperf run "src/**/*.perf.ts"',
        });
      }
      found.push(...matched.sort());
      continue;
    }
    const absolute = resolve(cwd, path);
    const kind = await runtime.stat(absolute);
    if (kind === undefined) {
      // The default path missing: most likely a project without specs yet, not a typo.
      const hint =
        path === "spec/" || path === "spec"
          ? 'no spec/ here: run "fxperf init" to write a starter, or pass the paths of your spec files (fxperf run bench/)'
          : "pass a directory or file that exists (or a quoted glob pattern)";
      throw new FxperfError("MISSING_PATH", `Spec path "${path}" does not exist (looked for "${absolute}")`, { hint });
    }
    if (kind === "other") {
      throw new FxperfError(
        "USAGE",
        `"${path}" is not a regular file (a FIFO, socket or device): it cannot be a spec file`,
        {
          hint: "pass a spec file, or the directory that holds your spec files",
        },
      );
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
    else if (kind === "directory") {
      const before = found.length;
      await walk(runtime, absolute, seen);
      // A named folder is searched whole, but what git ignores beneath it is left out.
      const walked = found.splice(before).filter((file) => !ignored(file));
      found.push(...walked);
    }
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
