/**
 * Load specs with real wrk (the Debian package) against a real Bun.serve server
 * that the spec file starts on 127.0.0.1. Each load run lasts 1 s.
 */
import { afterAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readUntil, runFxperf, SPECS, spawnFxperf } from "../cli-harness.ts";

// These tests run real processes; Bun applies a preloaded default timeout to the first file only.
setDefaultTimeout(60_000);

const dir = join(SPECS, "load");
const only = (name: string) => ["run", dir, "--grep", `/^http > ${name}$/`];
const scratch = mkdtempSync(join(tmpdir(), "fxperf-load-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("load specs with real wrk", () => {
  test("a passing spec: rps, p99 and error rate within limits", async () => {
    const run = await runFxperf(only("GET /"));
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/PASS\s+http > GET \/ .* req .*rps [\d.]+k?\/s ≥ 100\/s/);
  });

  test("method, body and headers reach the server (it answers 400 otherwise)", async () => {
    const run = await runFxperf(only("POST echo"));
    expect(run.stdout).toMatch(/PASS\s+http > POST echo/);
    expect(run.exitCode).toBe(0);
  });

  test("a slow handler fails its p99 limit", async () => {
    const run = await runFxperf(only("slow p99"));
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(/FAIL\s+http > slow p99/);
    expect(run.stdout).toMatch(/latency\.p99 was \d+(\.\d+)? ms, limit at most 5\.00 ms, set in .*load\.perf\.ts:\d+/);
  });

  test("404 and 5xx responses breach the error rate", async () => {
    const run = await runFxperf(["run", dir, "--grep", "/404s|5xx/"]);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(/FAIL\s+http > 404s .*errorRate 100\.00% > 1\.00%/);
    expect(run.stdout).toMatch(/FAIL\s+http > 5xx .*errorRate [3-6]\d\.\d\d% > 1\.00%/);
  });

  test("a refused port is an ERROR naming the URL and wrk's message", async () => {
    const run = await runFxperf(only("refused"));
    expect(run.exitCode).toBe(5);
    expect(run.stdout).toContain(
      'wrk could not connect to "http://127.0.0.1:1/": unable to connect to 127.0.0.1:1 Connection refused',
    );
  });

  test("--retries reruns a failing spec and reports every attempt", async () => {
    const run = await runFxperf([...only("slow p99"), "--retries", "1"]);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(/2 attempts \(rps [\d.]+k?\/s, [\d.]+k?\/s\): verdict from their median/);
  });

  test("--verbose streams wrk's own output", async () => {
    const run = await runFxperf([...only("GET /"), "--verbose"]);
    expect(run.stderr).toContain("Running 1s test @ http://127.0.0.1:");
    expect(run.stderr).toContain("Latency Distribution");
  });

  test("a skipped load spec runs none of its hooks (--skip-load, --wrk-optional without wrk)", async () => {
    const specDir = mkdtempSync(join(scratch, "hooks-"));
    const marker = join(specDir, "hooks.log");
    writeFileSync(
      join(specDir, "hooks.perf.ts"),
      [
        'import { afterAll, beforeAll, describePerf, loadPerf } from "fxperf";',
        'import { appendFileSync } from "node:fs";',
        'describePerf("api", () => {',
        `  beforeAll(() => appendFileSync(${JSON.stringify(marker)}, "beforeAll\\n"));`,
        `  afterAll(() => appendFileSync(${JSON.stringify(marker)}, "afterAll\\n"));`,
        '  loadPerf("GET /", { url: "http://127.0.0.1:1/", duration: "1s" });',
        "});",
        "",
      ].join("\n"),
    );
    for (const [args, env] of [
      [["--skip-load"], {}],
      [["--wrk-optional"], { PATH: "/nonexistent" }],
    ] as const) {
      const run = await runFxperf(["run", specDir, ...args], env);
      expect(run.exitCode).toBe(0);
      expect(run.stdout).toMatch(/SKIP\s+api > GET \//);
      expect(existsSync(marker) ? readFileSync(marker, "utf8") : "").toBe("");
    }
  });

  test("wrk missing: exit 3 with what to do; --skip-load and FXPERF_SKIP_LOAD report SKIP", async () => {
    const noWrk = { PATH: "/nonexistent" };
    const missing = await runFxperf(only("GET /"), noWrk);
    expect(missing.exitCode).toBe(3);
    expect(missing.stderr).toContain("Load specs need wrk: wrk was not found on PATH");
    expect(missing.stderr).toContain("apt-get install wrk");
    const skipped = await runFxperf([...only("GET /"), "--skip-load"], noWrk);
    expect(skipped.exitCode).toBe(0);
    expect(skipped.stdout).toMatch(/SKIP\s+http > GET \/ .*--skip-load/);
    const viaEnv = await runFxperf(only("GET /"), { ...noWrk, FXPERF_SKIP_LOAD: "1" });
    expect(viaEnv.stdout).toMatch(/SKIP\s+http > GET \/ .*FXPERF_SKIP_LOAD=1/);
    const optional = await runFxperf([...only("GET /"), "--wrk-optional"], noWrk);
    expect(optional.exitCode).toBe(0);
    expect(optional.stderr).toContain("Load specs will be skipped: wrk was not found on PATH (--wrk-optional)");
    expect(optional.stdout).toMatch(/SKIP\s+http > GET \/ .*--wrk-optional/);
  });

  test("FXPERF_WRK pointing at something that is not wrk: exit 3", async () => {
    const run = await runFxperf(only("GET /"), { FXPERF_WRK: "/bin/echo" });
    expect(run.exitCode).toBe(3);
    expect(run.stderr).toContain('"/bin/echo" does not look like wrk');
  });

  test("FXPERF_WRK that hangs on --version (and forks a child holding the pipe) is refused: exit 3", async () => {
    const stub = join(scratch, "hanging-wrk");
    // The child sleep inherits stdout: even after the stub is killed, the pipe stays open.
    writeFileSync(stub, "#!/bin/sh\nsleep 30 &\nexec sleep 30\n");
    chmodSync(stub, 0o755);
    const run = await runFxperf(only("GET /"), { FXPERF_WRK: stub });
    expect(run.exitCode).toBe(3);
    expect(run.stderr).toContain(`"${stub}" did not answer "--version" within 5 s`);
  });

  test("a generator that never finishes is stopped after its duration plus grace", async () => {
    // A stand-in for a hung wrk: answers --version, then sleeps through any run.
    const stub = join(scratch, "hung-wrk");
    writeFileSync(stub, '#!/bin/sh\nif [ "$1" = "--version" ]; then echo "wrk stub"; exit 1; fi\nexec sleep 30\n');
    chmodSync(stub, 0o755);
    const started = Date.now();
    const run = await runFxperf(only("GET /"), { FXPERF_WRK: stub, FXPERF_WRK_GRACE: "1" });
    expect(run.exitCode).toBe(5);
    expect(run.stdout).toContain("wrk did not finish within 2 s (duration 1 s plus 1 s grace); it was stopped");
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  test("a generator wrapper whose child holds the pipe is stopped with its whole process group", async () => {
    // A stand-in for a wrapper around wrk that starts a child of its own and then hangs: the child
    // inherits stdout, so killing the wrapper alone would leave the pipe open.
    const stub = join(scratch, "forking-wrk");
    writeFileSync(
      stub,
      '#!/bin/sh\nif [ "$1" = "--version" ]; then echo "wrk stub"; exit 1; fi\nsleep 31.25 &\nexec sleep 30\n',
    );
    chmodSync(stub, 0o755);
    const started = Date.now();
    const run = await runFxperf(only("GET /"), { FXPERF_WRK: stub, FXPERF_WRK_GRACE: "1" });
    expect(run.exitCode).toBe(5);
    expect(run.stdout).toContain("wrk did not finish within 2 s");
    expect(Date.now() - started).toBeLessThan(20_000);
    // The wrapper's child went with the group.
    const left = Bun.spawnSync(["pgrep", "-f", "sleep 31.25"]).stdout.toString().trim();
    expect(left).toBe("");
  });

  test("wrk stopped early by someone else (exit 0, a short report) is an error, not a result", async () => {
    // wrk runs for real, but the wrapper interrupts it after half a second of the 8 s asked.
    const stub = join(scratch, "interrupted-wrk");
    writeFileSync(
      stub,
      '#!/bin/sh\nif [ "$1" = "--version" ]; then exec /usr/bin/wrk --version; fi\n/usr/bin/wrk "$@" &\npid=$!\nsleep 0.5\nkill -INT $pid\nwait $pid\n',
    );
    chmodSync(stub, 0o755);
    const run = await runFxperf(only("long"), { FXPERF_WRK: stub });
    expect(run.exitCode).toBe(5);
    expect(run.stdout).toMatch(/ERROR\s+http > long/);
    expect(run.stdout).toMatch(/wrk ran for 0\.\d+ s of the 8 s asked and exited 0: it was stopped early/);
  });

  test("SIGINT stops wrk, prints the partial summary and exits 130", async () => {
    const proc = spawnFxperf(only("long"));
    await readUntil(proc.stderr, "Running 1 spec");
    // wrk is running its 8 s test by now; interrupt it half-way.
    await Bun.sleep(1500);
    const started = Date.now();
    proc.kill("SIGINT");
    const [stdout, exitCode] = await Promise.all([new Response(proc.stdout).text(), proc.exited]);
    expect(exitCode).toBe(130);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(stdout).toMatch(/SKIP\s+http > long .*interrupted/);
    expect(stdout).toContain("Interrupted");
  });
});
