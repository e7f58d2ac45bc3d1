import { describe, expect, test } from "bun:test";
import { MIN_BATCHES_PER_ROUND, measureRounds, ROUND_BATCH_TARGET_NS } from "../../../src/micro/rounds.ts";

/** A fake clock that moves only when a function "runs": each call costs its own nanoseconds. */
function fakeWorld(costs: readonly [number, number]) {
  let now = 0;
  const calls: number[] = [];
  const fns = costs.map((cost, side) => () => {
    now += cost;
    calls.push(side);
    return side;
  }) as unknown as [() => unknown, () => unknown];
  return { fns, calls, nowNs: () => now };
}

const options = {
  rounds: 6,
  discardRounds: 0,
  roundNs: 100_000,
  warmupNs: 10_000,
  warmupMinCalls: 5,
  warmupMaxNs: 1e9,
  maxBatch: 4096,
};

describe("measureRounds()", () => {
  test("each round gives each function its time per call, so the rounds' ratio is the true one", async () => {
    const world = fakeWorld([100, 110]);
    const result = await measureRounds(world.fns, options, world.nowNs);
    expect(result.p50s[0]).toHaveLength(6);
    expect(result.p50s[1]).toHaveLength(6);
    for (let r = 0; r < 6; r++) expect(result.p50s[1][r]! / result.p50s[0][r]!).toBeCloseTo(1.1, 10);
    expect(result.stats.p50).toBeCloseTo(100, 10);
  });
  test("rounds alternate which function goes first: AB, BA, AB ...", async () => {
    const world = fakeWorld([100, 100]);
    await measureRounds(world.fns, { ...options, warmupNs: 0, warmupMinCalls: 0 }, world.nowNs);
    // After the two probe calls, the measured calls come in runs of one side at a time.
    const runs: number[] = [];
    for (const side of world.calls.slice(2)) if (runs.at(-1) !== side) runs.push(side);
    expect(runs).toEqual([0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0].filter((_, i, a) => i === 0 || a[i - 1] !== a[i]));
  });
  test("fast calls are timed in batches sized to about 5 µs", async () => {
    const world = fakeWorld([50, 50]);
    const result = await measureRounds(world.fns, options, world.nowNs);
    expect(result.batched).toBe(true);
    expect(result.iterations % (ROUND_BATCH_TARGET_NS / 50)).toBe(0);
  });
  test("a slow call is timed alone, and a round holds a minimum of batches however long they take", async () => {
    const world = fakeWorld([1e6, 1e6]);
    const result = await measureRounds(world.fns, { ...options, rounds: 2, roundNs: 1 }, world.nowNs);
    expect(result.batched).toBe(false);
    expect(result.iterations).toBe(2 * MIN_BATCHES_PER_ROUND);
  });
  test("discarded rounds are measured but not reported", async () => {
    const world = fakeWorld([100, 100]);
    const result = await measureRounds(world.fns, { ...options, rounds: 3, discardRounds: 2 }, world.nowNs);
    expect(result.p50s[0]).toHaveLength(3);
  });
  test("the warm-up calls each function at least the minimum number of times", async () => {
    const world = fakeWorld([1e6, 1e6]);
    await measureRounds(world.fns, { ...options, rounds: 1, roundNs: 1, warmupNs: 0, warmupMinCalls: 7 }, world.nowNs);
    // One probe call, seven warm-up calls, then one round of the minimum batches of one call.
    expect(world.calls.filter((side) => side === 0)).toHaveLength(1 + 7 + MIN_BATCHES_PER_ROUND);
  });
  test("no rounds is a programming error", async () => {
    const world = fakeWorld([100, 100]);
    await expect(measureRounds(world.fns, { ...options, rounds: 0 }, world.nowNs)).rejects.toThrow(
      "at least one round",
    );
  });
  test("async functions are awaited: their time includes the wait", async () => {
    let now = 0;
    const slow = async () => {
      await Promise.resolve();
      now += 1000;
    };
    const fast = async () => {
      now += 500;
    };
    const result = await measureRounds([slow, fast], { ...options, rounds: 2, roundNs: 10_000 }, () => now);
    expect(result.p50s[0][0]! / result.p50s[1][0]!).toBeCloseTo(2, 10);
  });
});
