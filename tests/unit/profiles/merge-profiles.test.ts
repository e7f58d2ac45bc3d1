import { describe, expect, test } from "bun:test";
import type { FxperfError } from "../../../src/errors.ts";
import { mergeProfiles } from "../../../src/profiles/merge-profiles.ts";
import type { Profile } from "../../../src/profiles/schema.ts";
import { profile as fixture } from "./fixtures.ts";

const baseline = (p50: number) => ({
  kind: "micro" as const,
  p50,
  p99: p50 * 2,
  avg: p50,
  min: p50 / 2,
  sd: 1,
  mad: 1,
  samples: 100,
  batched: false,
});

/** A profile holding `baselines` (spec id to p50), otherwise the fixture's. */
function profile(baselines: Record<string, number>, overrides: Partial<Profile> = {}): Profile {
  return fixture({
    baselines: Object.fromEntries(Object.entries(baselines).map(([id, p50]) => [id, baseline(p50)])),
    ...overrides,
  });
}

describe("mergeProfiles()", () => {
  test("joins the shards' baselines; the calibration is the latest shard's, with the highest noise", () => {
    const late = profile(
      { c: 3 },
      {
        calibration: { ...profile({}).calibration, date: "2026-12-02T00:00:00.000Z", noiseCv: 0.005 },
      },
    );
    const merged = mergeProfiles(
      [
        {
          name: "1.json",
          profile: profile({ a: 1, b: 2 }, { calibration: { ...profile({}).calibration, noiseCv: 0.03 } }),
        },
        { name: "2.json", profile: late },
      ],
      false,
    );
    expect(Object.keys(merged.baselines).sort()).toEqual(["a", "b", "c"]);
    expect(merged.calibration.date).toBe("2026-12-02T00:00:00.000Z");
    expect(merged.calibration.noiseCv).toBe(0.03);
    expect(merged.fingerprint).toEqual(profile({}).fingerprint);
  });

  test("a spec in two shards is refused, unless overwrite: then the later file wins", () => {
    const files = [
      { name: "1.json", profile: profile({ a: 1 }) },
      { name: "2.json", profile: profile({ a: 5 }) },
    ];
    expect(() => mergeProfiles(files, false)).toThrow('Spec "a" was calibrated in two shards: "1.json" and "2.json"');
    expect(mergeProfiles(files, true).baselines.a!.p50).toBe(5);
  });

  test("profiles of different machines are refused, naming both", () => {
    const other = profile({ b: 1 }, { fingerprint: { ...profile({}).fingerprint, cores: 8 } });
    try {
      mergeProfiles(
        [
          { name: "1.json", profile: profile({ a: 1 }) },
          { name: "8c.json", profile: other },
        ],
        false,
      );
      throw new Error("not refused");
    } catch (error) {
      expect((error as FxperfError).exitCode).toBe(2);
      expect((error as FxperfError).message).toContain('Cannot merge profile "8c.json" with "1.json"');
      expect((error as FxperfError).message).toContain("8 cores");
    }
  });
});
