import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ExitCode, type FxperfError } from "../../../src/errors.ts";
import { lineAndColumn, parseProfile, renderProfile } from "../../../src/profiles/parse-profile.ts";
import { renderProfileJsonSchema } from "../../../scripts/profile-json-schema.ts";
import { profile } from "./fixtures.ts";

function errorOf(text: string): FxperfError {
  try {
    parseProfile(text, "perf-profiles/ci.json");
  } catch (error) {
    return error as FxperfError;
  }
  throw new Error("expected parseProfile to throw");
}

describe("parseProfile()", () => {
  test("reads what renderProfile writes", () => {
    const original = profile();
    expect(parseProfile(renderProfile(original), "x.json")).toEqual(original);
  });

  test("a byte-order mark at the start is not an error (issue 23)", () => {
    const text = renderProfile(profile());
    expect(parseProfile(`\uFEFF${text}`, "bom.json")).toEqual(parseProfile(text, "plain.json"));
  });

  test("invalid JSON names the file, line and column; exit 2", () => {
    const error = errorOf('{\n  "schemaVersion": 1,\n  "tolerance": ,\n}');
    expect(error.message).toBe(
      'Cannot read profile "perf-profiles/ci.json": invalid JSON at line 3, column 16: value expected',
    );
    expect(error.exitCode).toBe(ExitCode.Usage);
    expect(error.hint).toContain("fxperf calibrate --overwrite");
  });

  test("a schema violation names the JSON path and what was expected", () => {
    const bad = JSON.parse(renderProfile(profile()));
    bad.baselines["json > parse"].p50 = "fast";
    expect(errorOf(JSON.stringify(bad)).message).toBe(
      'Cannot read profile "perf-profiles/ci.json": "baselines.json > parse.p50" must be number, got "fast"',
    );
  });

  test("an implausible time (1e308 ns) is refused, naming the field", () => {
    const bad = JSON.parse(renderProfile(profile()));
    bad.baselines["json > parse"].p50 = 1e308;
    const message = errorOf(JSON.stringify(bad)).message;
    expect(message).toContain('"baselines.json > parse.p50"');
    expect(message).toContain("must be <=86400000000000, got 1e+308");
    const forks = JSON.parse(renderProfile(profile()));
    forks.baselines["json > parse"].forks = [1000, 9e20];
    expect(errorOf(JSON.stringify(forks)).message).toContain('"baselines.json > parse.forks.1"');
  });

  test("a missing field and an unknown field are named", () => {
    const missing = JSON.parse(renderProfile(profile()));
    delete missing.calibration.noiseCv;
    expect(errorOf(JSON.stringify(missing)).message).toContain('"calibration.noiseCv" is missing');
    const unknown = JSON.parse(renderProfile(profile()));
    unknown.fingerprint.gpu = "none";
    expect(errorOf(JSON.stringify(unknown)).message).toContain('"fingerprint.gpu" is not a known field');
  });

  test("a newer schema version is refused with an upgrade hint", () => {
    const error = errorOf(JSON.stringify({ ...profile(), schemaVersion: 3 }));
    expect(error.message).toContain("schemaVersion 3 is newer than this fxperf understands (2)");
    expect(error.hint).toContain("upgrade fxperf");
  });

  test("lineAndColumn() counts from 1", () => {
    expect(lineAndColumn("ab\ncd", 0)).toEqual({ line: 1, column: 1 });
    expect(lineAndColumn("ab\ncd", 4)).toEqual({ line: 2, column: 2 });
  });

  test("renderProfile() sorts baselines by id so diffs stay small", () => {
    const text = renderProfile(
      profile({ baselines: { b: profile().baselines["json > parse"]!, a: profile().baselines["json > parse"]! } }),
    );
    expect(text.indexOf('"a"')).toBeLessThan(text.indexOf('"b"'));
  });
});

describe("docs/profile.schema.json", () => {
  test("is what the valibot schema generates (run scripts/generate-schemas.ts after changing it)", () => {
    const published = readFileSync(join(import.meta.dirname, "..", "..", "..", "docs", "profile.schema.json"), "utf8");
    expect(published).toBe(renderProfileJsonSchema());
  });

  test("describes the fields a profile has", () => {
    const schema = JSON.parse(renderProfileJsonSchema());
    // Every field a written profile has, plus the optional "strict" setting.
    expect(Object.keys(schema.properties).sort()).toEqual([...Object.keys(profile()), "strict"].sort());
    expect(schema.required).toEqual(
      expect.arrayContaining(["schemaVersion", "fingerprint", "calibration", "tolerance", "baselines"]),
    );
  });
});
