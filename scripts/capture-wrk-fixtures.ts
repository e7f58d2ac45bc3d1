/**
 * Captures real wrk output for the parser's tests (tests/fixtures/wrk/*.txt).
 * Starts its own servers on 127.0.0.1 and runs wrk against them for 1 s each;
 * rerun on a machine with wrk to refresh: `node_modules/.bin/bun scripts/capture-wrk-fixtures.ts`.
 * Each fixture holds the exit code, stderr and stdout, separated by marker lines.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";

const out = join(import.meta.dir, "..", "tests", "fixtures", "wrk");
const big = "x".repeat(256 * 1024);
let mixed = 0;

const http = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  async fetch(request) {
    const path = new URL(request.url).pathname;
    if (path === "/404") return new Response("nope", { status: 404 });
    if (path === "/mixed") return new Response("x", { status: ++mixed % 3 === 0 ? 503 : 200 });
    if (path === "/slow") {
      await Bun.sleep(1200);
      return new Response("slow");
    }
    if (path === "/hang") return new Promise<Response>(() => {});
    if (path === "/big") return new Response(big);
    return new Response("hello");
  },
});
// Closes every connection as soon as a request arrives: wrk counts read errors.
const closer = Bun.listen({
  hostname: "127.0.0.1",
  port: 0,
  socket: { data: (socket) => void socket.end(), open: () => {} },
});

async function wrk(name: string, args: string[]): Promise<void> {
  const proc = Bun.spawn(["wrk", ...args], { stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  writeFileSync(join(out, `${name}.txt`), `### exit ${code}\n### stderr\n${stderr}### stdout\n${stdout}`);
  console.log(`${name}: exit ${code}, ${stdout.length} bytes`);
}

const base = `http://127.0.0.1:${http.port}`;
await wrk("plain", ["-t1", "-c4", "-d1s", `${base}/`]);
await wrk("latency", ["-t2", "-c8", "-d1s", "--latency", `${base}/`]);
await wrk("all-404", ["-t1", "-c4", "-d1s", "--latency", `${base}/404`]);
await wrk("mixed-5xx", ["-t1", "-c4", "-d1s", "--latency", `${base}/mixed`]);
await wrk("read-errors", ["-t1", "-c4", "-d1s", "--latency", `http://127.0.0.1:${closer.port}/`]);
// wrk 4 counts a timeout when a response arrives later than --timeout (it is then left out of the
// latency histogram); a request that never completes is not counted at all.
await wrk("timeouts", ["-t1", "-c2", "-d3s", "--timeout", "1s", "--latency", `${base}/slow`]);
await wrk("no-responses", ["-t1", "-c2", "-d2s", "--timeout", "1s", "--latency", `${base}/hang`]);
await wrk("latency-seconds", ["-t1", "-c2", "-d3s", "--timeout", "5s", "--latency", `${base}/slow`]);
await wrk("large-transfer", ["-t1", "-c2", "-d1s", "--latency", `${base}/big`]);
await wrk("connect-errors", ["-t1", "-c2", "-d1s", "--latency", "http://127.0.0.1:1/"]);
await wrk("usage-error", ["-t1", "-c2", "-d", "1.5s", `${base}/`]);
await wrk("threads-over-connections", ["-t4", "-c2", "-d1s", `${base}/`]);

// A server in its own process that dies half-way through the run.
const dying = Bun.spawn(
  [
    process.execPath,
    "-e",
    'const s = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("ok") }); console.log(s.port); setTimeout(() => process.exit(0), 700);',
  ],
  { stdout: "pipe" },
);
const reader = dying.stdout.getReader();
const port = new TextDecoder().decode((await reader.read()).value).trim();
await wrk("server-dies", ["-t1", "-c4", "-d2s", "--latency", `http://127.0.0.1:${port}/`]);

http.stop(true);
closer.stop(true);
