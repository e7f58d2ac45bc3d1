/**
 * The JSON document `fxperf ab --reporter json` writes: its own document type beside the run
 * report. docs/ab-report.schema.json is generated from this schema (scripts/generate-schemas.ts),
 * and tests validate emitted documents against that file.
 */
import * as v from "valibot";
import { ProfileSummarySchema } from "./profile-summary.ts";
import { ShardInfoSchema } from "./shard-info.ts";
import { AB_STATUSES } from "./ab-result.ts";
import { ModeSchema } from "./report-schema.ts";

/** Bumped on any incompatible change to the document. */
export const AB_REPORT_SCHEMA_VERSION = 1;
/** The `$id` of docs/ab-report.schema.json. */
export const AB_REPORT_SCHEMA_ID = "urn:fxperf:ab-report:v1";

const Num = v.nullable(v.number());
const Str = v.nullable(v.string());

const Side = v.nullable(
  v.object({
    /** Mean of the fastest third of the side's figures, ns (time per call, or per request for load specs). */
    centreNs: Num,
    /** Each process's median (micro) or each wrk run's time per request (load), ns, in order. */
    valuesNs: v.array(Num),
    cpuShares: v.array(Num),
    rps: v.array(Num),
    /** The modes the side's figures fell into, fastest first (one when they agree). Absent before 0.2. */
    modes: v.optional(v.array(ModeSchema)),
  }),
);

const Spec = v.object({
  id: v.string(),
  kind: v.picklist(["micro", "load"]),
  status: v.picklist(AB_STATUSES),
  files: v.object({ base: Str, head: Str }),
  base: Side,
  head: Side,
  /** head / base: above 1 is slower. */
  change: v.nullable(
    v.object({
      ratio: Num,
      low: Num,
      high: Num,
      level: v.number(),
      tolerance: v.number(),
      /**
       * paired: base and head measured in the same processes, the ratio being the geometric mean of
       * `pairRatios`; separate: one process (or wrk run) per side, the ratio of the sides' centres.
       * Absent before 0.2.
       */
      method: v.optional(v.picklist(["paired", "separate"])),
      /** Paired: each process's own head/base ratio, in the order they ran. Absent before 0.2. */
      pairRatios: v.optional(v.array(Num)),
      /** The smallest change the verdict could resolve: the interval's half-width, a fraction. Absent before 0.2. */
      resolvable: v.optional(Num),
    }),
  ),
  pairs: v.number(),
  stop: v.nullable(v.picklist(["decided", "fixed", "time budget", "fork cap"])),
  elapsedNs: v.number(),
  error: v.nullable(
    v.object({ side: v.picklist(["base", "head"]), phase: v.string(), message: v.string(), output: Str }),
  ),
  skipReason: Str,
  warnings: v.array(v.string()),
  /** Both sides' CPU profiles and what changed between them, when taken. Absent before 0.2. */
  profile: v.optional(v.nullable(ProfileSummarySchema)),
});

/** The whole document. */
export const AbReportSchema = v.object({
  $schema: v.optional(v.string()),
  schemaVersion: v.literal(AB_REPORT_SCHEMA_VERSION),
  kind: v.literal("fxperf-ab-report"),
  fxperfVersion: v.string(),
  runtime: v.object({ name: v.string(), version: v.string() }),
  startedAt: v.string(),
  endedAt: v.string(),
  base: v.object({
    ref: Str,
    commit: Str,
    source: v.picklist(["worktree", "dir"]),
    dependencies: v.string(),
  }),
  head: v.object({ commit: Str, dirty: v.boolean() }),
  guard: v.object({ guarded: v.boolean(), refusals: v.array(v.string()), warnings: v.array(v.string()) }),
  strict: v.boolean(),
  interrupted: v.boolean(),
  /** Specs the comparison set out to report; `specs` holds fewer when it was interrupted. */
  planned: v.number(),
  /** Load specs: the CPUs wrk and the servers were pinned to, or null when unpinned. Absent before 0.2. */
  loadCpus: v.optional(v.nullable(v.object({ wrk: v.string(), servers: v.string() }))),
  /** `--shard i/n`: this shard, and every spec of the whole comparison with its shard; null unsharded. Absent before 0.2. */
  shard: v.optional(v.nullable(ShardInfoSchema)),
  counts: v.object(
    Object.fromEntries(AB_STATUSES.map((s) => [s, v.number()])) as Record<
      (typeof AB_STATUSES)[number],
      v.NumberSchema<undefined>
    >,
  ),
  specs: v.array(Spec),
});

/** A parsed `fxperf ab` JSON document. */
export type AbReport = v.InferOutput<typeof AbReportSchema>;
