/** Validates emitted JSON reports against the published docs/report.schema.json with ajv. */
import Ajv from "ajv";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const schema = JSON.parse(readFileSync(join(import.meta.dirname, "..", "docs", "report.schema.json"), "utf8"));
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

/** The schema violations of `report`, as readable lines (empty when valid). */
export function reportSchemaErrors(report: unknown): string[] {
  return validate(report) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || "(root)"} ${e.message}`);
}
