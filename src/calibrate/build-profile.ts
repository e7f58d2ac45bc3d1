/**
 * Builds a profile from a calibration run: pure. Successful micro results become
 * baselines; with `append`, baselines of an existing profile that were not
 * measured now are kept.
 */
import type { Fingerprint } from "../hardware/fingerprint.ts";
import {
  type Calibration,
  type LoadBaseline,
  type MicroBaseline,
  PROFILE_SCHEMA_URL,
  PROFILE_SCHEMA_VERSION,
  type Profile,
} from "../profiles/schema.ts";
import type { SpecResult } from "../result/spec-result.ts";

/** The baseline recorded for a measured spec, or undefined when it did not pass. */
export function baselineOf(result: SpecResult): MicroBaseline | LoadBaseline | undefined {
  if (result.status !== "PASS" && result.status !== "NO BASELINE") return undefined;
  if (result.kind === "load") {
    if (!result.load) return undefined;
    const { median } = result.load;
    const figures = [median.rps, median.latencyNs.p50, median.latencyNs.p99, median.errorRate];
    // A run whose latency could not be measured (every response timed out) gives no baseline.
    if (!figures.every(Number.isFinite) || !(median.rps > 0)) return undefined;
    return {
      kind: "load",
      rps: median.rps,
      p50: median.latencyNs.p50,
      p99: median.latencyNs.p99,
      errorRate: median.errorRate,
      requests: Math.max(1, Math.round(median.requests)),
    };
  }
  if (result.kind !== "micro" || !result.measurement) return undefined;
  const m = result.measurement;
  return {
    kind: "micro",
    p50: m.p50,
    p99: m.p99,
    avg: m.avg,
    min: m.min,
    sd: m.sd,
    mad: m.mad,
    samples: m.samples,
    batched: m.batched,
    ...(m.heapBytes === undefined ? {} : { heap: m.heapBytes }),
    ...(result.forks ? { forks: [...result.forks.p50sNs] } : {}),
    ...(result.forks?.referenceP50sNs ? { referenceP50s: [...result.forks.referenceP50sNs] } : {}),
  };
}

/** A new profile, or `existing` with the measured baselines added or replaced. */
export function buildProfile(input: {
  readonly fingerprint: Fingerprint;
  readonly calibration: Calibration;
  readonly tolerance: number;
  readonly results: readonly SpecResult[];
  readonly existing: Profile | undefined;
}): Profile {
  const { date, gitCommit, noiseCv } = input.calibration;
  const measured = Object.fromEntries(
    input.results.flatMap((result) => {
      const baseline = baselineOf(result);
      return baseline ? [[result.id, { ...baseline, calibratedAt: date, gitCommit, noiseCv }] as const] : [];
    }),
  );
  return {
    $schema: PROFILE_SCHEMA_URL,
    schemaVersion: PROFILE_SCHEMA_VERSION,
    fingerprint: input.fingerprint,
    calibration: input.calibration,
    tolerance: input.tolerance,
    // A profile's strict setting is the team's choice: re-recording baselines keeps it.
    ...(input.existing?.strict === undefined ? {} : { strict: input.existing.strict }),
    baselines: { ...(input.existing?.baselines ?? {}), ...measured },
  };
}
