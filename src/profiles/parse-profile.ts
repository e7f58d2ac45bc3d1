/**
 * Reads a profile's text into a validated Profile, or throws an FxperfError that
 * names the file, the line and column of a JSON error, or the JSON path of a
 * schema violation and what was expected.
 */
import { parseJsonDocument } from "../json.ts";
import { PROFILE_SCHEMA_VERSION, type Profile, ProfileSchema } from "./schema.ts";

export { lineAndColumn } from "../json.ts";

/**
 * Parses and validates `text`, read from `file` (used in messages only). `recalibrate` is the
 * command that records the profile again where it lies (`fxperf calibrate --repo --overwrite` for
 * the repository's).
 */
export function parseProfile(text: string, file: string, recalibrate = "fxperf calibrate --overwrite"): Profile {
  return parseJsonDocument(text, file, ProfileSchema, {
    label: "profile",
    code: "PROFILE_INVALID",
    hint: `re-run "${recalibrate}" to record it again, or fix the file by hand`,
    schemaVersion: PROFILE_SCHEMA_VERSION,
  });
}

/** Serialises a profile with a stable key order and a trailing newline. */
export function renderProfile(profile: Profile): string {
  const sortedBaselines = Object.fromEntries(
    Object.entries(profile.baselines).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  return `${JSON.stringify({ ...profile, baselines: sortedBaselines }, null, 2)}\n`;
}
