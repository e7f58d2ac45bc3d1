import { afterAll, describePerf, loadPerf } from "fxperf";
import { startExampleServer } from "../src/server.ts";

// The server under test runs in this process (started before the specs are declared, so their
// URLs know its port); it answers before wrk starts.
const server = await startExampleServer();
const base = `http://127.0.0.1:${server.port}`;

describePerf("api", { tags: ["load"] }, () => {
  afterAll(() => server.stop());

  // Budgets sized for a slow 2-core CI machine where wrk and the server share the cores, and other
  // jobs may too: a p99 of 128 ms was seen there while a test suite ran beside it (4x headroom).
  // They catch a handler gone pathologically slow; calibrated baselines catch small regressions.
  loadPerf("GET /health", { url: `${base}/health`, connections: 8, duration: "2s" }).expect({
    rps: 1000,
    latency: { p99: "500ms" },
    errorRate: "0%",
  });

  loadPerf("GET /products", {
    url: `${base}/products`,
    connections: 8,
    duration: "2s",
    headers: { Accept: "application/json" },
  }).expect({
    rps: 500,
    latency: { p50: "20ms", p99: "1s" },
    errorRate: "0.1%",
    transfer: "1mb/s",
  });
});
