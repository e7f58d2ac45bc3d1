/** The profile JSON Schema, generated from src/profiles/schema.ts. */
import { toJsonSchema } from "@valibot/to-json-schema";
import { PROFILE_SCHEMA_URL, ProfileSchema } from "../src/profiles/schema.ts";

/** The JSON Schema text of a profile file (stable formatting, trailing newline). */
export function renderProfileJsonSchema(): string {
  // isoTimestamp and finite have no JSON Schema keyword; "ignore" drops them (the runtime check stays).
  const schema = toJsonSchema(ProfileSchema, { errorMode: "ignore", target: "draft-07" });
  const published = {
    ...schema,
    $id: PROFILE_SCHEMA_URL,
    title: "fxperf profile",
    description: "Baselines of one machine class, written by `fxperf calibrate`.",
  };
  return `${JSON.stringify(published, null, 2)}\n`;
}
