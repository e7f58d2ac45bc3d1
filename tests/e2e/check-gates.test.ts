/** scripts/check-gates.sh with the compiled binary: install when missing, wrk fallback, reports, exit code passed through. */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildBinary, ROOT, runProcess, SPECS } from "../cli-harness.ts";
import { reportSchemaErrors } from "../report-schema.ts";

// These tests run real processes; Bun applies a preloaded default timeout to the first file only.
setDefaultTimeout(60_000);

let work: string;
let release: string;
let server: ReturnType<typeof Bun.serve>;
const gate = join(ROOT, "scripts", "check-gates.sh");

beforeAll(async () => {
  await buildBinary();
  work = mkdtempSync(join(tmpdir(), "fxperf-gates-"));
  release = join(work, "release");
  await runProcess([process.execPath, join(ROOT, "build.ts"), "--release", "--out", release], ROOT);
  server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch: async (r) => {
      const file = Bun.file(join(release, decodeURIComponent(new URL(r.url).pathname)));
      return (await file.exists()) ? new Response(file) : new Response("not found", { status: 404 });
    },
  });
  for (const name of ["passing", "failing", "load"])
    cpSync(join(SPECS, name), join(work, "specs", name), { recursive: true });
}, 120_000);

afterAll(() => {
  server?.stop(true);
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("scripts/check-gates.sh", () => {
  test("installs fxperf when missing, runs the suite, writes the three reports, exits 0", async () => {
    const home = join(work, "home-a");
    const run = await runProcess(["sh", gate, "specs/passing"], work, {
      HOME: home,
      PATH: "/usr/bin:/bin",
      FXPERF_INSTALL_SCRIPT: join(ROOT, "install.sh"),
      FXPERF_INSTALL_BASE: `http://127.0.0.1:${server.port}`,
    });
    expect(run.stderr).toContain("fxperf not found; installing it");
    expect(run.exitCode).toBe(0);
    expect(existsSync(join(home, ".fxperf", "bin", "fxperf"))).toBe(true);
    const report = JSON.parse(readFileSync(join(work, "perf-reports", "fxperf-report.json"), "utf8"));
    expect(reportSchemaErrors(report)).toEqual([]);
    expect(readFileSync(join(work, "perf-reports", "fxperf-junit.xml"), "utf8")).toContain("<testsuites");
    expect(readFileSync(join(work, "perf-reports", "fxperf-summary.md"), "utf8")).toContain("Performance Summary");
  });

  test("passes a failing run's exit code through", async () => {
    const run = await runProcess(["sh", gate, "specs/failing"], work, {
      HOME: join(work, "home-a"),
      PATH: "/usr/bin:/bin",
    });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain("check-gates: fxperf exited 1");
  });

  test("without wrk, load specs are skipped with a warning instead of failing", async () => {
    const bin = join(work, "no-wrk-bin");
    mkdirSync(bin);
    for (const tool of ["sh", "mkdir", "uname"]) symlinkSync(Bun.which(tool)!, join(bin, tool));
    const run = await runProcess(["sh", gate, "specs/load"], work, {
      HOME: join(work, "home-a"),
      PATH: bin,
      FXPERF_ARGS: "--grep /GET/",
    });
    expect(run.stderr).toContain("warning: wrk is not installed");
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/SKIP\s+http > GET \/ .*--skip-load/);
  });

  test("with neither fxperf nor a release to install from, it says what to set and exits 3", async () => {
    const run = await runProcess(["sh", gate], work, { HOME: join(work, "home-empty"), PATH: "/usr/bin:/bin" });
    expect(run.exitCode).toBe(3);
    expect(run.stderr).toContain("set FXPERF_INSTALL_BASE");
  });
});
