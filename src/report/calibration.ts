/**
 * What `fxperf calibrate` prints: a pure function of its results.
 */
import type { SpecResult } from "../result/spec-result.ts";
import { formatNs } from "../units.ts";
import { formatLoadFigure } from "../format/figures.ts";
import { failureLines } from "./junit-report.ts";
import { type Colors, paintStatus } from "./colors.ts";
import { displayLocation } from "../format/paths.ts";
import { renderTable } from "./table.ts";

/** The facts of a finished calibration. */
export interface CalibrationReport {
  readonly results: readonly SpecResult[];
  readonly recorded: number;
  /** The profile written, or undefined when nothing was. */
  readonly file: string | undefined;
  readonly slug: string;
  readonly noiseCv: number;
  readonly noisy: boolean;
  /** Baselines kept from the existing profile (with --append). */
  readonly kept: number;
}

/** Renders the calibration table and where the baselines went. */
export function renderCalibration(report: CalibrationReport, c: Colors, cwd: string): string {
  const rows = [["STATUS", "SPEC", "P50", "P99", "MAD", "VOLUME"].map((h) => c.dim(h))];
  for (const r of report.results) {
    const m = r.kind === "micro" ? r.measurement : undefined;
    const load = r.kind === "load" ? r.load?.median : undefined;
    if (load)
      rows.push([
        paintStatus(r.status, c),
        r.id,
        formatNs(load.latencyNs.p50),
        formatNs(load.latencyNs.p99),
        "-",
        formatLoadFigure("rps", load.rps),
      ]);
    else
      rows.push([
        paintStatus(r.status, c),
        r.id,
        m ? formatNs(m.p50) : "-",
        m ? formatNs(m.p99) : "-",
        m ? formatNs(m.mad) : "-",
        m ? `${m.samples.toLocaleString("en-US")} samples` : "-",
      ]);
  }
  const lines = [
    "",
    c.bold(`Calibration on ${report.slug}`),
    renderTable(rows, ["left", "left", "right", "right", "right", "right"]),
  ];
  for (const r of report.results.filter((x) => x.error))
    lines.push(c.magenta(`  ${r.id} (${displayLocation(r.file, r.line, cwd)}): ${r.error!.message}`));
  for (const r of report.results) for (const warning of r.warnings) lines.push(c.yellow(`  ${r.id}: ${warning}`));
  for (const r of report.results.filter((x) => x.status === "FAIL"))
    lines.push(c.red(`  ${r.id} (${displayLocation(r.file, r.line, cwd)}): ${failureLines(r).join("; ")}`));
  const noise = `${(report.noiseCv * 100).toFixed(2)}%`;
  lines.push(
    "",
    `  Machine noise (CV of a reference workload): ${report.noisy ? c.yellow(`${noise}: high; baselines recorded now will be loose, calibrate on a quieter machine`) : noise}`,
  );
  if (report.file) {
    lines.push(
      c.green(
        `  Wrote ${report.recorded} baseline${report.recorded === 1 ? "" : "s"} to ${report.file}${report.kept > 0 ? ` (kept ${report.kept} other${report.kept === 1 ? "" : "s"})` : ""}`,
      ),
    );
  } else {
    lines.push(c.yellow("  Nothing written: no spec produced a baseline."));
  }
  return `${lines.join("\n")}\n`;
}
