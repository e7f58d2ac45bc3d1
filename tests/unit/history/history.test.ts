import { describe, expect, test } from "bun:test";
import { parseHistorySettings, parseHistoryTarget } from "../../../src/cli/parse-output-settings.ts";
import { findChangePoints } from "../../../src/history/change-points.ts";
import { rowsOfRun } from "../../../src/history/rows.ts";
import { buildSeries } from "../../../src/history/series.ts";
import { describeTarget } from "../../../src/history/store.ts";
import { studentTwoSidedP } from "../../../src/micro/stats.ts";
import { renderHistoryJson, sparkline } from "../../../src/report/history-report.ts";
import { runResult, specResult } from "../helpers.ts";

/** Values around `level` with ±`spread` noise from a fixed seed. */
function noisy(n: number, level: number, spread = 0.01, seed = 7): number[] {
  let s = seed;
  return Array.from({ length: n }, () => {
    s = (s * 16807) % 2147483647;
    return level * (1 + spread * (2 * (s / 2147483647) - 1));
  });
}

describe("studentTwoSidedP()", () => {
  test("matches the tables: t 2.228 at 10 df is p 0.05, 4.587 is 0.001, 12.706 at 1 df is 0.05", () => {
    expect(studentTwoSidedP(2.228, 10)).toBeCloseTo(0.05, 4);
    expect(studentTwoSidedP(4.587, 10)).toBeCloseTo(0.001, 5);
    expect(studentTwoSidedP(12.706, 1)).toBeCloseTo(0.05, 4);
    expect(studentTwoSidedP(0, 5)).toBe(1);
    expect(studentTwoSidedP(Number.POSITIVE_INFINITY, 5)).toBe(0);
  });
});

describe("findChangePoints()", () => {
  test("one 20% step after 8 runs is one change point at index 8", () => {
    const series = [...noisy(8, 100), ...noisy(8, 120, 0.01, 11)];
    const found = findChangePoints(series);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ index: 8 });
    expect(found[0]!.changePercent).toBeCloseTo(20, 0);
    expect(found[0]!.pValue).toBeLessThan(0.001);
  });

  test("a flat noisy series has none; two steps are both found, in order", () => {
    expect(findChangePoints(noisy(60, 100, 0.03))).toEqual([]);
    const two = [...noisy(10, 100), ...noisy(10, 110, 0.01, 3), ...noisy(10, 95, 0.01, 5)];
    expect(findChangePoints(two).map((c) => c.index)).toEqual([10, 20]);
  });

  test("a significant step below --min-change is not a change point; too few runs find nothing", () => {
    const small = [...noisy(20, 100, 0.001), ...noisy(20, 101, 0.001, 9)];
    expect(findChangePoints(small)).toEqual([]);
    expect(findChangePoints(small, { minChange: 0.005 })).toHaveLength(1);
    expect(findChangePoints([100, 200, 100, 200, 300])).toEqual([]);
  });
});

describe("history rows and series", () => {
  test("rowsOfRun() records micro specs' fork centre (mean of the fastest third) and leaves out hook rows", () => {
    const spec = specResult({
      id: "a",
      forks: {
        count: 3,
        p50sNs: [100, 130, 160],
        referenceP50sNs: undefined,
        stop: "fixed",
        elapsedNs: 1e9,
      },
    });
    const hook = { ...specResult({ id: "s > afterAll" }), kind: "hook" as const };
    const { run, results } = rowsOfRun(runResult([spec, hook as never], { git: { commit: "abc", branch: "main" } }));
    expect(run).toMatchObject({ command: "run", commit: "abc", branch: "main" });
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ specId: "a", kind: "micro", valueNs: 100, forkP50sNs: [100, 130, 160] });
  });

  test("buildSeries() keeps each spec's last runs with a figure and names the commit after each step", () => {
    const point = (i: number, specId: string, valueNs: number | null) => ({
      runId: i,
      commit: `c${i}`,
      branch: "main",
      recordedAt: `2026-12-01T00:00:${String(i).padStart(2, "0")}Z`,
      specId,
      status: "PASS",
      valueNs,
      forkP50sNs: null,
    });
    const values = [...noisy(8, 100), ...noisy(8, 130, 0.01, 4)];
    const points = [
      ...values.map((v, i) => point(i, "b", v)),
      point(99, "a", null),
      ...values.map((_v, i) => point(i, "a", 100)),
    ];
    const series = buildSeries(points, { last: 100, pValue: 0.001, minChange: 0.02 });
    expect(series.map((s) => s.id)).toEqual(["a", "b"]);
    expect(series[0]!.runs).toHaveLength(16);
    expect(series[1]!.changePoints).toHaveLength(1);
    expect(series[1]!.changePoints[0]).toMatchObject({ index: 8, commit: "c8" });
    expect(buildSeries(points, { last: 5, pValue: 0.001, minChange: 0.02 })[1]!.runs).toHaveLength(5);
    const json = renderHistoryJson({
      target: "t",
      branch: "main",
      machine: "m",
      last: 100,
      pValue: 0.001,
      minChange: 0.02,
      specs: series,
    }) as {
      specs: { changePoints: { commit: string }[] }[];
    };
    expect(json.specs[1]!.changePoints[0]!.commit).toBe("c8");
  });

  test("sparkline(): one bar per run, lowest to highest", () => {
    expect(sparkline([1, 2, 3, 4, 5, 6, 7, 8])).toBe("▁▂▃▄▅▆▇█");
    expect(sparkline([5, 5, 5])).toBe("▁▁▁");
  });
});

describe("history targets", () => {
  test("a SQLite file or a postgres:// URL; a spec path is refused with the hint about =", () => {
    expect(parseHistoryTarget(true, "/w")).toEqual({ kind: "sqlite", path: "/w/.fxperf/history.sqlite" });
    expect(parseHistoryTarget("perf.db", "/w")).toEqual({ kind: "sqlite", path: "/w/perf.db" });
    expect(parseHistoryTarget("postgresql://u:p@h/db", "/w")).toEqual({
      kind: "postgres",
      url: "postgresql://u:p@h/db",
    });
    expect(() => parseHistoryTarget("spec/", "/w")).toThrow('Option "--history" is "spec/": expected a SQLite file');
  });

  test("FXPERF_HISTORY: 1 for the default file, a target, or off; --history-required needs a target", () => {
    const none = { history: undefined, historyRequired: false };
    expect(parseHistorySettings(none, { FXPERF_HISTORY: "1" }, "/w").target).toEqual({
      kind: "sqlite",
      path: "/w/.fxperf/history.sqlite",
    });
    expect(parseHistorySettings(none, { FXPERF_HISTORY: "0" }, "/w").target).toBeUndefined();
    expect(
      parseHistorySettings({ history: "x.sqlite", historyRequired: true }, { FXPERF_HISTORY: "y.db" }, "/w").target,
    ).toEqual({
      kind: "sqlite",
      path: "/w/x.sqlite",
    });
    expect(() => parseHistorySettings(none, { FXPERF_HISTORY: "nope" }, "/w")).toThrow('FXPERF_HISTORY is "nope"');
    expect(() => parseHistorySettings({ history: undefined, historyRequired: true }, {}, "/w")).toThrow(
      "needs a history",
    );
  });

  test("describeTarget() masks a URL's password", () => {
    expect(describeTarget({ kind: "postgres", url: "postgres://perf:s3cret@db:5432/perf" })).toBe(
      "postgres://perf:***@db:5432/perf",
    );
    expect(describeTarget({ kind: "sqlite", path: "/w/h.sqlite" })).toBe("/w/h.sqlite");
  });
});
