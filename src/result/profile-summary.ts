/**
 * What a spec's CPU profiles say: where the files are, how many samples they hold, and the
 * functions that explain the change (ab: head minus base) or the head's top functions (run).
 * Plain data; the JSON schema of both reports reuses {@link ProfileSummarySchema}.
 */
import * as v from "valibot";

/** One function (or package, or the garbage collector) in a profile summary. */
export interface ProfileRow {
  readonly name: string;
  /** "src/work.ts:12" as the user wrote it, the package's name, or "" for the garbage collector. */
  readonly location: string;
  /** Its share of the base's samples, in percent; null without a base profile. */
  readonly basePercent: number | null;
  readonly headPercent: number;
  /** Head minus base, in percentage points; null without a base profile. */
  readonly changePoints: number | null;
}

/** A frame of the head's call tree (icicle chart), with its samples (its callees' included). */
export interface IcicleNode {
  readonly name: string;
  readonly location: string;
  readonly samples: number;
  /** Its share of self time grew from base to head (a row of "what changed"). */
  readonly grew: boolean;
  readonly children: readonly IcicleNode[];
}

/** A spec's profiles and what they say. */
export interface ProfileSummary {
  /** "change": the rows are the largest changes from base to head; "top": the head's largest shares. */
  readonly kind: "change" | "top";
  /** The .cpuprofile files, as shown (relative to the working directory). */
  readonly files: { readonly base: string | null; readonly head: string };
  readonly samples: { readonly base: number | null; readonly head: number };
  readonly rows: readonly ProfileRow[];
  /** Changes left out because sampling noise explains them (kind "change"). */
  readonly withinNoise: number;
  /** The head's call tree, pruned (profiling/icicle.ts). */
  readonly icicle: IcicleNode;
}

const IcicleSchema: v.GenericSchema<IcicleNode> = v.object({
  name: v.string(),
  location: v.string(),
  samples: v.number(),
  grew: v.boolean(),
  children: v.array(v.lazy(() => IcicleSchema)),
});

/** The JSON form of a {@link ProfileSummary}. */
export const ProfileSummarySchema = v.object({
  kind: v.picklist(["change", "top"]),
  files: v.object({ base: v.nullable(v.string()), head: v.string() }),
  samples: v.object({ base: v.nullable(v.number()), head: v.number() }),
  rows: v.array(
    v.object({
      name: v.string(),
      location: v.string(),
      basePercent: v.nullable(v.number()),
      headPercent: v.number(),
      changePoints: v.nullable(v.number()),
    }),
  ),
  withinNoise: v.number(),
  icicle: IcicleSchema,
});

const round = (x: number) => Math.round(x * 100) / 100;
const roundOrNull = (x: number | null) => (x === null ? null : round(x));

/** The JSON form of a summary (percentages to two decimals), or null without one. */
export function profileJson(
  summary: ProfileSummary | undefined,
): (Omit<v.InferOutput<typeof ProfileSummarySchema>, "icicle"> & { icicle: IcicleNode }) | null {
  if (!summary) return null;
  return {
    kind: summary.kind,
    files: { ...summary.files },
    samples: { ...summary.samples },
    rows: summary.rows.map((r) => ({
      name: r.name,
      location: r.location,
      basePercent: roundOrNull(r.basePercent),
      headPercent: round(r.headPercent),
      changePoints: roundOrNull(r.changePoints),
    })),
    withinNoise: summary.withinNoise,
    icicle: summary.icicle,
  };
}
