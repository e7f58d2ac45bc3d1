/** The report JSON Schema, generated from src/result/report-schema.ts. */
import { toJsonSchema } from "@valibot/to-json-schema";
import { REPORT_SCHEMA_ID, ReportSchema } from "../src/result/report-schema.ts";

/** The JSON Schema text of a report file (stable formatting, trailing newline). */
export function renderReportJsonSchema(): string {
  const schema = toJsonSchema(ReportSchema, { errorMode: "ignore", target: "draft-07" });
  const published = {
    ...schema,
    $id: REPORT_SCHEMA_ID,
    title: "fxperf report",
    description: "The result of one `fxperf run`, written by `--reporter json`.",
  };
  return `${JSON.stringify(published, null, 2)}\n`;
}
