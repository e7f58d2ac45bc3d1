import { describe, expect, test } from "bun:test";
import type { Override } from "../../../src/env/read-overrides.ts";
import {
  loadBaselineBound,
  type ProfileLayer,
  type ProfileSourceKind,
  resolveLimits,
  resolveLoadLimits,
  resolveTolerance,
} from "../../../src/profiles/resolve-limits.ts";
import { limit, spec } from "../helpers.ts";
import { profile } from "./fixtures.ts";

const base = profile().baselines["json > parse"]!;
const layer = (kind: ProfileSourceKind, p50: number | undefined, tolerance = 0.1): ProfileLayer => ({
  kind,
  file: `/${kind}/linux.json`,
  profile: profile({ tolerance, baselines: p50 === undefined ? {} : { "json > parse": { ...base, p50 } } }),
});
const subject = spec({ id: "json > parse", limits: [limit("p50", 5000)] });
const noTolerance = { flag: undefined, env: undefined };

describe("resolveLimits(): which baseline wins (one table)", () => {
  test.each([
    ["env beats everything", [layer("repo", 3), layer("local", 2), layer("env", 1), layer("flag", 4)], "env", 1],
    ["--profile beats local and repo", [layer("repo", 3), layer("flag", 4), layer("local", 2)], "flag", 4],
    ["local beats repo", [layer("repo", 3), layer("local", 2)], "local", 2],
    ["repo alone", [layer("repo", 3)], "repo", 3],
    ["a higher source without this spec falls through", [layer("env", undefined), layer("repo", 3)], "repo", 3],
    ["no layer: built-in budgets only", [], undefined, undefined],
  ] as [string, ProfileLayer[], ProfileSourceKind | undefined, number | undefined][])("%s", (_, layers, kind, p50) => {
    const resolved = resolveLimits(subject, layers, noTolerance, undefined);
    expect(resolved.baseline?.source.kind).toBe(kind);
    expect(resolved.baseline?.baseline.p50).toBe(p50);
    // The spec's own budget always applies, with its provenance.
    expect(resolved.limits).toEqual([limit("p50", 5000)]);
  });

  test("the baseline carries its file, calibration date, commit and the machine's noise", () => {
    const resolved = resolveLimits(subject, [layer("repo", 3)], noTolerance, undefined);
    expect(resolved.baseline?.source).toEqual({
      kind: "repo",
      file: "/repo/linux.json",
      calibratedAt: "2026-11-26T15:00:00.000Z",
      gitCommit: "0123456789abcdef",
    });
    expect(resolved.baseline?.noiseCv).toBe(0.01);
  });
});

describe("resolveTolerance(): spec > --tolerance > FXPERF_TOLERANCE > profile > 10% (one table)", () => {
  test.each([
    [0.3, 0.2, 0.15, 0.05, 0.3, "spec"],
    [undefined, 0.2, 0.15, 0.05, 0.2, "flag"],
    [undefined, undefined, 0.15, 0.05, 0.15, "env"],
    [undefined, undefined, undefined, 0.05, 0.05, "profile"],
    [undefined, undefined, undefined, undefined, 0.1, "default"],
  ] as const)(
    "spec %p, flag %p, env %p, profile %p → %p from %p",
    (specValue, flag, env, profileValue, value, source) => {
      expect(resolveTolerance(specValue, { flag, env }, profileValue)).toEqual({ value, source });
    },
  );
});

describe("resolveLimits(): overrides", () => {
  const relative: Override = { kind: "relative", variable: "FXPERF_OVERRIDE_JSON_PARSE", raw: "+20%", factor: 1.2 };
  const absolute: Override = { kind: "absolute", variable: "FXPERF_OVERRIDE_JSON_PARSE", raw: "2ms", ns: 2e6 };

  test("a relative override scales every limit and the baseline threshold, and says what it replaced", () => {
    const resolved = resolveLimits(subject, [layer("repo", 1000)], noTolerance, relative);
    expect(resolved.limits[0]).toMatchObject({
      bound: 6000,
      override: { variable: "FXPERF_OVERRIDE_JSON_PARSE", value: "+20%", replaced: 5000 },
    });
    expect(resolved.baseline).toMatchObject({ factor: 1.2, override: { value: "+20%", replaced: 1100 } });
  });

  test("an absolute override replaces the p50 budget and the baseline comparison", () => {
    const resolved = resolveLimits(subject, [layer("repo", 1000)], noTolerance, absolute);
    expect(resolved.baseline).toBeUndefined();
    expect(resolved.limits).toEqual([
      {
        metric: "p50",
        bound: 2e6,
        direction: "max",
        source: { kind: "override", variable: "FXPERF_OVERRIDE_JSON_PARSE" },
        override: { variable: "FXPERF_OVERRIDE_JSON_PARSE", value: "2ms", replaced: 5000 },
      },
    ]);
  });

  test("a load spec's absolute override replaces p99 only: the baseline's rps floor stays", () => {
    const loadLayer: ProfileLayer = {
      kind: "repo",
      file: "/repo/x.json",
      profile: profile({
        baselines: { api: { kind: "load", rps: 1000, p50: 1e6, p99: 5e6, errorRate: 0, requests: 1000 } },
      }),
    };
    const loadSpec = {
      ...spec({ id: "api" }),
      kind: "load" as const,
      url: "http://127.0.0.1:1/",
      method: undefined,
      headers: {},
      body: undefined,
      connections: 1,
      threads: undefined,
      durationS: 1,
      timeoutS: undefined,
      script: undefined,
      warmupS: undefined,
      limits: [],
      retries: undefined,
    };
    const resolved = resolveLoadLimits(loadSpec, [loadLayer], noTolerance, absolute);
    expect(resolved.baseline).toMatchObject({ p99Replaced: true, baseline: { rps: 1000 } });
    expect(resolved.limits).toEqual([expect.objectContaining({ metric: "latency.p99", bound: 2e6 })]);
  });

  test("a baseline kept by --append keeps its own calibration date and commit", () => {
    const kept = { ...base, calibratedAt: "2026-01-01T00:00:00.000Z", gitCommit: "abc" };
    const resolved = resolveLimits(
      subject,
      [{ kind: "repo", file: "/r.json", profile: profile({ baselines: { "json > parse": kept } }) }],
      noTolerance,
      undefined,
    );
    expect(resolved.baseline?.source).toMatchObject({ calibratedAt: "2026-01-01T00:00:00.000Z", gitCommit: "abc" });
  });

  test("an absolute override on a spec with only a baseline replaces the baseline threshold", () => {
    const resolved = resolveLimits(spec({ id: "json > parse" }), [layer("repo", 1000)], noTolerance, absolute);
    expect(resolved.limits[0]!.override!.replaced).toBeCloseTo(1100, 6);
  });
});

describe("loadBaselineBound(): the one formula for a load baseline's bounds", () => {
  const comparison = { baseline: { rps: 1100, p99: 2e6 }, tolerance: 0.1, factor: 1.5 };
  test("rps at least baseline / ((1 + tolerance) x factor); p99 at most baseline x (1 + tolerance) x factor", () => {
    expect(loadBaselineBound(comparison, "rps")).toBeCloseTo(1100 / 1.65, 9);
    expect(loadBaselineBound(comparison, "latency.p99")).toBeCloseTo(2e6 * 1.65, 3);
  });
  test("a factor of 1 gives the bound before a relative override", () => {
    expect(loadBaselineBound(comparison, "rps", 1)).toBeCloseTo(1000, 9);
    expect(loadBaselineBound(comparison, "latency.p99", 1)).toBeCloseTo(2.2e6, 3);
  });
});
