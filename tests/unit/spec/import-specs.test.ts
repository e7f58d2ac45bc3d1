import { describe, expect, test } from "bun:test";
import { describePerf, itPerf } from "../../../src/index.ts";
import { importSpecs } from "../../../src/spec/import-specs.ts";
import { createFakeRuntime, runFake } from "../fake-runtime.ts";

describe("importSpecs()", () => {
  test("a spec file that defines no spec is a problem naming the file", async () => {
    const runtime = createFakeRuntime({
      specs: {
        "spec/a.perf.ts": () => itPerf("a", () => 1),
        "spec/none.perf.ts": () => describePerf("empty suite", () => {}),
      },
    });
    const loaded = await importSpecs(runtime, ["/project/spec/a.perf.ts", "/project/spec/none.perf.ts"]);
    expect(loaded.specs.map((s) => s.id)).toEqual(["a"]);
    expect(loaded.problems).toEqual([
      {
        file: "/project/spec/none.perf.ts",
        line: undefined,
        specId: "",
        message: expect.stringContaining("defines no spec: "),
      },
    ]);
  });

  test("an empty spec file is named as empty", async () => {
    const runtime = createFakeRuntime({ specs: { "spec/blank.perf.ts": () => {} } });
    runtime.files.set("/project/spec/blank.perf.ts", "  \n");
    const loaded = await importSpecs(runtime, ["/project/spec/blank.perf.ts"]);
    expect(loaded.problems.map((p) => p.message)).toEqual([expect.stringMatching(/^is empty: it defines no spec/)]);
  });
});

describe("spec files that contribute nothing (fake runtime)", () => {
  test("fxperf run names the file that defines no spec and exits 2", async () => {
    const run = await runFake(["run"], {
      specs: { "spec/a.perf.ts": () => itPerf("a", () => 1).time("2ms"), "spec/x.perf.ts": () => {} },
    });
    expect(run.exitCode).toBe(2);
    expect(run.error?.code).toBe("SPEC_INVALID");
    expect(run.stderr).toContain("spec/x.perf.ts: defines no spec");
  });

  test("a directory named x.perf.ts is walked into, not loaded as a spec file", async () => {
    const specs = { "spec/a.perf.ts": () => itPerf("a", () => 1).time("2ms") };
    const files = { "spec/dir.perf.ts/notes.md": "not a spec" };
    const walked = await runFake(["run", "--list"], { specs, files });
    expect(walked.exitCode).toBe(0);
    expect(walked.stdout).toContain("1 of 1 specs selected");
    const named = await runFake(["run", "--list", "spec/dir.perf.ts"], { specs, files });
    expect(named.exitCode).toBe(2);
    expect(named.error?.code).toBe("NO_SPECS");
  });
});
