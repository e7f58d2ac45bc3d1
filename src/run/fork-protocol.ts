/**
 * What a parent fxperf process asks of a fork (a fresh child process that measures one micro
 * spec) and what the fork reports back. The report crosses a process boundary, so it is
 * validated here, once, like any other file fxperf reads.
 */
import * as v from "valibot";

/** The hidden command a fork runs: `fxperf __fork '<request JSON>'`. */
export const FORK_COMMAND = "__fork";

/** `fxperf ab`, paired: the base's spec and how the two are measured side by side. */
export interface AbBaseRequest {
  readonly file: string;
  readonly id: string;
  /** Rounds, each measuring both specs once (default {@link AB_ROUNDS}). */
  readonly rounds?: number;
  /** Each spec's time in each round (ns, default {@link AB_ROUND_NS}). */
  readonly roundNs?: number;
  /** Warm-up of both before the first round (ns, default {@link AB_WARMUP_NS}). */
  readonly warmupNs?: number;
  /**
   * Load, warm up and measure the base first in this fork. Alternated from fork to fork: whichever
   * side goes first in a process read 1-2% apart from the other in A/A runs (docs/measurement.md).
   */
  readonly baseFirst?: boolean;
  /** Rounds measured but left out of the figures, to finish warming up (default {@link AB_DISCARD_ROUNDS}). */
  readonly discardRounds?: number;
}

/** Warm-up of both specs in a paired `ab` fork. */
export const AB_WARMUP_NS = 50e6;
/** Rounds a paired `ab` fork measures first and leaves out. */
export const AB_DISCARD_ROUNDS = 0;

/** Rounds per paired `ab` fork (docs/benchmarks.md, "Choosing the paired defaults"). */
export const AB_ROUNDS = 20;
/** Each spec's time per round in a paired `ab` fork. */
export const AB_ROUND_NS = 10e6;

/** What one fork measures. */
export interface ForkRequest {
  /** Absolute path of the spec file. */
  readonly file: string;
  /** The spec's id in that file. */
  readonly id: string;
  /** Where the fork writes its report (JSON). */
  readonly outPath: string;
  /** Measure bytes per iteration too. */
  readonly measureHeap: boolean;
  /** Measure the reference kernel beside the spec, for drift correction. */
  readonly reference: boolean;
  /** `.expect({ fasterThan })`: the sibling's id, measured in rounds alternating with the spec. */
  readonly versus?: string;
  /**
   * `fxperf ab`, paired: the base tree's version of the spec (its file and id), loaded into this
   * process too and measured in rounds alternating with the spec (the head's).
   */
  readonly abBase?: AbBaseRequest;
  /**
   * A profiling fork: measure as a measuring fork does, with the sampling CPU profiler on, until
   * the profile holds `minSamples` (or `maxNs` passed), and write it to `outPath` (.cpuprofile).
   * Its timing enters no verdict.
   */
  readonly profile?: ProfileRequest;
}

/** What a profiling fork records, and where. */
export interface ProfileRequest {
  readonly outPath: string;
  readonly minSamples: number;
  readonly maxNs: number;
  readonly intervalUs: number;
}

const Finite = v.pipe(v.number(), v.finite());
const Count = v.pipe(v.number(), v.integer(), v.minValue(0));

/** A fork's measurement: the engine's figures (times in ns). */
const ForkMeasurementSchema = v.object({
  samples: Finite,
  min: Finite,
  avg: Finite,
  p50: Finite,
  p75: Finite,
  p99: Finite,
  max: Finite,
  sd: Finite,
  mad: Finite,
  cv: Finite,
  rme: Finite,
  percentiles: v.array(Finite),
  /** Samples beyond Tukey's fences; always sent, optional so a report without them still reads. */
  outliers: v.optional(v.object({ lowSevere: Count, lowMild: Count, highMild: Count, highSevere: Count })),
  iterations: Finite,
  batched: v.boolean(),
  heapBytes: v.optional(v.nullable(Finite)),
  wallNs: Finite,
});

/** A fork's report: its measurement, or why it has none. */
export const ForkReportSchema = v.variant("ok", [
  v.object({
    ok: v.literal(true),
    measurement: ForkMeasurementSchema,
    /** The reference kernel's median in this process (ns), when asked for. */
    referenceP50: v.optional(v.nullable(Finite)),
    /** CPU time over wall time while the spec was measured: well under 1 when the fork was descheduled. */
    cpuShare: v.optional(v.nullable(Finite)),
    /** With `versus`: each round's median of the spec and of its sibling, measured side by side. */
    versus: v.optional(v.nullable(v.object({ selfP50s: v.array(Finite), otherP50s: v.array(Finite) }))),
    /** A profiling fork: the samples its profile holds. */
    profileSamples: v.optional(Count),
  }),
  v.object({
    ok: v.literal(false),
    error: v.object({
      phase: v.picklist(["spec", "beforeAll", "afterAll"]),
      message: v.string(),
      stack: v.optional(v.nullable(v.string())),
    }),
  }),
]);

/** A validated fork report. */
export type ForkReport = v.InferOutput<typeof ForkReportSchema>;

/** Parses a fork's report; undefined with a reason when it is not one. */
export function parseForkReport(text: string): { report: ForkReport } | { problem: string } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { problem: `its report is not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  const parsed = v.safeParse(ForkReportSchema, data);
  if (!parsed.success) return { problem: `its report is malformed: ${v.summarize(parsed.issues).split("\n")[0]}` };
  return { report: parsed.output };
}

/** Parses the request a fork was started with; throws with the reason when it is not one. */
export function parseForkRequest(text: string | undefined): ForkRequest {
  const Schema = v.object({
    file: v.pipe(v.string(), v.minLength(1)),
    id: v.string(),
    outPath: v.pipe(v.string(), v.minLength(1)),
    measureHeap: v.boolean(),
    reference: v.boolean(),
    versus: v.optional(v.string()),
    abBase: v.optional(
      v.object({
        file: v.pipe(v.string(), v.minLength(1)),
        id: v.string(),
        rounds: v.optional(v.pipe(v.number(), v.integer(), v.minValue(2))),
        roundNs: v.optional(v.pipe(v.number(), v.minValue(1e5))),
        warmupNs: v.optional(v.pipe(v.number(), v.minValue(0))),
        discardRounds: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
        baseFirst: v.optional(v.boolean()),
      }),
    ),
    profile: v.optional(
      v.object({
        outPath: v.pipe(v.string(), v.minLength(1)),
        minSamples: v.pipe(v.number(), v.integer(), v.minValue(1)),
        maxNs: v.pipe(v.number(), v.minValue(0)),
        intervalUs: v.pipe(v.number(), v.minValue(1)),
      }),
    ),
  });
  const parsed = v.safeParse(Schema, text === undefined ? undefined : JSON.parse(text));
  if (!parsed.success) throw new Error(`Bad fork request: ${v.summarize(parsed.issues)}`);
  return parsed.output;
}
