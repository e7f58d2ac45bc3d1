/**
 * The JSON report's schema. docs/report.schema.json is generated from it
 * (scripts/generate-schemas.ts), and tests validate emitted reports against that file.
 */
import * as v from "valibot";
import { ProfileSummarySchema } from "./profile-summary.ts";
import { ShardInfoSchema } from "./shard-info.ts";

/** Bumped on any incompatible change to the report. */
export const REPORT_SCHEMA_VERSION = 1;
/** The `$id` of docs/report.schema.json. */
export const REPORT_SCHEMA_ID = "urn:fxperf:report:v1";

/** A number, or null where a figure could not be measured (NaN, infinity). */
const Num = v.nullable(v.number());
const Str = v.nullable(v.string());

const Source = v.object({
  /** spec: the spec's .expect(); override: an FXPERF_OVERRIDE_* variable; env/flag/local/repo: a profile's baseline. */
  kind: v.picklist(["spec", "override", "history", "env", "flag", "local", "repo"]),
  file: Str,
  line: v.nullable(v.number()),
  variable: Str,
  calibratedAt: Str,
  gitCommit: Str,
});

const Override = v.nullable(v.object({ variable: v.string(), value: v.string(), replaced: Num }));

/** One checked limit: a ceiling (max) or a floor (min) on one figure. */
const LimitSchema = v.object({
  metric: v.string(),
  direction: v.picklist(["max", "min"]),
  /** ns for times, bytes for heap, requests/s for rps, bytes/s for transfer, a fraction for errorRate. */
  unit: v.picklist(["ns", "bytes", "requests/s", "bytes/s", "fraction"]),
  bound: Num,
  measured: Num,
  passed: v.boolean(),
  source: Source,
  override: Override,
});

/**
 * One mode of a set of process figures (verdict/modes.ts): the median of its figures (ns), the
 * share of the processes in it, and how many.
 */
export const ModeSchema = v.object({ centreNs: Num, share: v.number(), count: v.number() });

const MicroStats = v.object({
  samples: v.number(),
  iterations: v.number(),
  batched: v.boolean(),
  minNs: Num,
  avgNs: Num,
  p50Ns: Num,
  p75Ns: Num,
  p99Ns: Num,
  maxNs: Num,
  sdNs: Num,
  madNs: Num,
  cv: Num,
  rme: Num,
  heapBytes: Num,
  wallNs: Num,
  /** The 0th to 100th percentiles of the samples (101 values), for plots. */
  percentilesNs: v.array(Num),
  /**
   * Samples beyond Tukey's fences, summed over forks: mild beyond 1.5 × IQR from the quartiles, severe
   * beyond 3 × IQR (as Criterion.rs counts them). Null when not counted; absent before 0.2.
   */
  outliers: v.optional(
    v.nullable(
      v.object({
        lowSevere: v.number(),
        lowMild: v.number(),
        highMild: v.number(),
        highSevere: v.number(),
      }),
    ),
  ),
  /** The fresh processes (forks) the spec was measured in; the figures above are their medians (absent before 0.2). */
  forks: v.optional(
    v.nullable(
      v.object({
        count: v.number(),
        /** Each fork's median, in the order they ran. */
        p50sNs: v.array(Num),
        /** The drift reference kernel's median in each fork. */
        referenceP50sNs: v.nullable(v.array(Num)),
        /** Why no more forks ran: decided, fixed (nothing to decide), time budget, fork cap. */
        stop: v.picklist(["decided", "fixed", "time budget", "fork cap"]),
        elapsedNs: Num,
        /** Each fork's CPU time over wall time while measuring; well under 1: other processes took the CPU. */
        cpuShares: v.optional(v.array(Num)),
        /** The modes the fork medians fell into, fastest first (one when they agree). Absent before 0.2. */
        modes: v.optional(v.array(ModeSchema)),
      }),
    ),
  ),
});

const LoadFigures = v.object({
  requests: Num,
  durationNs: Num,
  bytesRead: Num,
  rps: Num,
  transferBytesPerSec: Num,
  latencyNs: v.object({ avg: Num, stdev: Num, max: Num, p50: Num, p75: Num, p90: Num, p99: Num }),
  errors: v.object({ connect: Num, read: Num, write: Num, timeout: Num, status: Num }),
  errorRate: Num,
  source: v.picklist(["lua", "stdout"]),
});

const Baseline = v.nullable(
  v.object({
    metric: v.string(),
    /** The baseline's fork centre: the mean of the fastest third of its fork medians (ns). */
    baseline: Num,
    /** This run's fork centre, the same figure of its forks; ratio = measured / baseline. */
    measured: Num,
    ratio: Num,
    ratioLow: Num,
    ratioHigh: Num,
    limitRatio: Num,
    decision: v.picklist(["pass", "fail", "undecided"]),
    /** The baseline's fork medians (one for a version 1 profile). */
    baselineForksNs: v.optional(v.array(Num)),
    /** True when the ratio is of times relative to the drift reference kernel. */
    driftCorrected: v.optional(v.boolean()),
    /**
     * The smallest change the verdict could resolve: the half-width of the interval on the ratio, a
     * fraction (0.06: ±6%). Absent before 0.2.
     */
    resolvable: v.optional(Num),
    /** The baseline's plain p50 (the median of its fork medians), beside the centre it was judged on. Absent before 0.2. */
    baselineP50Ns: v.optional(Num),
    tolerance: v.number(),
    toleranceSource: v.picklist(["spec", "flag", "env", "profile", "default"]),
    source: Source,
  }),
);

/** `.expect({ complexity })` of a group: each member's point and every class's fit, best first. */
const ComplexitySchema = v.object({
  group: v.string(),
  param: v.string(),
  points: v.array(v.object({ n: v.number(), p50Ns: Num })),
  expected: Str,
  best: Str,
  fits: v.array(v.object({ complexity: v.string(), coefficient: Num, rms: Num })),
  passed: v.nullable(v.boolean()),
});

/** `.expect({ fasterThan })`: the speed-up against the sibling (its time over this spec's), with its interval. */
const RelativeSchema = v.object({
  fasterThan: v.string(),
  by: v.number(),
  speedup: Num,
  low: Num,
  high: Num,
  decision: v.picklist(["pass", "fail", "undecided"]),
  rounds: v.number(),
});

const SpecSchema = v.object({
  id: v.string(),
  kind: v.picklist(["micro", "load", "hook", "complexity"]),
  /** `.args()`: the group's id and this spec's parameter values. Absent before 0.2. */
  params: v.optional(
    v.nullable(
      v.object({ group: v.string(), values: v.record(v.string(), v.union([v.number(), v.string(), v.boolean()])) }),
    ),
  ),
  /** A complexity row's fit. Absent before 0.2. */
  complexity: v.optional(v.nullable(ComplexitySchema)),
  /** `.expect({ fasterThan })`. Absent before 0.2. */
  relative: v.optional(v.nullable(RelativeSchema)),
  /** Its CPU profile's files and top functions, when one was taken. Absent before 0.2. */
  profile: v.optional(v.nullable(ProfileSummarySchema)),
  tags: v.array(v.string()),
  file: v.string(),
  line: v.nullable(v.number()),
  status: v.picklist(["PASS", "FAIL", "WARN", "ERROR", "SKIP", "NO BASELINE"]),
  micro: v.nullable(MicroStats),
  load: v.nullable(v.object({ attempts: v.array(LoadFigures), median: LoadFigures })),
  limits: v.array(LimitSchema),
  baseline: Baseline,
  warnings: v.array(v.string()),
  error: v.nullable(v.object({ phase: v.string(), message: v.string(), stack: Str, output: Str })),
  skipReason: Str,
  /** Wall time the spec took in this run, hooks and forks included (what --shard-timings balances by). Absent before 0.2. */
  elapsedNs: v.optional(Num),
});

/** The whole JSON report. */
export const ReportSchema = v.object({
  $schema: v.string(),
  schemaVersion: v.literal(REPORT_SCHEMA_VERSION),
  fxperfVersion: v.string(),
  runtime: v.object({ name: v.string(), version: v.string() }),
  machine: v.object({
    slug: v.string(),
    fingerprint: v.object({
      os: v.string(),
      arch: v.string(),
      cpuModel: v.string(),
      cores: v.number(),
      memoryGiB: v.number(),
      runtime: v.string(),
      runtimeMajor: v.number(),
    }),
  }),
  git: v.object({ commit: Str, branch: Str }),
  guard: v.object({ guarded: v.boolean(), refusals: v.array(v.string()), warnings: v.array(v.string()) }),
  startedAt: v.string(),
  endedAt: v.string(),
  interrupted: v.boolean(),
  /** `--strict`: an undecided (WARN) spec failed the run with exit 4. Absent before 0.2. */
  strict: v.optional(v.boolean()),
  selection: v.object({ loaded: v.number(), selected: v.number(), onlyUsed: v.boolean() }),
  profileNotices: v.array(v.string()),
  counts: v.object({
    PASS: v.number(),
    FAIL: v.number(),
    WARN: v.number(),
    ERROR: v.number(),
    SKIP: v.number(),
    "NO BASELINE": v.number(),
  }),
  /** `--shard i/n`: this shard, and every spec of the whole suite with its shard; null unsharded. Absent before 0.2. */
  shard: v.optional(v.nullable(ShardInfoSchema)),
  specs: v.array(SpecSchema),
});

/** A JSON report. */
export type JsonReport = v.InferOutput<typeof ReportSchema>;
/** One spec in a JSON report. */
export type JsonSpec = JsonReport["specs"][number];
/** One limit in a JSON report. */
export type JsonLimit = v.InferOutput<typeof LimitSchema>;
