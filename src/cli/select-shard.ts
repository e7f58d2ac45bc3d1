/**
 * `--shard i/n` in a measuring command: which of the selected specs this shard runs, and what the
 * report records of the whole suite's plan (so `fxperf merge` can tell what is missing).
 */
import { FxperfError } from "../errors.ts";
import type { ShardInfo } from "../result/shard-info.ts";
import type { Runtime } from "../runtime/runtime.ts";
import type { ResolvedSpec } from "../spec/resolved.ts";
import { formatShard } from "../shard/parse-shard.ts";
import { planShards, type ShardItem, shardItem } from "../shard/plan-shards.ts";
import { parseShardTimings } from "../shard/shard-timings.ts";
import { displayFrom } from "./prepare.ts";
import type { ShardSettings } from "./settings.ts";

/** What sharding needs of one planned item: its grouping, kind and file. */
export type ShardView = ShardItem & { readonly kind: "micro" | "load"; readonly file: string };

/** A resolved spec as sharding sees it: its `.args()` group and `fasterThan` sibling keep it company. */
export function specShardView(spec: ResolvedSpec): ShardView {
  return { ...shardItem(spec.kind === "micro" ? spec : { id: spec.id }), kind: spec.kind, file: spec.file };
}

/**
 * This shard's items (all of them when unsharded) and the shard's record for the report. Says on
 * stderr what the shard runs and how the split was balanced.
 */
export async function selectShard<T>(
  runtime: Runtime,
  settings: ShardSettings,
  items: readonly T[],
  view: (item: T) => ShardView,
): Promise<{ readonly items: T[]; readonly shard: ShardInfo | undefined }> {
  const { shard } = settings;
  if (!shard) return { items: [...items], shard: undefined };
  const display = displayFrom(runtime);
  const timings = settings.shardTimings ? await readTimings(runtime, settings.shardTimings, display) : undefined;
  const views = items.map(view);
  const shards = planShards(views, shard.total, timings ? (id) => timings.get(id) : undefined);
  const shardOf = new Map(shards.flatMap((ids, index) => ids.map((id) => [id, index + 1] as const)));
  const planned = views.map((v) => ({ id: v.id, shard: shardOf.get(v.id)!, kind: v.kind, file: display(v.file) }));
  const mine = items.filter((_, index) => shardOf.get(views[index]!.id) === shard.index);
  const known = timings ? views.filter((v) => timings.has(v.id)).length : 0;
  const balance = timings
    ? `balanced by time (${known} of ${views.length} specs timed in "${display(settings.shardTimings!)}")`
    : "balanced by count";
  runtime.stderr.write(`Shard ${formatShard(shard)}: ${mine.length} of ${items.length} specs, ${balance}\n`);
  return { items: mine, shard: { index: shard.index, total: shard.total, planned } };
}

async function readTimings(runtime: Runtime, file: string, display: (path: string) => string) {
  if ((await runtime.stat(file)) !== "file") {
    throw new FxperfError("USAGE", `Option "--shard-timings" is "${display(file)}": no such file`, {
      hint: "give the JSON report of an earlier run (--reporter json), or leave the option out to balance by count",
    });
  }
  return parseShardTimings(await runtime.readTextFile(file), display(file));
}
