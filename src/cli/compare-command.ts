/**
 * `fxperf compare <base.json> <head.json>`: per-spec change between two JSON
 * reports; exit 1 when a spec regressed beyond the tolerance.
 */
import { resolve } from "node:path";
import { ExitCode, type ExitCodeValue, FxperfError } from "../errors.ts";
import { parseJsonDocument } from "../json.ts";
import { createColors } from "../report/colors.ts";
import { renderCompareMarkdown, renderCompareTable } from "../report/render-compare.ts";
import { REPORT_SCHEMA_VERSION, type JsonReport, ReportSchema } from "../result/report-schema.ts";
import type { Runtime } from "../runtime/runtime.ts";
import { compareReports, judgeSpecs } from "../verdict/compare-reports.ts";
import type { CompareSettings } from "./settings.ts";

async function readReport(runtime: Runtime, path: string): Promise<JsonReport> {
  let text: string;
  try {
    text = await runtime.readTextFile(resolve(runtime.cwd(), path));
  } catch (error) {
    throw new FxperfError("REPORT_INVALID", `Cannot read report "${path}": ${(error as Error).message}`, {
      hint: 'write reports with "fxperf run --reporter json=path"',
    });
  }
  return parseJsonDocument(text, path, ReportSchema, {
    label: "report",
    code: "REPORT_INVALID",
    hint: 'compare JSON reports written by "fxperf run --reporter json=path"',
    schemaVersion: REPORT_SCHEMA_VERSION,
  });
}

/** Runs `fxperf compare`. */
export async function compareCommand(runtime: Runtime, settings: CompareSettings): Promise<ExitCodeValue> {
  const { tolerance } = settings;
  const base = await readReport(runtime, settings.base);
  const head = await readReport(runtime, settings.head);
  const specs = judgeSpecs(compareReports(base, head, tolerance));
  if (settings.markdown) runtime.stdout.write(renderCompareMarkdown(specs, tolerance));
  else runtime.stdout.write(renderCompareTable(specs, tolerance, createColors(settings.color.stdout)));
  if (base.machine.slug !== head.machine.slug) {
    runtime.stderr.write(
      `warning: the reports come from different machines (${base.machine.slug} and ${head.machine.slug}): differences may be the hardware's\n`,
    );
  }
  return specs.some((c) => c.verdict === "regressed") ? ExitCode.SpecFailed : ExitCode.Ok;
}
