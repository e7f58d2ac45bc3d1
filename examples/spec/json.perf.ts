import { beforeAll, describePerf, itPerf, kb, us } from "fxperf";

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
  // comparison comes from calibrated baselines.
  itPerf("parse 10 KB", () => JSON.parse(payload)).expect({ p50: us(400), p99: us(2000), heap: kb(256) });

  itPerf("stringify 10 KB", () => JSON.stringify(parsed)).expect({ p50: us(400), p99: us(2000) });
});
