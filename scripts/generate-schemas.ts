/**
 * Writes the published JSON Schemas in docs/ from the valibot schemas that
 * validate at run time, so the two cannot drift (tests/unit/profiles/schema.test.ts
 * fails when docs/ is stale). Run: `node_modules/.bin/bun scripts/generate-schemas.ts`.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderProfileJsonSchema } from "./profile-json-schema.ts";

const target = join(import.meta.dir, "..", "docs", "profile.schema.json");
writeFileSync(target, renderProfileJsonSchema());
console.log(`wrote ${target}`);
