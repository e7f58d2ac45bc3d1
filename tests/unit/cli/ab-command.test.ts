import { describe, expect, test } from "bun:test";
import { describePerf, itPerf, loadPerf } from "../../../src/index.ts";
import { type FakeRuntime, runFake } from "../fake-runtime.ts";

// Outside a git repository (git answers 127), with a base checkout given by --base-dir.
const ARGS = ["ab", "spec", "--base-dir", "/base", "--forks", "2", "--max-time", "5s", "--reporter", "json=ab.json"];

const twoTrees = {
  specs: {
    "/project/spec/a.perf.ts": () =>
      describePerf("a", () => {
        itPerf("same", () => 1).time("1ms");
        itPerf("new", () => 2).time("1ms");
        itPerf("kind", () => 3).time("1ms");
        itPerf("skipped", () => 4)
          .time("1ms")
          .skip();
      }),
    "/base/spec/a.perf.ts": () =>
      describePerf("a", () => {
        itPerf("same", () => 1).time("1ms");
        itPerf("old", () => 2).time("1ms");
        loadPerf("kind", { url: "http://127.0.0.1:1/", duration: "1s" });
        itPerf("skipped", () => 4).time("1ms");
      }),
  },
};

function report(run: Awaited<ReturnType<typeof runFake>>) {
  return JSON.parse(run.runtime.files.get("/project/ab.json")!) as {
    specs: { id: string; status: string; error: { side: string; message: string } | null; pairs: number }[];
    base: { source: string; ref: string | null };
  };
}

describe("fxperf ab (fake runtime)", () => {
  test("matches specs by id: measured, added, removed, skipped, and a kind change is an error", async () => {
    const run = await runFake(ARGS, twoTrees);
    expect(run.stderr).not.toContain("error:");
    const byId = Object.fromEntries(report(run).specs.map((s) => [s.id, s]));
    // Paired: two forks leave the spread unknown, so a third is added before the verdict.
    expect(byId["a > same"]).toMatchObject({ status: "unchanged", pairs: 3 });
    expect(byId["a > new"]!.status).toBe("added");
    expect(byId["a > old"]!.status).toBe("removed");
    expect(byId["a > skipped"]!.status).toBe("skipped");
    expect(byId["a > kind"]!.status).toBe("error");
    expect(byId["a > kind"]!.error!.message).toContain("micro spec in head but a load spec in base");
    expect(report(run).base).toMatchObject({ source: "dir", ref: null });
    expect(run.exitCode).toBe(5);
  });
  test("a spec file the base cannot load makes its specs errors on the base side", async () => {
    const run = await runFake(ARGS, {
      specs: {
        "/project/spec/a.perf.ts": () => itPerf("x", () => 1).time("1ms"),
        "/base/spec/a.perf.ts": () => {
          throw new Error("SyntaxError in base");
        },
      },
    });
    const [spec] = report(run).specs;
    expect(spec).toMatchObject({ id: "x", status: "error", error: { side: "base" } });
    expect(spec!.error!.message).toContain("SyntaxError in base");
    expect(run.exitCode).toBe(5);
  });
  test("a spec file the head cannot load stops the comparison (exit 5): nothing is measured", async () => {
    const run = await runFake(ARGS, {
      specs: {
        "/project/spec/a.perf.ts": () => {
          throw new Error("broken head");
        },
        "/base/spec/a.perf.ts": () => itPerf("x", () => 1).time("1ms"),
      },
    });
    expect(run.exitCode).toBe(5);
    expect(run.stderr).toContain("broken head");
  });
  test("a spec path the base lacks: its specs are added, not an error", async () => {
    const run = await runFake(ARGS, {
      specs: { "/project/spec/a.perf.ts": () => itPerf("x", () => 1).time("1ms") },
      files: { "/base/README.md": "" },
    });
    expect(report(run).specs[0]!.status).toBe("added");
    expect(run.exitCode).toBe(0);
  });
  test("a --base-dir that does not exist: exit 2 naming it", async () => {
    const run = await runFake(["ab", "--base-dir", "/nowhere"], twoTrees);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('"--base-dir" is "/nowhere": no such directory');
  });
  test("a --base-dir that is a file, or the head's own tree, is refused naming why (issue 23)", async () => {
    const file = await runFake(["ab", "--base-dir", "/base/README.md"], {
      ...twoTrees,
      files: { "/base/README.md": "" },
    });
    expect(file.exitCode).toBe(2);
    expect(file.stderr).toContain('"--base-dir" is "/base/README.md": a file, not a directory');
    const itself = await runFake(["ab", "--base-dir", "/project"], twoTrees);
    expect(itself.exitCode).toBe(2);
    expect(itself.stderr).toContain('"--base-dir" is "/project": that is the head\'s own tree');
    expect(itself.stderr).toContain("cp -r . ../aa-copy");
  });
  test("--base outside a git repository: exit 2 pointing at --base-dir", async () => {
    const run = await runFake(["ab", "--base", "main"], twoTrees);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain("needs a git repository");
    expect(run.stderr).toContain("--base-dir");
  });
  test("filters that select nothing in either tree are a usage error (exit 2), as in run", async () => {
    const run = await runFake([...ARGS, "--grep", "no-such-spec"], twoTrees);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain("No spec selected in either tree");
  });
  test("an undecided spec passes (exit 0), and fails with exit 4 under --strict or FXPERF_STRICT=1", async () => {
    // Each paired process loads both files once: in every other process the head is slow and the
    // base fast, in the others the reverse (each reading of the fake clock costs a step). The
    // processes' own ratios swing as far above 1 as below, so no number of them decides at 2%.
    const trees = () => {
      let headLoads = 0;
      let baseLoads = 0;
      const work = (runtime: FakeRuntime, slow: boolean) => () => (slow ? runtime.nowNs() + runtime.nowNs() : 1);
      return {
        specs: {
          "/project/spec/a.perf.ts": (runtime: FakeRuntime) => {
            itPerf("x", work(runtime, ++headLoads % 2 === 0)).time("1ms");
          },
          "/base/spec/a.perf.ts": (runtime: FakeRuntime) => {
            itPerf("x", work(runtime, ++baseLoads % 2 === 1)).time("1ms");
          },
        },
      };
    };
    const args = ARGS;
    const loose = await runFake(args, trees());
    expect(report(loose).specs[0]!.status).toBe("undecided");
    expect(loose.exitCode).toBe(0);
    const strict = await runFake([...args, "--strict"], trees());
    expect(report(strict).specs[0]!.status).toBe("undecided");
    expect(strict.exitCode).toBe(4);
    const env = await runFake(args, { ...trees(), env: { FXPERF_STRICT: "1" } });
    expect(env.exitCode).toBe(4);
  });
});

describe("fxperf ab: which tolerance applies (fake runtime)", () => {
  // The same order as run's: the spec's own .tolerance(), --tolerance, FXPERF_TOLERANCE, 2%.
  const trees = {
    specs: {
      "/project/spec/a.perf.ts": () =>
        describePerf("a", () => {
          itPerf("own", () => 1)
            .time("1ms")
            .tolerance("20%");
          itPerf("plain", () => 1).time("1ms");
        }),
      "/base/spec/a.perf.ts": () =>
        describePerf("a", () => {
          itPerf("own", () => 1).time("1ms");
          itPerf("plain", () => 1).time("1ms");
        }),
    },
  };
  const tolerances = (run: Awaited<ReturnType<typeof runFake>>) => {
    const specs = JSON.parse(run.runtime.files.get("/project/ab.json")!).specs as {
      id: string;
      change: { tolerance: number } | null;
    }[];
    return Object.fromEntries(specs.map((s) => [s.id, s.change?.tolerance]));
  };

  test.each([
    ["the spec's own wins over --tolerance", ["--tolerance", "1%"], {}, { "a > own": 0.2, "a > plain": 0.01 }],
    [
      "the spec's own wins over FXPERF_TOLERANCE",
      [],
      { FXPERF_TOLERANCE: "7%" },
      { "a > own": 0.2, "a > plain": 0.07 },
    ],
    [
      "--tolerance wins over FXPERF_TOLERANCE",
      ["--tolerance", "3%"],
      { FXPERF_TOLERANCE: "7%" },
      { "a > plain": 0.03 },
    ],
    ["nothing set: 2%", [], {}, { "a > own": 0.2, "a > plain": 0.02 }],
  ] as const)("%s", async (_name, flags, env, expected) => {
    const run = await runFake([...ARGS, ...flags], { ...trees, env });
    expect(run.exitCode).toBe(0);
    expect(tolerances(run)).toMatchObject(expected);
  });
});

describe("fxperf ab: where load specs run (fake runtime)", () => {
  const loadTrees = (root: string) => () =>
    describePerf("api", () => {
      loadPerf("GET /", { url: `http://127.0.0.1:1/${root}`, duration: "1s" });
    });
  const trees = { specs: { "/project/spec/a.perf.ts": loadTrees("head"), "/base/spec/a.perf.ts": loadTrees("base") } };
  test("without wrk (--wrk-optional) the load specs are skipped and nothing claims where wrk would run", async () => {
    const run = await runFake([...ARGS, "--wrk-optional"], {
      ...trees,
      path: { taskset: "/usr/bin/taskset" },
      files: { "/proc/self/status": "Cpus_allowed_list:\t0-3\n" },
    });
    expect(run.stderr).toContain("Load specs will be skipped");
    expect(run.stderr).not.toContain("Load specs: wrk");
    expect(report(run).specs.map((s) => s.status)).toEqual(["skipped"]);
  });
});
