/** Profiles for unit tests. */
import type { Profile } from "../../../src/profiles/schema.ts";

/** A valid profile; override what the test is about. */
export function profile(overrides: Partial<Profile> = {}): Profile {
  return {
    $schema: "urn:fxperf:profile:v1",
    schemaVersion: 1,
    fingerprint: {
      os: "linux",
      arch: "x64",
      cpuModel: "AMD EPYC 7B13",
      cores: 2,
      memoryGiB: 24,
      runtime: "bun",
      runtimeMajor: 1,
    },
    calibration: {
      fxperfVersion: "0.1.0",
      runtime: "bun",
      runtimeVersion: "1.4.5",
      date: "2026-11-26T15:00:00.000Z",
      gitCommit: "0123456789abcdef",
      noiseCv: 0.01,
    },
    tolerance: 0.1,
    baselines: {
      "json > parse": {
        kind: "micro",
        p50: 1000,
        p99: 1500,
        avg: 1050,
        min: 900,
        sd: 50,
        mad: 30,
        samples: 5000,
        batched: true,
      },
    },
    ...overrides,
  };
}
