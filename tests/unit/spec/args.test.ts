import { describe, expect, test } from "bun:test";
import { describePerf, itPerf } from "../../../src/index.ts";
import { formatParams } from "../../../src/spec/expand-args.ts";
import { importSpecs } from "../../../src/spec/import-specs.ts";
import type { ResolvedMicroSpec } from "../../../src/spec/resolved.ts";
import { createFakeRuntime, runFake } from "../fake-runtime.ts";

async function load(body: () => void) {
  const runtime = createFakeRuntime({ specs: { "spec/a.perf.ts": body } });
  return importSpecs(runtime, ["/project/spec/a.perf.ts"]);
}

describe(".args()", () => {
  test("one spec per combination, the first parameter outermost, with the parameters in the id", async () => {
    const loaded = await load(() =>
      describePerf("algo", () => {
        itPerf("join", ({ sep, n }) => `${n}${sep}`).args({ n: [1, 2], sep: [",", "|"] });
      }),
    );
    expect(loaded.problems).toEqual([]);
    expect(loaded.specs.map((s) => s.id)).toEqual([
      "algo > join [n=1, sep=,]",
      "algo > join [n=1, sep=|]",
      "algo > join [n=2, sep=,]",
      "algo > join [n=2, sep=|]",
    ]);
    const first = loaded.specs[0] as ResolvedMicroSpec;
    expect(first.params).toEqual({ n: 1, sep: "," });
    expect(first.group).toEqual({ id: "algo > join", size: 4, complexity: undefined });
  });
  test("formatParams() writes name=value pairs", () => {
    expect(formatParams({ n: 1024 })).toBe("n=1024");
    expect(formatParams({ a: 1, b: "x", c: true })).toBe("a=1, b=x, c=true");
  });
  test("an empty table, an empty list, a repeated or unusable value: exit 2 naming the spec and the parameter", async () => {
    for (const [args, expected] of [
      [{}, ".args({}) names no parameter"],
      [{ n: [] }, '.args() parameter "n" is [] (or an empty array): expected a non-empty array of values'],
      [{ n: [1, 1] }, '.args() parameter "n" repeats a value'],
      [{ n: [1, Number.NaN] }, '.args() parameter "n" holds'],
      [{ n: [{}] }, '.args() parameter "n" holds'],
    ] as const) {
      const loaded = await load(() => itPerf("s", () => 1).args(args as never));
      expect(loaded.problems.map((p) => p.message).join("\n")).toContain(expected.split(" (or")[0]!);
      expect(loaded.problems[0]?.specId).toBe("s");
    }
  });
});

describe(".expect({ complexity })", () => {
  test("is carried by the group", async () => {
    const loaded = await load(() =>
      itPerf("sum", ({ n }) => n)
        .args({ n: [10, 100, 1000, 10000] })
        .expect({ complexity: "O(n)" }),
    );
    expect((loaded.specs[0] as ResolvedMicroSpec).group?.complexity).toEqual({ expected: "O(n)", param: "n" });
  });
  test("without a numeric parameter, with too few or too close values, or an unknown class: refused saying why", async () => {
    const cases: [() => void, string][] = [
      [() => itPerf("a", () => 1).expect({ complexity: "O(n)" }), "needs one numeric parameter"],
      [
        () =>
          itPerf("b", () => 1)
            .args({ s: ["x", "y"] })
            .expect({ complexity: "O(n)" }),
        "none numeric",
      ],
      [
        () =>
          itPerf("c", () => 1)
            .args({ n: [1, 2, 4, 8] })
            .expect({ complexity: "O(n)" }),
        "spanning at least 16x",
      ],
      [
        () =>
          itPerf("d", () => 1)
            .args({ n: [1, 100, 1000] })
            .expect({ complexity: "O(n)" }),
        "at least 4 values",
      ],
      [
        () =>
          itPerf("e", () => 1)
            .args({ n: [1, 10, 100, 1000] })
            .expect({ complexity: "O(2^n)" as never }),
        'expected one of "O(1)"',
      ],
    ];
    for (const [body, expected] of cases) {
      const loaded = await load(body);
      expect(loaded.problems.map((p) => p.message).join("\n")).toContain(expected);
    }
  });
});

describe(".expect({ fasterThan })", () => {
  test("names a sibling by its name; the id is resolved in the same suite", async () => {
    const loaded = await load(() =>
      describePerf("lookup", () => {
        itPerf("scan", () => 1);
        itPerf("map", () => 1).expect({ fasterThan: { spec: "scan", by: 2 } });
      }),
    );
    expect(loaded.problems).toEqual([]);
    expect((loaded.specs[1] as ResolvedMicroSpec).fasterThan).toEqual({ id: "lookup > scan", name: "scan", by: 2 });
  });
  test("itself, a missing or non-sibling spec, a spec with parameters, or a cycle: refused naming the spec", async () => {
    const cases: [() => void, string][] = [
      [() => itPerf("self", () => 1).expect({ fasterThan: "self" }), '"self" is this spec itself'],
      [
        () =>
          describePerf("one", () => {
            itPerf("a", () => 1).expect({ fasterThan: "nope" });
            itPerf("b", () => 1);
          }),
        '"nope" is not a spec of the same suite (its specs: "b")',
      ],
      [
        () => {
          describePerf("one", () => itPerf("a", () => 1).expect({ fasterThan: "b" }));
          describePerf("two", () => itPerf("b", () => 1));
        },
        '"b" is not a spec of the same suite',
      ],
      [
        () => {
          itPerf("a", () => 1).expect({ fasterThan: "b" });
          itPerf("b", () => 1).args({ n: [1, 2] });
        },
        '"b" is a spec with .args()',
      ],
      [
        () => {
          itPerf("a", () => 1).expect({ fasterThan: "b" });
          itPerf("b", () => 1).expect({ fasterThan: "a" });
        },
        "leads back to this spec",
      ],
      [() => itPerf("x", () => 1).expect({ fasterThan: { spec: "y", by: 0 } }), "expected a sibling spec's name"],
    ];
    for (const [body, expected] of cases) {
      const loaded = await load(body);
      expect(loaded.problems.map((p) => p.message).join("\n")).toContain(expected);
    }
  });
});

describe("definition errors stop the run (fake runtime)", () => {
  test("exit 2 naming the file, the spec and what was expected", async () => {
    const run = await runFake(["run"], {
      specs: { "spec/a.perf.ts": () => itPerf("sum", ({ n }) => n).args({ n: [] }) },
    });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('spec "sum": .args() parameter "n"');
  });
});

describe(".setup()", () => {
  test("must be a function; heap cannot be checked with it", async () => {
    const notFn = await load(() => itPerf("s", () => 1).setup("x" as never));
    expect(notFn.problems[0]?.message).toContain(".setup() is");
    const heap = await load(() =>
      itPerf("s", (input) => input)
        .setup(() => [1])
        .expect({ heap: "1kb" }),
    );
    expect(heap.problems[0]?.message).toContain("expect.heap cannot be checked with .setup()");
  });
  test("a throwing setup makes the spec an ERROR at run time; the other specs are measured", async () => {
    const run = await runFake(["run", "--forks", "1"], {
      specs: {
        "spec/a.perf.ts": () => {
          itPerf("bad setup", (input) => input)
            .setup(() => {
              throw new Error("no input today");
            })
            .time("1ms");
          itPerf("fine", () => 1).time("1ms");
        },
      },
    });
    expect(run.exitCode).toBe(5);
    expect(run.stdout).toMatch(/ERROR\s+bad setup/);
    expect(run.stdout).toContain("no input today");
    expect(run.stdout).toMatch(/(NO BASELINE|PASS)\s+fine/);
  });
});
