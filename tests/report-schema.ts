/** Validates emitted JSON reports against the published schemas in docs/ with ajv. */
import Ajv from "ajv";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const ajv = new Ajv({ allErrors: true, strict: false });
const compile = (file: string) =>
  ajv.compile(JSON.parse(readFileSync(join(import.meta.dirname, "..", "docs", file), "utf8")));
const validateRun = compile("report.schema.json");
const validateAb = compile("ab-report.schema.json");

function errors(validate: ReturnType<typeof compile>, report: unknown): string[] {
  return validate(report) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || "(root)"} ${e.message}`);
}

/** The violations of docs/report.schema.json by `report`, as readable lines (empty when valid). */
export function reportSchemaErrors(report: unknown): string[] {
  return errors(validateRun, report);
}

/** The violations of docs/ab-report.schema.json by an `fxperf ab` JSON document (empty when valid). */
export function abReportSchemaErrors(report: unknown): string[] {
  return errors(validateAb, report);
}
