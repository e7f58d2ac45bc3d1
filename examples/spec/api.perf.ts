import { afterAll, beforeAll, describePerf, loadPerf } from "fxperf";
import { startExampleServer } from "../src/server.ts";

// The server under test runs in this process, on a port fixed for the run.
const server = startExampleServer();
const base = `http://127.0.0.1:${server.port}`;

describePerf("api", { tags: ["load"] }, () => {
  beforeAll(async () => {
    // Wait until it answers, as you would for a server started in a child process.
    const response = await fetch(`${base}/health`);
    if (!response.ok) throw new Error(`example server is not healthy: ${response.status}`);
  });
  afterAll(() => server.stop(true));

  // Budgets sized for a slow 2-core CI machine where wrk and the server share the cores.
  loadPerf("GET /health", { url: `${base}/health`, connections: 8, duration: "2s" }).expect({
    rps: 2000,
    latency: { p99: "100ms" },
    errorRate: "0%",
  });

  loadPerf("GET /products", { url: `${base}/products`, connections: 8, duration: "2s", headers: { Accept: "application/json" } }).expect({
    rps: 1000,
    latency: { p50: "20ms", p99: "200ms" },
    errorRate: "0.1%",
    transfer: "1mb/s",
  });
});
