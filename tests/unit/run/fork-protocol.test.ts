import { describe, expect, test } from "bun:test";
import { summarise } from "../../../src/micro/stats.ts";
import { parseForkReport } from "../../../src/run/fork-protocol.ts";

/** A fork's report as the child writes it: the engine's measurement, serialised. */
function reportText(extra: Record<string, unknown> = {}, drop: string[] = []): string {
  const measurement: Record<string, unknown> = {
    ...summarise([6, ...Array(10).fill(10), ...Array(10).fill(12), 16, 20]),
    iterations: 23,
    batched: false,
    heapBytes: null,
    wallNs: 1e8,
    ...extra,
  };
  for (const key of drop) delete measurement[key];
  return JSON.stringify({ ok: true, measurement, referenceP50: null, cpuShare: 0.99 });
}

describe("parseForkReport() outliers", () => {
  test("carries the outlier counts a fork sends", () => {
    const parsed = parseForkReport(reportText());
    expect("report" in parsed && parsed.report.ok && parsed.report.measurement.outliers).toEqual({
      lowSevere: 0,
      lowMild: 1,
      highMild: 1,
      highSevere: 1,
    });
  });
  test("still reads a report without them", () => {
    const parsed = parseForkReport(reportText({}, ["outliers"]));
    expect("report" in parsed).toBe(true);
    expect("report" in parsed && parsed.report.ok && parsed.report.measurement.outliers).toBeUndefined();
  });
  test("refuses counts that are not whole non-negative numbers", () => {
    const negative = parseForkReport(
      reportText({ outliers: { lowSevere: -1, lowMild: 0, highMild: 0, highSevere: 0 } }),
    );
    expect("problem" in negative && negative.problem).toContain("malformed");
    const fraction = parseForkReport(
      reportText({ outliers: { lowSevere: 0, lowMild: 0.5, highMild: 0, highSevere: 0 } }),
    );
    expect("problem" in fraction).toBe(true);
  });
});
