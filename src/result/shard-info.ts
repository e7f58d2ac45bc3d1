/**
 * What a sharded run records of its place in the suite, so that `fxperf merge` can tell what is
 * missing: which shard it was, of how many, and every spec the whole suite planned with its shard.
 */
import * as v from "valibot";

/** A spec of the whole suite's plan, with the shard it was given to (1-based). */
export interface PlannedSpec {
  readonly id: string;
  readonly shard: number;
  readonly kind: "micro" | "load";
  /** Its file as the run shows it (relative), for the rows of a shard that never reported. */
  readonly file: string;
}

/** A run's shard: the `index`-th of `total`, and the whole suite's plan in its order. */
export interface ShardInfo {
  readonly index: number;
  readonly total: number;
  readonly planned: readonly PlannedSpec[];
}

/** The JSON form of {@link ShardInfo} (both reports' `shard` field). */
export const ShardInfoSchema = v.object({
  index: v.pipe(v.number(), v.integer(), v.minValue(1)),
  total: v.pipe(v.number(), v.integer(), v.minValue(1)),
  planned: v.array(
    v.object({
      id: v.string(),
      shard: v.pipe(v.number(), v.integer(), v.minValue(1)),
      kind: v.picklist(["micro", "load"]),
      file: v.string(),
    }),
  ),
});
