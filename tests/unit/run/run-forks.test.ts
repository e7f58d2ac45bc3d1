import { describe, expect, test } from "bun:test";
import type { OutlierCounts } from "../../../src/micro/stats.ts";
import { FORK_DEFAULTS, overBudgetWarning, runUntilDecided, summariseForks } from "../../../src/run/run-forks.ts";
import type { ForkMeasurement } from "../../../src/run/spawn-fork.ts";
import { forkMeasurement as fork } from "../helpers.ts";

/** A fork with median `p50` and these outlier counts. */
function forkWithOutliers(p50: number, outliers: OutlierCounts): ForkMeasurement {
  const base = fork(p50);
  return { ...base, measurement: { ...base.measurement, outliers } };
}

/** A clock that advances by `stepNs` every time a fork is launched (or by `stepNs(i)` for the i-th fork). */
function fakeClock(stepNs: number | ((index: number) => number)) {
  let now = 0;
  return {
    nowNs: () => now,
    launch: async (i: number) => {
      now += typeof stepNs === "number" ? stepNs : stepNs(i);
      return fork(100 + i);
    },
  };
}

describe("runUntilDecided()", () => {
  test("runs exactly the fixed forks when there is nothing to decide", async () => {
    const clock = fakeClock(1e8);
    const run = await runUntilDecided(
      { minForks: 3, maxForks: 40, maxTimeNs: 3e9 },
      clock.launch,
      undefined,
      clock.nowNs,
    );
    expect(run.forks.length).toBe(3);
    expect(run.stop).toBe("fixed");
  });
  test("adds forks until the verdict decides", async () => {
    const clock = fakeClock(1e8);
    const run = await runUntilDecided(
      { minForks: 2, maxForks: 40, maxTimeNs: 3e9 },
      clock.launch,
      (forks) => forks.length >= 5,
      clock.nowNs,
    );
    expect(run.forks.length).toBe(5);
    expect(run.stop).toBe("decided");
  });
  test("stops before a fork that would overrun the time budget", async () => {
    const clock = fakeClock(4e8);
    const run = await runUntilDecided(
      { minForks: 2, maxForks: 40, maxTimeNs: 3e9 },
      clock.launch,
      () => false,
      clock.nowNs,
    );
    // 7 forks take 2.8 s; an 8th would end at 3.2 s.
    expect(run.forks.length).toBe(7);
    expect(run.stop).toBe("time budget");
  });
  test("never exceeds the fork cap", async () => {
    const clock = fakeClock(1);
    const run = await runUntilDecided(
      { minForks: 1, maxForks: 6, maxTimeNs: 3e9 },
      clock.launch,
      () => false,
      clock.nowNs,
    );
    expect(run.forks.length).toBe(6);
    expect(run.stop).toBe("fork cap");
  });
  test("a failing fork stops the spec with that fork's error", async () => {
    const launch = async (i: number) => {
      if (i === 1) throw new Error("boom in fork 2");
      return fork(100);
    };
    await expect(
      runUntilDecided({ minForks: 3, maxForks: 3, maxTimeNs: 3e9 }, launch, undefined, () => 0),
    ).rejects.toThrow("boom in fork 2");
  });
});

describe("runUntilDecided() under an explicit --max-time (a budget floor)", () => {
  const explicit = { minForks: 6, maxForks: 40, maxTimeNs: 3e9, budgetFloor: FORK_DEFAULTS.budgetFloor };

  test("the default budget leaves the fixed forks alone, even past it", async () => {
    const clock = fakeClock(1e9);
    const { budgetFloor: _, ...byDefault } = explicit;
    const run = await runUntilDecided(byDefault, clock.launch, undefined, clock.nowNs);
    expect(run.forks.length).toBe(6);
    expect(run.elapsedNs).toBe(6e9);
    expect(run.stop).toBe("fixed");
    expect(overBudgetWarning(run.forks.length, run.elapsedNs, byDefault)).toBeUndefined();
  });
  test("stops the fixed forks before one that would end past the budget", async () => {
    const clock = fakeClock(7e8);
    const run = await runUntilDecided(explicit, clock.launch, undefined, clock.nowNs);
    // 4 forks take 2.8 s; a 5th would end at 3.5 s.
    expect(run.forks.length).toBe(4);
    expect(run.elapsedNs).toBeLessThanOrEqual(3e9);
    expect(run.stop).toBe("time budget");
    expect(overBudgetWarning(run.forks.length, run.elapsedNs, explicit)).toBeUndefined();
  });
  test("the same holds while the verdict is undecided", async () => {
    const clock = fakeClock(7e8);
    const run = await runUntilDecided(explicit, clock.launch, () => false, clock.nowNs);
    expect(run.forks.length).toBe(4);
    expect(run.stop).toBe("time budget");
  });
  test("runs the floor's forks even when they alone overrun the budget, and says why", async () => {
    const clock = fakeClock(4.7e9);
    const run = await runUntilDecided(explicit, clock.launch, () => false, clock.nowNs);
    expect(run.forks.length).toBe(FORK_DEFAULTS.budgetFloor);
    expect(run.stop).toBe("time budget");
    expect(overBudgetWarning(run.forks.length, run.elapsedNs, explicit)).toBe(
      "over the time budget: 3 forks took 14.1 s against --max-time 3.00 s, because a verdict needs at least 3 forks and one costs 4.70 s; give --max-time 15s or more, or make the spec faster",
    );
  });
  test("never runs more forks than --forks asks for, floor or not", async () => {
    const clock = fakeClock(4e9);
    const schedule = { ...explicit, minForks: 2 };
    const run = await runUntilDecided(schedule, clock.launch, undefined, clock.nowNs);
    expect(run.forks.length).toBe(2);
    expect(run.stop).toBe("fixed");
    expect(overBudgetWarning(run.forks.length, run.elapsedNs, schedule)).toBe(
      "over the time budget: 2 forks took 8.00 s against --max-time 3.00 s: one fork alone costs 4.00 s; give --max-time 8s or more, or make the spec faster",
    );
  });
  test("a last fork slower than the ones before is named as the cause of a small overrun", async () => {
    // Four forks of 0.5 s, then one of 1.2 s started at 2 s (predicted to end at 2.5 s).
    const clock = fakeClock((i) => (i < 4 ? 5e8 : 1.2e9));
    const run = await runUntilDecided(explicit, clock.launch, () => false, clock.nowNs);
    expect(run.forks.length).toBe(5);
    expect(run.elapsedNs).toBe(3.2e9);
    expect(overBudgetWarning(run.forks.length, run.elapsedNs, explicit)).toBe(
      "over the time budget: 5 forks took 3.20 s against --max-time 3.00 s, because the last fork took longer than the ones before it predicted",
    );
  });
  test("counts pairs in ab", async () => {
    const clock = fakeClock(2.5e9);
    const pairs = { ...explicit, maxTimeNs: 6e9 };
    const run = await runUntilDecided(pairs, clock.launch, () => false, clock.nowNs);
    expect(run.forks.length).toBe(3);
    expect(overBudgetWarning(run.forks.length, run.elapsedNs, pairs, "pair")).toContain(
      "3 pairs took 7.50 s against --max-time 6.00 s, because a verdict needs at least 3 pairs and one costs 2.50 s",
    );
  });
});

describe("summariseForks()", () => {
  test("takes each figure's median across forks, so one odd fork does not move it", () => {
    const summary = summariseForks([fork(100), fork(101), fork(300)]);
    expect(summary.p50).toBe(101);
    expect(summary.samples).toBe(30);
    expect(summary.iterations).toBe(300);
    expect(summary.percentiles[50]).toBeCloseTo(101);
  });
  test("sums the forks' outlier counts, as it sums their samples", () => {
    const summary = summariseForks([
      forkWithOutliers(100, { lowSevere: 0, lowMild: 1, highMild: 2, highSevere: 0 }),
      forkWithOutliers(101, { lowSevere: 1, lowMild: 0, highMild: 3, highSevere: 4 }),
      forkWithOutliers(102, { lowSevere: 0, lowMild: 0, highMild: 0, highSevere: 1 }),
    ]);
    expect(summary.samples).toBe(30);
    expect(summary.outliers).toEqual({ lowSevere: 1, lowMild: 1, highMild: 5, highSevere: 5 });
  });
  test("leaves outliers unknown when a fork did not report them, rather than undercount", () => {
    const counted = { lowSevere: 0, lowMild: 0, highMild: 3, highSevere: 0 };
    expect(summariseForks([forkWithOutliers(100, counted), fork(101)]).outliers).toBeUndefined();
    expect(summariseForks([forkWithOutliers(100, counted)]).outliers).toEqual(counted);
  });
});
