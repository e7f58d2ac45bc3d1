/**
 * The profile file: baselines for one machine class. Validated once, here, at
 * the boundary; docs/profile.schema.json is generated from this schema
 * (scripts/generate-schemas.ts) and a test keeps the two equal.
 */
import * as v from "valibot";

/** The schema version this fxperf writes and reads. Newer files are refused with an upgrade hint. */
export const PROFILE_SCHEMA_VERSION = 2;

/** Older versions this fxperf still reads (a version 1 baseline is one process: no `forks`). */
export const READABLE_PROFILE_VERSIONS = [1, 2] as const;
/** The `$id` of the published JSON Schema of profiles (docs/profile.schema.json). */
export const PROFILE_SCHEMA_URL = "urn:fxperf:profile:v1";

const NonNegative = v.pipe(v.number(), v.finite(), v.minValue(0));
const Positive = v.pipe(v.number(), v.finite(), v.gtValue(0));
const Count = v.pipe(v.number(), v.integer(), v.minValue(1));
/** The longest time a baseline can plausibly record: a day, the longest `--timeout` allows. */
export const MAX_PLAUSIBLE_NS = 24 * 3600e9;
/** A time in ns: above zero and at most a day (a p50 of 1e308 is a corrupt file, not a measurement). */
const Time = v.pipe(v.number(), v.finite(), v.gtValue(0), v.maxValue(MAX_PLAUSIBLE_NS));

/** The machine class a profile was recorded on. */
export const FingerprintSchema = v.strictObject({
  os: v.pipe(v.string(), v.minLength(1)),
  arch: v.pipe(v.string(), v.minLength(1)),
  cpuModel: v.string(),
  cores: Count,
  memoryGiB: Count,
  runtime: v.pipe(v.string(), v.minLength(1)),
  runtimeMajor: v.pipe(v.number(), v.integer(), v.minValue(0)),
});

/** How and when the profile was calibrated. */
export const CalibrationSchema = v.strictObject({
  fxperfVersion: v.string(),
  runtime: v.string(),
  runtimeVersion: v.string(),
  /** ISO 8601 date-time. */
  date: v.pipe(v.string(), v.isoTimestamp()),
  gitCommit: v.nullable(v.string()),
  /** Coefficient of variation of a reference workload across repeats: the machine's noise then. */
  noiseCv: NonNegative,
});

/** When one baseline was recorded: with --append, kept baselines keep their own. */
const BaselineProvenance = {
  /** ISO 8601 date-time of the calibration that recorded this baseline. */
  calibratedAt: v.optional(v.pipe(v.string(), v.isoTimestamp())),
  gitCommit: v.optional(v.nullable(v.string())),
  /** The machine's noise at that calibration. */
  noiseCv: v.optional(NonNegative),
};

/** Statistics of one micro spec at calibration time; times in ns. */
export const MicroBaselineSchema = v.strictObject({
  kind: v.literal("micro"),
  p50: Time,
  p99: Time,
  avg: Time,
  min: NonNegative,
  /** Standard deviation of the samples. */
  sd: NonNegative,
  /** Median absolute deviation × 1.4826. */
  mad: NonNegative,
  samples: Count,
  /** Whether samples were batch means (fast functions). */
  batched: v.boolean(),
  /** Bytes allocated and returned per call, when measured. */
  heap: v.optional(NonNegative),
  /**
   * The median of each fork (fresh process) the baseline was measured in, ns: the spread between
   * processes the run is compared against. Absent in version 1 profiles (one process).
   */
  forks: v.optional(v.pipe(v.array(Time), v.minLength(1))),
  /** The drift reference kernel's median in each of those forks, ns, in the same order. */
  referenceP50s: v.optional(v.pipe(v.array(Positive), v.minLength(1))),
  ...BaselineProvenance,
});

/** Figures of one load spec at calibration time (median of its attempts); latencies in ns. */
export const LoadBaselineSchema = v.strictObject({
  kind: v.literal("load"),
  rps: Positive,
  p50: NonNegative,
  p99: NonNegative,
  errorRate: v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(1)),
  requests: Count,
  ...BaselineProvenance,
});

/** A whole profile file. */
export const ProfileSchema = v.strictObject({
  $schema: v.optional(v.string()),
  schemaVersion: v.picklist(READABLE_PROFILE_VERSIONS),
  /** `fxperf run` against this profile treats an undecided spec as `--strict` does. */
  strict: v.optional(v.boolean()),
  fingerprint: FingerprintSchema,
  calibration: CalibrationSchema,
  /** Default tolerance for this profile's comparisons, as a fraction (0.1 = 10%). */
  tolerance: v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(10)),
  /** Baselines keyed by spec id. */
  baselines: v.record(v.string(), v.variant("kind", [MicroBaselineSchema, LoadBaselineSchema])),
});

/** A validated profile. */
export type Profile = v.InferOutput<typeof ProfileSchema>;
/** A micro spec's baseline. */
export type MicroBaseline = v.InferOutput<typeof MicroBaselineSchema>;
/** A load spec's baseline. */
export type LoadBaseline = v.InferOutput<typeof LoadBaselineSchema>;
/** Calibration metadata. */
export type Calibration = v.InferOutput<typeof CalibrationSchema>;
