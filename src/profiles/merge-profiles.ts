/**
 * `fxperf merge --profile`: partial profiles from `calibrate --shard` into one. The shards must
 * have calibrated one machine class (the same fingerprint); a spec calibrated in two of them is an
 * error unless `overwrite` (then the later file wins). Each baseline keeps its own provenance
 * (date, commit, noise); the profile's calibration is the latest shard's, with the highest noise
 * any shard saw. Pure.
 */
import { FxperfError } from "../errors.ts";
import { PROFILE_SCHEMA_URL, PROFILE_SCHEMA_VERSION, type Profile } from "./schema.ts";

/** A partial profile as read, with the name errors call it by. */
export interface NamedProfile {
  readonly name: string;
  readonly profile: Profile;
}

/** Merges partial profiles of one machine class; throws a usage error (exit 2) naming the file at fault. */
export function mergeProfiles(files: readonly NamedProfile[], overwrite: boolean): Profile {
  const first = files[0];
  if (!first) throw new FxperfError("USAGE", '"fxperf merge --profile" needs profile files to merge');
  const key = (profile: Profile) => JSON.stringify(profile.fingerprint);
  const baselines: Record<string, Profile["baselines"][string]> = {};
  const from = new Map<string, string>();
  for (const { name, profile } of files) {
    if (key(profile) !== key(first.profile)) {
      throw new FxperfError(
        "USAGE",
        `Cannot merge profile "${name}" with "${first.name}": they were calibrated on different machines (${describe(profile)} and ${describe(first.profile)})`,
        { hint: "merge the shards of one calibration, run on one kind of machine" },
      );
    }
    for (const [id, baseline] of Object.entries(profile.baselines)) {
      const other = from.get(id);
      if (other !== undefined && !overwrite) {
        throw new FxperfError("USAGE", `Spec "${id}" was calibrated in two shards: "${other}" and "${name}"`, {
          hint: "pass --overwrite to keep the later file's baseline",
        });
      }
      from.set(id, name);
      baselines[id] = baseline;
    }
  }
  const latest = [...files].sort((a, b) => (a.profile.calibration.date < b.profile.calibration.date ? -1 : 1)).at(-1)!;
  const strict = files.find((f) => f.profile.strict !== undefined)?.profile.strict;
  return {
    $schema: PROFILE_SCHEMA_URL,
    schemaVersion: PROFILE_SCHEMA_VERSION,
    fingerprint: first.profile.fingerprint,
    calibration: {
      ...latest.profile.calibration,
      noiseCv: Math.max(...files.map((f) => f.profile.calibration.noiseCv)),
    },
    tolerance: first.profile.tolerance,
    ...(strict === undefined ? {} : { strict }),
    baselines,
  };
}

/** "linux x64, 2 cores, bun 1". */
function describe(profile: Profile): string {
  const f = profile.fingerprint;
  return `${f.os} ${f.arch} ${f.cpuModel}, ${f.cores} cores, ${f.memoryGiB} GiB, ${f.runtime} ${f.runtimeMajor}`;
}
