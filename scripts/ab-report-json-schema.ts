/** The `fxperf ab` report JSON Schema, generated from src/result/ab-report-schema.ts. */
import { toJsonSchema } from "@valibot/to-json-schema";
import { AB_REPORT_SCHEMA_ID, AbReportSchema } from "../src/result/ab-report-schema.ts";

/** The JSON Schema text of an `fxperf ab --reporter json` document (stable formatting, trailing newline). */
export function renderAbReportJsonSchema(): string {
  const schema = toJsonSchema(AbReportSchema, { errorMode: "ignore", target: "draft-07" });
  const published = {
    ...schema,
    $id: AB_REPORT_SCHEMA_ID,
    title: "fxperf A/B report",
    description: "The result of one `fxperf ab` (base and head measured side by side), written by `--reporter json`.",
  };
  return `${JSON.stringify(published, null, 2)}\n`;
}
