/**
 * Where profiles live. Pure: paths from the environment, the platform and the home directory.
 */
import { join } from "node:path";

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
