/**
 * Finds and reads the profiles that apply to this run: FXPERF_PROFILE, an
 * explicit `--profile`, or the files named after this machine's fingerprint in
 * the user's profile directory and the repository's perf-profiles/.
 */
import { dirname, isAbsolute, join, resolve } from "node:path";
import { FxperfError } from "../errors.ts";
import { type Fingerprint, fingerprintSlug, sameFingerprint } from "../hardware/fingerprint.ts";
import type { Runtime } from "../runtime/runtime.ts";
import { profileFileName, REPO_PROFILE_DIR, resolveUserProfileDir } from "./locations.ts";
import { parseProfile } from "./parse-profile.ts";
import type { ProfileLayer, ProfileSourceKind } from "./resolve-limits.ts";

type Io = Pick<Runtime, "stat" | "readDir" | "readTextFile" | "homeDir" | "platform">;

/** The profiles in force, and what to tell the user about them. */
export interface LoadedProfiles {
  readonly layers: ProfileLayer[];
  /** Said once per run: which profiles were read, or that none fits this machine. */
  readonly notices: string[];
}

/** Walks up from `start` to the nearest directory holding perf-profiles/; undefined when none does. */
export async function findRepoProfileDir(io: Pick<Runtime, "stat">, start: string): Promise<string | undefined> {
  let dir = (await io.stat(start)) === "file" ? dirname(start) : start;
  for (;;) {
    const candidate = join(dir, REPO_PROFILE_DIR);
    if ((await io.stat(candidate)) === "directory") return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Profile files (*.json) in a directory, by name; none when it does not exist. */
async function listProfiles(io: Io, dir: string | undefined): Promise<string[]> {
  if (!dir || (await io.stat(dir)) !== "directory") return [];
  return (await io.readDir(dir))
    .filter((e) => e.kind === "file" && e.name.endsWith(".json"))
    .map((e) => join(dir, e.name))
    .sort();
}

async function readLayer(
  io: Io,
  kind: ProfileSourceKind,
  file: string,
  display: (path: string) => string,
): Promise<ProfileLayer> {
  let text: string;
  try {
    text = await io.readTextFile(file);
  } catch (error) {
    throw new FxperfError("PROFILE_NOT_FOUND", `Cannot read profile "${display(file)}": ${(error as Error).message}`, {
      cause: error,
    });
  }
  return { kind, file, profile: parseProfile(text, display(file)) };
}

/** Where profiles are looked for. */
export interface ProfileQuery {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** `--profile`: a file path, or a name looked up in the user and repository directories. */
  readonly profileFlag: string | undefined;
  /** First spec path: perf-profiles/ is searched from there upwards. */
  readonly specPath: string;
  readonly cwd: string;
  readonly fingerprint: Fingerprint;
  /** Formats a path for messages. */
  readonly display: (path: string) => string;
}

/** Reads the profile layers for a run. Bad or missing explicit profiles throw (exit 2). */
export async function loadProfiles(io: Io, query: ProfileQuery): Promise<LoadedProfiles> {
  const { env, fingerprint, display } = query;
  const slug = fingerprintSlug(fingerprint);
  const userDir = resolveUserProfileDir(env, io.platform, io.homeDir());
  const repoDir = await findRepoProfileDir(io, resolve(query.cwd, query.specPath));
  const layers: ProfileLayer[] = [];
  const notices: string[] = [];
  const mismatch = (layer: ProfileLayer, how: string) => {
    if (!sameFingerprint(layer.profile.fingerprint, fingerprint)) {
      notices.push(
        `${how} "${display(layer.file)}" was calibrated on ${fingerprintSlug(layer.profile.fingerprint)}, not this machine (${slug}): its baselines may not transfer`,
      );
    }
  };

  const envFile = env.FXPERF_PROFILE;
  if (envFile) {
    const file = resolve(query.cwd, envFile);
    if ((await io.stat(file)) !== "file") {
      throw new FxperfError("PROFILE_NOT_FOUND", `FXPERF_PROFILE="${envFile}": no such file`, {
        hint: 'point FXPERF_PROFILE at a profile written by "fxperf calibrate", or unset it',
      });
    }
    const layer = await readLayer(io, "env", file, display);
    mismatch(layer, "FXPERF_PROFILE");
    layers.push(layer);
  }

  if (query.profileFlag) {
    const flag = query.profileFlag;
    const looksLikePath = flag.includes("/") || flag.includes("\\") || flag.endsWith(".json") || isAbsolute(flag);
    const candidates = looksLikePath
      ? [resolve(query.cwd, flag)]
      : [join(userDir, profileFileName(flag)), ...(repoDir ? [join(repoDir, profileFileName(flag))] : [])];
    let found: string | undefined;
    for (const candidate of candidates) if (!found && (await io.stat(candidate)) === "file") found = candidate;
    if (!found) {
      const available = [...(await listProfiles(io, userDir)), ...(await listProfiles(io, repoDir))].map(display);
      throw new FxperfError(
        "PROFILE_NOT_FOUND",
        `Profile "${flag}" not found (looked for ${candidates.map((c) => `"${display(c)}"`).join(", ")})`,
        {
          hint:
            available.length > 0
              ? `available: ${available.join(", ")}`
              : 'no profiles yet: record one with "fxperf calibrate"',
        },
      );
    }
    const layer = await readLayer(io, "flag", found, display);
    mismatch(layer, "--profile");
    layers.push(layer);
  } else {
    for (const [kind, dir] of [
      ["local", userDir],
      ["repo", repoDir],
    ] as const) {
      if (!dir) continue;
      const file = join(dir, profileFileName(slug));
      if ((await io.stat(file)) !== "file") continue;
      const layer = await readLayer(io, kind, file, display);
      if (!sameFingerprint(layer.profile.fingerprint, fingerprint)) {
        notices.push(
          `Ignoring "${display(file)}": its fingerprint is ${fingerprintSlug(layer.profile.fingerprint)}, not ${slug}`,
        );
        continue;
      }
      layers.push(layer);
    }
  }

  if (layers.length === 0) {
    const available = [...(await listProfiles(io, userDir)), ...(await listProfiles(io, repoDir))].map(display);
    notices.push(
      `No profile for this machine (${slug}): specs are held to their own budgets only. ${
        available.length > 0
          ? `Available: ${available.join(", ")} (pick one with --profile).`
          : 'Record one with "fxperf calibrate".'
      }`,
    );
  }
  return { layers, notices };
}
