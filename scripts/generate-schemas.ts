/**
 * Writes the published JSON Schemas in docs/ from the valibot schemas fxperf
 * validates with, so the two cannot drift (tests fail when docs/ is stale).
 * Run: `node_modules/.bin/bun scripts/generate-schemas.ts`.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderAbReportJsonSchema } from "./ab-report-json-schema.ts";
import { renderProfileJsonSchema } from "./profile-json-schema.ts";
import { renderReportJsonSchema } from "./report-json-schema.ts";

const docs = join(import.meta.dir, "..", "docs");
for (const [name, text] of [
  ["profile.schema.json", renderProfileJsonSchema()],
  ["report.schema.json", renderReportJsonSchema()],
  ["ab-report.schema.json", renderAbReportJsonSchema()],
] as const) {
  writeFileSync(join(docs, name), text);
  console.log(`wrote docs/${name}`);
}
