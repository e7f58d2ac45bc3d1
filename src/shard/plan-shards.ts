/**
 * Splits a suite's specs into shards: disjoint, their union the whole selection, whatever the
 * order of files on disk. The unit is a spec, but what is judged together stays together: all
 * parameter values of one `.args()` spec (the complexity fit needs every point) and a spec with
 * its `fasterThan` sibling. Units are balanced by expected time when timings are known (longest
 * first, each to the least loaded shard: Graham's LPT rule, within 4/3 of the best), otherwise by
 * count, ties broken by id so every machine computes the same split. Pure.
 */

import { median } from "../micro/stats.ts";

/** A spec as sharding sees it: its id and the keys it must share a shard with. */
export interface ShardItem {
  readonly id: string;
  /** Ids or group keys this spec must stay with (its `.args()` group, its `fasterThan` sibling). */
  readonly together: readonly string[];
}

/** What sharding needs of a resolved spec. */
export interface ShardableSpec {
  readonly id: string;
  readonly group?: { readonly id: string };
  readonly fasterThan?: { readonly id: string };
}

/** The sharding view of a spec: grouped with its `.args()` siblings and its `fasterThan` sibling. */
export function shardItem(spec: ShardableSpec): ShardItem {
  return {
    id: spec.id,
    together: [
      ...(spec.group ? [`group\u0000${spec.group.id}`] : []),
      ...(spec.fasterThan ? [spec.fasterThan.id] : []),
    ],
  };
}

/**
 * The ids of each shard (index 0 is shard 1), each in the order of `items`. `costNs` gives a
 * spec's expected time where a previous report knows it; specs it does not know cost the median
 * of those it does.
 */
export function planShards(
  items: readonly ShardItem[],
  total: number,
  costNs: (id: string) => number | undefined = () => undefined,
): string[][] {
  const units = unitsOf(items);
  const known = items.map((item) => costNs(item.id)).filter((c): c is number => c !== undefined && c >= 0);
  const fallback = known.length > 0 ? median(known) : 1;
  const cost = (id: string) => {
    const c = known.length > 0 ? costNs(id) : undefined;
    return c !== undefined && c >= 0 ? c : fallback;
  };
  const weighted = units
    .map((ids) => ({ ids, key: [...ids].sort()[0]!, cost: ids.reduce((sum, id) => sum + cost(id), 0) }))
    .sort((a, b) => b.cost - a.cost || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const loads = new Array<number>(total).fill(0);
  const shardOf = new Map<string, number>();
  for (const unit of weighted) {
    let target = 0;
    for (let s = 1; s < total; s++) if (loads[s]! < loads[target]!) target = s;
    loads[target]! += unit.cost;
    for (const id of unit.ids) shardOf.set(id, target);
  }
  const shards: string[][] = Array.from({ length: total }, () => []);
  for (const item of items) shards[shardOf.get(item.id)!]!.push(item.id);
  return shards;
}

/** Groups item ids that must stay together (union-find over ids and their `together` keys). */
function unitsOf(items: readonly ShardItem[]): string[][] {
  const parent = new Map<string, string>();
  const find = (key: string): string => {
    let root = key;
    while (parent.has(root) && parent.get(root) !== root) root = parent.get(root)!;
    parent.set(key, root);
    return root;
  };
  const join = (a: string, b: string) => {
    const ra = find(a);
    const rb = find(b);
    // The smaller key becomes the root, so the units do not depend on the order of the items.
    const [low, high] = ra < rb ? [ra, rb] : [rb, ra];
    if (low !== high) parent.set(high, low);
  };
  for (const item of items) {
    find(item.id);
    for (const key of item.together) join(item.id, key);
  }
  const units = new Map<string, string[]>();
  for (const item of items) {
    const root = find(item.id);
    units.set(root, [...(units.get(root) ?? []), item.id]);
  }
  return [...units.values()];
}
