import { describe, expect, test } from "bun:test";
import { planShards, type ShardItem, shardItem } from "../../../src/shard/plan-shards.ts";

const plain = (id: string): ShardItem => ({ id, together: [] });
const ids = (n: number) => Array.from({ length: n }, (_, i) => `s${String(i).padStart(2, "0")}`);

/** A deterministic shuffle (a fixed permutation), to change the order of files on disk. */
function shuffled<T>(items: readonly T[]): T[] {
  return [...items]
    .map((item, i) => ({ item, key: (i * 7919) % 101 }))
    .sort((a, b) => a.key - b.key)
    .map((x) => x.item);
}

describe("planShards()", () => {
  test("shards are disjoint and together are the whole selection, each in the selection's order", () => {
    const items = ids(12).map(plain);
    const shards = planShards(items, 3);
    expect(shards.flat().sort()).toEqual(ids(12));
    expect(new Set(shards.flat()).size).toBe(12);
    for (const shard of shards) expect(shard).toEqual(ids(12).filter((id) => shard.includes(id)));
    expect(shards.map((s) => s.length)).toEqual([4, 4, 4]);
  });

  test("the split does not depend on the order the specs were found in", () => {
    const items = ids(23).map(plain);
    const sets = (shards: string[][]) => shards.map((s) => [...s].sort());
    expect(sets(planShards(shuffled(items), 4))).toEqual(sets(planShards(items, 4)));
  });

  test("an .args() group stays in one shard, and so does a fasterThan pair (and its chain)", () => {
    const items = [
      ...["n=1", "n=2", "n=3", "n=4"].map((n) => shardItem({ id: `sized [${n}]`, group: { id: "sized" } })),
      shardItem({ id: "map get", fasterThan: { id: "array scan" } }),
      shardItem({ id: "array scan" }),
      shardItem({ id: "scan again", fasterThan: { id: "map get" } }),
      ...ids(5).map(plain),
    ];
    for (const total of [2, 3, 4, 6]) {
      const shards = planShards(items, total);
      const shardOf = (id: string) => shards.findIndex((s) => s.includes(id));
      expect(new Set(["sized [n=1]", "sized [n=2]", "sized [n=3]", "sized [n=4]"].map(shardOf)).size).toBe(1);
      expect(new Set(["map get", "array scan", "scan again"].map(shardOf)).size).toBe(1);
      expect(shards.flat()).toHaveLength(items.length);
    }
  });

  test("with timings, shards are balanced by time: a slow spec gets a shard of its own", () => {
    const items = ["slow", "a", "b", "c", "d"].map(plain);
    const cost = (id: string) => (id === "slow" ? 40 : 10);
    const shards = planShards(items, 2, cost);
    expect(shards.find((s) => s.includes("slow"))).toEqual(["slow"]);
    // By count, the slow spec would have shared a shard with two others.
    expect(planShards(items, 2).find((s) => s.includes("slow"))!.length).toBeGreaterThan(1);
  });

  test("a spec the timings do not know costs the median of those they do", () => {
    const items = ["x", "y", "new1", "new2"].map(plain);
    const known: Record<string, number> = { x: 30, y: 10 };
    const shards = planShards(items, 2, (id) => known[id]);
    // new1 and new2 cost 20 each (the median of 10 and 30): 40 against x and y's 40.
    expect(shards.map((s) => [...s].sort())).toEqual([
      ["x", "y"],
      ["new1", "new2"],
    ]);
  });

  test("more shards than specs leaves some shards empty", () => {
    expect(planShards(["a", "b"].map(plain), 4)).toEqual([["a"], ["b"], [], []]);
  });
});
