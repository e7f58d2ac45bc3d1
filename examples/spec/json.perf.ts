import { beforeAll, describePerf, itPerf, kb, ms, us } from "fxperf";

// A ~10 KB payload, built once before the suite's specs run.
let payload = "";
let parsed: unknown;

describePerf("json", { tags: ["serialisation"] }, () => {
  beforeAll(() => {
    const orders = Array.from({ length: 125 }, (_, i) => ({
      id: i,
      customer: `customer-${i}`,
      total: i * 3.5,
      items: ["a", "b", "c"],
      paid: i % 2 === 0,
    }));
    payload = JSON.stringify(orders);
    parsed = JSON.parse(payload);
  });

  // Budgets are about ten times what a slow 2-core CI machine measures: they catch
  // an accidental O(n²) or a pathological regression, not noise. Tighter, per-machine
  // comparison comes from calibrated baselines. A p99 also holds the scheduler's pauses when other
  // jobs share the machine (parse measured a p99 of 2.01 ms beside a test suite), so its budget
  // leaves room for them.
  itPerf("parse 10 KB", () => JSON.parse(payload)).expect({ p50: us(400), p99: ms(20), heap: kb(256) });

  itPerf("stringify 10 KB", () => JSON.stringify(parsed)).expect({ p50: us(400), p99: ms(20) });
});
