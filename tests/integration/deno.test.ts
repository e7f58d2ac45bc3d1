/**
 * The same spec files under Deno and Bun: examples/spec (micro and load specs) and a
 * failing fixture give the same verdicts and exit codes on both runtimes.
 */
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, runProcess, SPECS } from "../cli-harness.ts";

// These tests run real processes; Bun applies a preloaded default timeout to the first file only.
setDefaultTimeout(120_000);

const deno = join(ROOT, "node_modules", ".bin", "deno");
const onDeno = (args: string[]) =>
  runProcess(
    [
      deno,
      "run",
      "-A",
      "--v8-flags=--expose-gc",
      "--config",
      join(ROOT, "deno.json"),
      join(ROOT, "src", "main.ts"),
      ...args,
    ],
    ROOT,
  );
const onBun = (args: string[]) => runProcess([process.execPath, join(ROOT, "src", "main.ts"), ...args], ROOT);

/** Spec ids and statuses from a run's JSON report on stdout. */
function verdicts(stdout: string): Array<[string, string]> {
  return (JSON.parse(stdout) as { specs: Array<{ id: string; status: string }> }).specs.map((s) => [s.id, s.status]);
}

describe("Deno and Bun agree", () => {
  test.each([
    ["examples/spec", join(ROOT, "examples", "spec"), 0],
    ["a failing fixture", join(SPECS, "failing"), 1],
    ["a throwing fixture", join(SPECS, "throwing"), 5],
  ] as const)("%s: same verdicts, same exit code (%p)", async (_, path, exitCode) => {
    const args = ["run", path, "--reporter", "json=-"];
    // One after the other: two measuring runs at once on a 2-core machine (with anything else
    // running) would preempt each other's samples and stretch p99s past the examples' budgets.
    const denoRun = await onDeno(args);
    const bunRun = await onBun(args);
    expect(denoRun.stderr).toContain("Performance Summary");
    expect(verdicts(denoRun.stdout)).toEqual(verdicts(bunRun.stdout));
    expect(JSON.parse(denoRun.stdout).runtime.name).toBe("deno");
    expect(denoRun.exitCode).toBe(exitCode);
    expect(bunRun.exitCode).toBe(exitCode);
  });

  test("fxperf init's starter (node:http server, micro and load specs) runs green under Deno", async () => {
    const dir = mkdtempSync(join(tmpdir(), "fxperf-init-deno-"));
    try {
      expect((await onBun(["init", dir])).exitCode).toBe(0);
      const run = await onDeno(["run", join(dir, "spec")]);
      expect(run.stderr + run.stdout).not.toContain("Bun is not defined");
      expect(run.stdout).toContain("6 specs and 1 check (complexity fits, hooks): 3 passed, 0 failed, 0 errors");
      expect(run.exitCode).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("Deno reports bytes per iteration with V8's collector (--v8-flags=--expose-gc)", async () => {
    const run = await onDeno(["run", join(SPECS, "passing"), "--reporter", "json=-"]);
    const sort = JSON.parse(run.stdout).specs.find((s: { id: string }) => s.id === "math > sort 1k numbers");
    expect(sort.status).toBe("PASS");
    // 1,000 numbers of 8 bytes, plus the array object.
    expect(sort.micro.heapBytes).toBeGreaterThanOrEqual(8000);
    expect(sort.micro.heapBytes).toBeLessThan(9000);
  });

  test("Deno records the history through node:sqlite, reads it back, and profiles a spec", async () => {
    const dir = mkdtempSync(join(tmpdir(), "fxperf-deno-history-"));
    try {
      const store = join(dir, "h.sqlite");
      for (let i = 0; i < 2; i++) {
        const run = await onDeno(["run", join(SPECS, "passing"), "--forks", "1", `--history=${store}`]);
        expect(run.exitCode, run.stderr).toBe(0);
        expect(run.stderr).toContain(`Recorded in the history "${store}" (run ${i + 1},`);
      }
      const history = await onDeno(["history", `--history=${store}`, "--reporter", "json=-"]);
      expect(history.exitCode, history.stderr).toBe(0);
      const sort = JSON.parse(history.stdout).specs.find((s: { id: string }) => s.id === "math > sort 1k numbers");
      expect(sort.runs).toHaveLength(2);
      expect(sort.changePoints).toEqual([]);
      const postgres = await onDeno([
        "run",
        join(SPECS, "passing"),
        "--history=postgres://u@127.0.0.1:1/db",
        "--history-required",
      ]);
      expect(postgres.exitCode).toBe(3);
      expect(postgres.stderr).toContain("a PostgreSQL history needs fxperf's Bun build");
      const profile = await onDeno([
        "profile",
        "math > sort 1k numbers",
        join(SPECS, "passing"),
        "--cpu-profile-dir",
        dir,
      ]);
      expect(profile.exitCode, profile.stderr).toBe(0);
      expect(profile.stdout).toContain("math > sort 1k numbers: where the time goes (CPU profile of the head");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("usage errors exit 2 on Deno too", async () => {
    const run = await onDeno(["run", join(SPECS, "bad-value")]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('expect.p50 is "12 parsecs"');
  });
});
