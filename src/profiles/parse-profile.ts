/**
 * Reads a profile's text into a validated Profile, or throws an FxperfError that
 * names the file, the line and column of a JSON error, or the JSON path of a
 * schema violation and what was expected.
 */
import { type ParseError, parse as parseJsonc, printParseErrorCode } from "jsonc-parser";
import * as v from "valibot";
import { FxperfError } from "../errors.ts";
import { PROFILE_SCHEMA_VERSION, type Profile, ProfileSchema } from "./schema.ts";

/** 1-based line and column of a character offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split("\n");
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

const RECALIBRATE = 're-run "fxperf calibrate --overwrite" to record it again, or fix the file by hand';

/** "PropertyNameExpected" → "property name expected". */
function words(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
}

/** Parses and validates `text`, read from `file` (used in messages only). */
export function parseProfile(text: string, file: string): Profile {
  const errors: ParseError[] = [];
  const data: unknown = parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length > 0) {
    const first = errors[0]!;
    const { line, column } = lineAndColumn(text, first.offset);
    throw new FxperfError("PROFILE_INVALID", `Cannot read profile "${file}": invalid JSON at line ${line}, column ${column}: ${words(printParseErrorCode(first.error))}`, {
      hint: RECALIBRATE,
    });
  }
  const version = (data as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof version === "number" && version > PROFILE_SCHEMA_VERSION) {
    throw new FxperfError("PROFILE_INVALID", `Cannot read profile "${file}": schemaVersion ${version} is newer than this fxperf understands (${PROFILE_SCHEMA_VERSION})`, {
      hint: "upgrade fxperf to a version that writes this schema, or recalibrate with this one",
    });
  }
  const result = v.safeParse(ProfileSchema, data);
  if (!result.success) {
    const issue = result.issues[0];
    const path = v.getDotPath(issue) ?? "(top level)";
    throw new FxperfError("PROFILE_INVALID", `Cannot read profile "${file}": "${path}" ${describeIssue(issue)}`, { hint: RECALIBRATE });
  }
  return result.output;
}

function describeIssue(issue: v.BaseIssue<unknown>): string {
  if (issue.expected === "never") return "is not a known field";
  if (issue.received === "undefined") return "is missing";
  return `must be ${issue.expected ?? "valid"}, got ${issue.received}`;
}

/** Serialises a profile with a stable key order and a trailing newline. */
export function renderProfile(profile: Profile): string {
  const sortedBaselines = Object.fromEntries(Object.entries(profile.baselines).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return `${JSON.stringify({ ...profile, baselines: sortedBaselines }, null, 2)}\n`;
}
