import { describe, expect, test } from "bun:test";
import { beforeAll, describePerf, itPerf, loadPerf } from "../../../src/index.ts";
import { runFake } from "../fake-runtime.ts";

/** Two quick specs with generous budgets, and one tagged "slow". */
const specs = {
  "spec/math.perf.ts": () => {
    describePerf("math", { tags: ["fast"] }, () => {
      itPerf("sum", () => 1 + 1)
        .time("2ms")
        .warmup(1)
        .expect({ p50: "10ms" });
      itPerf("max", () => Math.max(1, 2))
        .tags("slow")
        .time("2ms")
        .warmup(1)
        .expect({ p50: "10ms" });
    });
  },
};

describe("fxperf run (fake runtime)", () => {
  test("an override whose key two specs share exits 2 naming the variable, the key and both specs", async () => {
    const clashing = {
      "spec/a.perf.ts": () => {
        itPerf("b-c", () => 1)
          .time("2ms")
          .warmup(1);
        itPerf("b c", () => 1)
          .time("2ms")
          .warmup(1);
      },
    };
    const run = await runFake(["run"], { specs: clashing, env: { FXPERF_OVERRIDE_B_C: "+20%" } });
    expect(run.exitCode).toBe(2);
    expect(run.error?.code).toBe("OVERRIDE_INVALID");
    expect(run.stderr).toContain('FXPERF_OVERRIDE_B_C: the key "B_C" is shared by specs "b-c", "b c"');
    const without = await runFake(["run"], { specs: clashing });
    expect(without.exitCode).toBe(0);
  });

  test("measures the specs under spec/ and prints a passing summary", async () => {
    const run = await runFake(["run"], { specs });
    expect(run.stderr).toContain("Running 2 specs from 1 file");
    expect(run.stdout).toContain("Performance Summary");
    expect(run.stdout).toMatch(/PASS\s+math > sum/);
    expect(run.stdout).toContain("2 specs: 2 passed");
    expect(run.exitCode).toBe(0);
  });

  test("a breached budget exits 1", async () => {
    // A clock that moves 1 ms per reading makes every iteration look slow.
    const run = await runFake(["run"], {
      clockStepNs: 1e6,
      specs: {
        "spec/slow.perf.ts": () =>
          itPerf("over", () => 1)
            .time("20ms")
            .warmup(1)
            .expect({ p50: "1ns" }),
      },
    });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(/FAIL\s+over/);
  });

  test("--list prints ids, tags and keys without measuring", async () => {
    const run = await runFake(["run", "--list", "--skip-tags", "slow"], { specs });
    expect(run.stdout).toBe("math > sum  [fast]  key MATH_SUM\n1 of 2 specs selected\n");
    expect(run.exitCode).toBe(0);
  });

  test("a --reporter json=- report goes to stdout and the summary to stderr", async () => {
    const run = await runFake(["run", "--reporter", "json=-"], { specs });
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout).specs).toHaveLength(2);
    expect(run.stderr).toContain("Performance Summary");
  });

  test("GITHUB_STEP_SUMMARY gets the Markdown summary appended", async () => {
    const run = await runFake(["run"], { specs, env: { GITHUB_STEP_SUMMARY: "/ci/summary.md" } });
    expect(run.exitCode).toBe(0);
    expect(run.runtime.files.get("/ci/summary.md")).toContain("math &gt; sum");
  });

  test("the guard refuses NODE_ENV=development with exit 3", async () => {
    const run = await runFake(["run"], { specs, host: { env: { NODE_ENV: "development" } } });
    expect(run.exitCode).toBe(3);
    expect(run.stderr).toContain("Refusing to measure");
  });

  test("FXPERF_SKIP_LOAD=1 skips load specs without looking for wrk", async () => {
    const run = await runFake(["run"], {
      env: { FXPERF_SKIP_LOAD: "1" },
      specs: {
        "spec/api.perf.ts": () =>
          describePerf("api", () => {
            loadPerf("get", { url: "http://127.0.0.1:1/", connections: 1, duration: "1s" }).expect({ rps: 1 });
          }),
      },
    });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/SKIP\s+api > get/);
    // Neither wrk nor a process for the spec's hooks: only the probe that checks the file loads.
    expect(run.runtime.spawned.map((argv) => argv[1])).toEqual(["__probe"]);
  });
  test("with --reporter json=-, what specs print with console.log goes to stderr and stdout stays JSON", async () => {
    const run = await runFake(["run", "--reporter", "json=-"], {
      specs: {
        "spec/noisy.perf.ts": () => {
          console.log("top-level chatter");
          describePerf("noisy", () => {
            beforeAll(() => console.info("hook chatter"));
            itPerf("sum", () => 1 + 1)
              .time("2ms")
              .warmup(1);
          });
        },
      },
    });
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout).specs).toHaveLength(1);
    expect(run.stderr).toContain("top-level chatter");
    expect(run.stderr).toContain("hook chatter");
    // Restored afterwards: console.log goes to stdout again.
    expect(run.runtime.consoleTarget).toBe("stdout");
  });

  test("without a report on stdout, console.log in a spec still goes to stdout", async () => {
    const run = await runFake(["run"], {
      specs: {
        "spec/noisy.perf.ts": () => {
          console.log("top-level chatter");
          itPerf("sum", () => 1 + 1)
            .time("2ms")
            .warmup(1);
        },
      },
    });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toStartWith("top-level chatter\n");
  });

  test("two reporters on one path, or both on stdout, are refused before measuring (issue 23)", async () => {
    const specs = {
      "spec/a.perf.ts": () =>
        itPerf("a", () => 1)
          .time("2ms")
          .warmup(1),
    };
    const file = await runFake(["run", "--reporter", "json=out/r.json", "--reporter", "html=./out/../out/r.json"], {
      specs,
    });
    expect(file.exitCode).toBe(2);
    expect(file.stderr).toContain(
      'Options "--reporter json=out/r.json" and "--reporter html=./out/../out/r.json" both write "./out/../out/r.json": one report would be lost',
    );
    expect(file.runtime.spawned.filter((argv) => argv[1] === "__fork")).toHaveLength(0);
    const stdout = await runFake(["run", "--reporter", "json=-", "--reporter", "markdown=-"], { specs });
    expect(stdout.exitCode).toBe(2);
    expect(stdout.stderr).toContain("both write to stdout");
  });

  test("a spec that changes the working directory does not move the reports", async () => {
    const run = await runFake(
      ["run", "--reporter", "json=out/report.json", "--reporter", "./reporters/count.ts=out/count.txt"],
      {
        env: { GITHUB_STEP_SUMMARY: "summary.md" },
        modules: {
          "reporters/count.ts": {
            default: (context: { write(text: string): Promise<void> }) => ({
              onSpecEnd: () => context.write("spec\n"),
              onRunEnd: () => context.write("end\n"),
            }),
          },
        },
        specs: {
          "spec/wanders.perf.ts": (runtime) => {
            runtime.chdir("/elsewhere");
            itPerf("sum", () => 1 + 1)
              .time("2ms")
              .warmup(1);
          },
        },
      },
    );
    expect(run.exitCode).toBe(0);
    expect(run.runtime.cwd()).toBe("/elsewhere");
    expect(run.runtime.files.has("/project/out/report.json")).toBe(true);
    expect(run.runtime.files.get("/project/out/count.txt")).toBe("spec\nend\n");
    expect(run.runtime.files.has("/project/summary.md")).toBe(true);
    expect([...run.runtime.files.keys()].filter((f) => f.startsWith("/elsewhere"))).toEqual([]);
  });
});
