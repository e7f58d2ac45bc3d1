import { describe, expect, test } from "bun:test";
import type { OutlierCounts } from "../../../src/micro/stats.ts";
import { runForks, summariseForks } from "../../../src/run/run-forks.ts";
import type { ForkMeasurement } from "../../../src/run/spawn-fork.ts";
import { forkMeasurement as fork } from "../helpers.ts";

/** A fork with median `p50` and these outlier counts. */
function forkWithOutliers(p50: number, outliers: OutlierCounts): ForkMeasurement {
  const base = fork(p50);
  return { ...base, measurement: { ...base.measurement, outliers } };
}

/** A clock that advances by `stepNs` every time a fork is launched. */
function fakeClock(stepNs: number) {
  let now = 0;
  return {
    nowNs: () => now,
    launch: async (i: number) => {
      now += stepNs;
      return fork(100 + i);
    },
  };
}

describe("runForks()", () => {
  test("runs exactly the fixed forks when there is nothing to decide", async () => {
    const clock = fakeClock(1e8);
    const run = await runForks({ minForks: 3, maxForks: 40, maxTimeNs: 3e9 }, clock.launch, undefined, clock.nowNs);
    expect(run.forks.length).toBe(3);
    expect(run.stop).toBe("fixed");
  });
  test("adds forks until the verdict decides", async () => {
    const clock = fakeClock(1e8);
    const run = await runForks(
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
    const run = await runForks({ minForks: 2, maxForks: 40, maxTimeNs: 3e9 }, clock.launch, () => false, clock.nowNs);
    // 7 forks take 2.8 s; an 8th would end at 3.2 s.
    expect(run.forks.length).toBe(7);
    expect(run.stop).toBe("time budget");
  });
  test("never exceeds the fork cap", async () => {
    const clock = fakeClock(1);
    const run = await runForks({ minForks: 1, maxForks: 6, maxTimeNs: 3e9 }, clock.launch, () => false, clock.nowNs);
    expect(run.forks.length).toBe(6);
    expect(run.stop).toBe("fork cap");
  });
  test("a failing fork stops the spec with that fork's error", async () => {
    const launch = async (i: number) => {
      if (i === 1) throw new Error("boom in fork 2");
      return fork(100);
    };
    await expect(runForks({ minForks: 3, maxForks: 3, maxTimeNs: 3e9 }, launch, undefined, () => 0)).rejects.toThrow(
      "boom in fork 2",
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
