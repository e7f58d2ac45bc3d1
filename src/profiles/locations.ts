/**
 * Where profiles live: paths from the environment, the platform and the home directory (pure),
 * and the project a run belongs to (found on disk).
 */
import { createHash } from "node:crypto";
import { basename, dirname, join } from "node:path";
import type { Runtime } from "../runtime/runtime.ts";

/** Name of the repository's profile directory, found by walking up from the spec path. */
export const REPO_PROFILE_DIR = "perf-profiles";

/**
 * The per-user profile directory: `%APPDATA%\fxperf\profiles` on Windows,
 * `$XDG_CONFIG_HOME/fxperf/profiles` when XDG_CONFIG_HOME is set, else `~/.fxperf/profiles`.
 */
export function resolveUserProfileDir(
  env: Readonly<Record<string, string | undefined>>,
  platform: string,
  home: string,
): string {
  if (platform === "win32" && env.APPDATA) return join(env.APPDATA, "fxperf", "profiles");
  if (env.XDG_CONFIG_HOME) return join(env.XDG_CONFIG_HOME, "fxperf", "profiles");
  return join(home, ".fxperf", "profiles");
}

/** The file name of the profile for a fingerprint slug. */
export function profileFileName(slug: string): string {
  return `${slug}.json`;
}

/** Files whose directory is a project's root: the nearest one up from the working directory wins. */
const PROJECT_MARKERS = ["package.json", "deno.json", "deno.jsonc", ".git"];

/**
 * The project `start` belongs to: the nearest directory up from it holding a package.json,
 * deno.json or .git; `fallback` (the working directory) when none does.
 */
export async function findProjectRoot(io: Pick<Runtime, "stat">, start: string, fallback: string): Promise<string> {
  for (let dir = start; ; dir = dirname(dir)) {
    for (const marker of PROJECT_MARKERS) if ((await io.stat(join(dir, marker))) !== undefined) return dir;
    if (dirname(dir) === dir) return fallback;
  }
}

/**
 * This project's folder in the user profile directory: `<name>-<hash of its path>`, so two
 * projects on one machine never share (or overwrite) each other's baselines.
 */
export function projectProfileDir(userDir: string, projectRoot: string): string {
  const name =
    basename(projectRoot)
      .replace(/[^A-Za-z0-9._-]+/g, "-")
      .slice(0, 40) || "project";
  const hash = createHash("sha256").update(projectRoot).digest("hex").slice(0, 10);
  return join(userDir, `${name}-${hash}`);
}
