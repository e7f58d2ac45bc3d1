import { describe, expect, test } from "bun:test";
import { buildProfile } from "../../../src/calibrate/build-profile.ts";
import { resolveUserProfileDir } from "../../../src/profiles/locations.ts";
import type { SpecResult } from "../../../src/result/spec-result.ts";
import { measurement } from "../helpers.ts";
import { profile } from "../profiles/fixtures.ts";

const result = (id: string, status: SpecResult["status"], p50 = 100): SpecResult => ({
  id,
  kind: "micro",
  file: "/p/a.perf.ts",
  line: 1,
  tags: [],
  status,
  measurement: status === "ERROR" ? undefined : measurement({ p50 }),
  checks: [],
  baseline: undefined,
  warnings: [],
  error: undefined,
  skipReason: undefined,
});

describe("buildProfile()", () => {
  const existing = profile();
  const input = { fingerprint: existing.fingerprint, calibration: existing.calibration, tolerance: 0.1 };

  test("records passing and limit-less specs, never failing or erroring ones", () => {
    const built = buildProfile({
      ...input,
      existing: undefined,
      results: [result("a", "PASS"), result("b", "NO BASELINE"), result("c", "FAIL"), result("d", "ERROR")],
    });
    expect(Object.keys(built.baselines)).toEqual(["a", "b"]);
    expect(built.baselines.a).toMatchObject({ kind: "micro", p50: 100, samples: 100, batched: true });
  });

  test("append keeps the other baselines and replaces the measured ones", () => {
    const built = buildProfile({
      ...input,
      existing,
      results: [result("json > parse", "PASS", 777), result("new", "PASS")],
    });
    expect(Object.keys(built.baselines).sort()).toEqual(["json > parse", "new"]);
    expect(built.baselines["json > parse"]!.p50).toBe(777);
  });

  test("overwrite (no existing) keeps nothing else", () => {
    const built = buildProfile({ ...input, existing: undefined, results: [result("new", "PASS")] });
    expect(Object.keys(built.baselines)).toEqual(["new"]);
  });
});

describe("resolveUserProfileDir()", () => {
  test.each([
    [{}, "linux", "/home/u", "/home/u/.fxperf/profiles"],
    [{ XDG_CONFIG_HOME: "/xdg" }, "linux", "/home/u", "/xdg/fxperf/profiles"],
    [{ APPDATA: "C:/Users/u/AppData/Roaming" }, "win32", "C:/Users/u", "C:/Users/u/AppData/Roaming/fxperf/profiles"],
    [{ APPDATA: "ignored" }, "linux", "/home/u", "/home/u/.fxperf/profiles"],
  ] as [Record<string, string>, string, string, string][])("env %p on %p", (env, platform, home, expected) => {
    expect(resolveUserProfileDir(env, platform, home).replaceAll("\\", "/")).toBe(expected);
  });
});
