/**
 * Finds and reads the profiles that apply to this run: FXPERF_PROFILE, an
 * explicit `--profile`, or the files named after this machine's fingerprint in
 * the user's profile directory and the repository's perf-profiles/. The
 * environment is read by the settings step (src/cli/settings.ts), not here.
 */
import { dirname, isAbsolute, join, resolve } from "node:path";
import { FxperfError } from "../errors.ts";
import { type Fingerprint, fingerprintSlug, sameFingerprint } from "../hardware/fingerprint.ts";
import type { Runtime } from "../runtime/runtime.ts";
import { findProjectRoot, profileFileName, projectProfileDir, REPO_PROFILE_DIR } from "./locations.ts";
import { parseProfile } from "./parse-profile.ts";
import type { ProfileLayer, ProfileSourceKind } from "./resolve-limits.ts";

type Io = Pick<Runtime, "stat" | "readDir" | "readTextFile">;
type DirIo = Pick<Runtime, "stat" | "readDir">;

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
async function listProfiles(io: DirIo, dir: string | undefined): Promise<string[]> {
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
  const recalibrate =
    kind === "repo"
      ? "fxperf calibrate --repo --overwrite"
      : kind === "local"
        ? "fxperf calibrate --overwrite"
        : `fxperf calibrate --out ${display(dirname(file))} --overwrite`;
  return { kind, file, profile: parseProfile(text, display(file), recalibrate) };
}

/** A hint naming the profile files in these directories (once each), or how to record one. */
async function availableHint(io: DirIo, dirs: readonly (string | undefined)[], display: (path: string) => string) {
  const files = new Set<string>();
  for (const dir of new Set(dirs)) for (const file of await listProfiles(io, dir)) files.add(display(file));
  return files.size > 0 ? `available: ${[...files].join(", ")}` : 'name a profile file written by "fxperf calibrate"';
}

/**
 * This project's user profile directory (see {@link projectProfileDir}): the project is found from
 * the first spec path (or the working directory) upwards.
 */
export async function locateUserProfileDir(
  io: Pick<Runtime, "stat">,
  userDir: string,
  cwd: string,
  specPath: string,
): Promise<string> {
  const start = resolve(cwd, specPath);
  const from =
    (await io.stat(start)) === "file" ? dirname(start) : (await io.stat(start)) === "directory" ? start : cwd;
  return projectProfileDir(userDir, await findProjectRoot(io, from, cwd));
}

/** Where profiles are looked for: the files were found (and the environment read) by the settings step. */
export interface ProfileQuery {
  /** FXPERF_PROFILE, as an absolute path to an existing file. */
  readonly envFile: string | undefined;
  /** The file `--profile` names (see {@link locateProfiles}). */
  readonly flagFile: string | undefined;
  /** The user profile directory. */
  readonly userDir: string;
  /** First spec path: perf-profiles/ is searched from there upwards. */
  readonly specPath: string;
  readonly cwd: string;
  readonly fingerprint: Fingerprint;
  /** Formats a path for messages. */
  readonly display: (path: string) => string;
}

/** What to look up before a run: FXPERF_PROFILE and `--profile`, as given. */
export interface ProfileLookup {
  readonly envProfile: string | undefined;
  readonly profileFlag: string | undefined;
  readonly userDir: string;
  readonly specPath: string;
  readonly cwd: string;
  readonly display: (path: string) => string;
}

/** Finds FXPERF_PROFILE's file and the file `--profile` names; a missing one throws PROFILE_NOT_FOUND (exit 2). */
export async function locateProfiles(
  io: DirIo,
  lookup: ProfileLookup,
): Promise<{ envFile: string | undefined; flagFile: string | undefined }> {
  let envFile: string | undefined;
  if (lookup.envProfile) {
    envFile = resolve(lookup.cwd, lookup.envProfile);
    const kind = await io.stat(envFile);
    if (kind === "directory") {
      throw new FxperfError(
        "PROFILE_NOT_FOUND",
        `FXPERF_PROFILE="${lookup.envProfile}" is a directory: expected a profile JSON file`,
        { hint: await availableHint(io, [envFile], lookup.display) },
      );
    }
    if (kind !== "file") {
      throw new FxperfError("PROFILE_NOT_FOUND", `FXPERF_PROFILE="${lookup.envProfile}": no such file`, {
        hint: 'point FXPERF_PROFILE at a profile written by "fxperf calibrate", or unset it',
      });
    }
  }
  if (!lookup.profileFlag) return { envFile, flagFile: undefined };
  const flag = lookup.profileFlag;
  const { display } = lookup;
  const userDir = await locateUserProfileDir(io, lookup.userDir, lookup.cwd, lookup.specPath);
  const repoDir = await findRepoProfileDir(io, resolve(lookup.cwd, lookup.specPath));
  const looksLikePath = flag.includes("/") || flag.includes("\\") || flag.endsWith(".json") || isAbsolute(flag);
  const candidates = looksLikePath
    ? [resolve(lookup.cwd, flag)]
    : [join(userDir, profileFileName(flag)), ...(repoDir ? [join(repoDir, profileFileName(flag))] : [])];
  for (const candidate of candidates)
    if ((await io.stat(candidate)) === "file") return { envFile, flagFile: candidate };
  if (looksLikePath && (await io.stat(candidates[0] as string)) === "directory") {
    throw new FxperfError("PROFILE_NOT_FOUND", `--profile "${flag}" is a directory: expected a profile JSON file`, {
      hint: await availableHint(io, [candidates[0] as string, userDir, repoDir], display),
    });
  }
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

/** Reads the profile layers for a run. Bad explicit profiles throw (exit 2). */
export async function loadProfiles(io: Io, query: ProfileQuery): Promise<LoadedProfiles> {
  const { fingerprint, display } = query;
  const userDir = await locateUserProfileDir(io, query.userDir, query.cwd, query.specPath);
  const slug = fingerprintSlug(fingerprint);
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

  if (query.envFile) {
    const layer = await readLayer(io, "env", query.envFile, display);
    mismatch(layer, "FXPERF_PROFILE");
    layers.push(layer);
  }

  if (query.flagFile) {
    const layer = await readLayer(io, "flag", query.flagFile, display);
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

  // Before per-project folders, the user directory held one profile per machine for every project.
  const legacy = join(query.userDir, profileFileName(slug));
  if (!query.flagFile && (await io.stat(legacy)) === "file") {
    notices.push(
      `Ignoring "${display(legacy)}": user-directory profiles are kept per project now (this project's: "${display(userDir)}"), and that one may hold another project's baselines. If it is this project's, move it there: mv "${legacy}" "${join(userDir, profileFileName(slug))}"`,
    );
  }
  const local = layers.find((layer) => layer.kind === "local");
  const repo = layers.find((layer) => layer.kind === "repo");
  if (local && repo && repo.profile.calibration.date > local.profile.calibration.date) {
    const shadowed = Object.keys(repo.profile.baselines).filter((id) => local.profile.baselines[id] !== undefined);
    if (shadowed.length > 0) {
      notices.push(
        `Profile "${display(repo.file)}" (calibrated ${repo.profile.calibration.date}) is newer than "${display(local.file)}" (calibrated ${local.profile.calibration.date}), which takes precedence for ${shadowed.length} of its specs: delete the user-directory profile, or re-record it with "fxperf calibrate --overwrite", if the repository's is the one to use`,
      );
    }
  }

  for (const layer of layers) {
    const single = Object.values(layer.profile.baselines).filter((b) => b.kind === "micro" && !b.forks).length;
    if (single > 0) {
      const which =
        layer.profile.schemaVersion < 2 ? "was recorded by fxperf 0.1 (schemaVersion 1)" : "keeps older baselines";
      notices.push(
        `Profile "${display(layer.file)}" ${which}: ${single} of its micro baselines come from one process, so their verdicts lean on this run's forks alone. Re-run "fxperf calibrate --overwrite" to record every fork`,
      );
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
