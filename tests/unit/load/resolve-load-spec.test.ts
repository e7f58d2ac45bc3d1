import { afterEach, describe, expect, test } from "bun:test";
import { startCollecting, stopCollecting } from "../../../src/dsl/collector.ts";
import { describePerf, loadPerf } from "../../../src/dsl/describe.ts";
import { flattenSpecs } from "../../../src/dsl/plan.ts";
import { parseWholeDuration, resolveLoadSpec } from "../../../src/spec/resolve-load-spec.ts";
import { runFake } from "../fake-runtime.ts";

afterEach(() => stopCollecting());

function resolveOne(declare: () => void) {
  const root = startCollecting("/project/spec/api.perf.ts");
  declare();
  const plan = flattenSpecs(root)[0]!;
  if (plan.kind !== "load") throw new Error("expected a load spec");
  return resolveLoadSpec(plan);
}
const messages = (r: ReturnType<typeof resolveOne>) => r.problems.map((p) => p.message);

describe("parseWholeDuration()", () => {
  test.each([
    ["10s", 10],
    ["2m", 120],
    ["1h", 3600],
    ["30", 30],
    [5, 5],
  ] as [string | number, number][])("%p → %p s", (raw, s) => expect(parseWholeDuration(raw)).toBe(s));
  test.each(["1.5s", "500ms", "0s", "", "ten", 1.5, -1])("refuses %p, as wrk would", (raw) =>
    expect(parseWholeDuration(raw)).toBeUndefined(),
  );
});

describe("resolveLoadSpec()", () => {
  test(".forks() on a load spec is refused with what to use instead", () => {
    const result = resolveOne(() => loadPerf("get", { url: "http://127.0.0.1:3000/" }).forks(3));
    expect(result.spec).toBeUndefined();
    expect(messages(result)[0]).toContain(".forks() applies to micro specs only");
    expect(messages(result)[0]).toContain(".retries()");
  });

  test("defaults: 10 connections, 10 s, threads decided at run time", () => {
    const { spec } = resolveOne(() => loadPerf("get", { url: "http://127.0.0.1:3000/" }));
    expect(spec).toMatchObject({
      kind: "load",
      id: "get",
      connections: 10,
      threads: undefined,
      durationS: 10,
      timeoutS: undefined,
      limits: [],
    });
  });

  test("expectations become floors and ceilings in base units", () => {
    const { spec } = resolveOne(() =>
      loadPerf("get", { url: "http://127.0.0.1:3000/" }).expect({
        rps: 5000,
        latency: { p99: "20ms", avg: "2ms" },
        errorRate: "0.1%",
        transfer: "10mb/s",
      }),
    );
    expect(spec!.limits.map((l) => [l.metric, l.direction, l.bound])).toEqual([
      ["rps", "min", 5000],
      ["errorRate", "max", 0.001],
      ["transfer", "min", 10 * 1024 ** 2],
      ["latency.p99", "max", 20e6],
      ["latency.avg", "max", 2e6],
    ]);
  });

  test("a user script resolves relative to the spec file", () => {
    const { spec } = resolveOne(() => loadPerf("get", { url: "http://127.0.0.1:3000/", script: "scripts/auth.lua" }));
    expect(spec!.script).toBe("/project/spec/scripts/auth.lua");
  });

  test.each([
    ["http://127.0.0.1:3000/a b", "contains a space"],
    ["http://127.0.0.1:3000/a\tb", "contains a tab or control character"],
    [" http://127.0.0.1:3000/", "contains a space"],
    ["http:127.0.0.1:3000/", "expected it to start with http:// or https:// and a host"],
    ["http://127.0.0.1:3000\\health", "contains a backslash"],
    ["http://", "not a valid URL"],
  ])("url %p is refused: %p", (url, why) => {
    const result = resolveOne(() => loadPerf("get", { url }));
    expect(result.spec).toBeUndefined();
    expect(result.problems[0]!.specId).toBe("get");
    expect(messages(result).join("\n")).toContain(`url is ${JSON.stringify(url)}: ${why}`);
  });

  test("a url with a space is refused when specs load, naming the spec and the url (exit 2)", async () => {
    const run = await runFake(["run", "--list"], {
      specs: { "spec/api.perf.ts": () => loadPerf("GET /a b", { url: "http://127.0.0.1:3000/a b" }) },
    });
    expect(run.exitCode).toBe(2);
    expect(run.error?.code).toBe("SPEC_INVALID");
    expect(run.stderr).toContain('spec "GET /a b": url is "http://127.0.0.1:3000/a b": contains a space');
  });

  test("every problem names the spec and the field", () => {
    const result = resolveOne(() =>
      describePerf("api", () =>
        loadPerf("bad", {
          url: "ftp://x",
          connections: 2,
          threads: 4,
          duration: "1.5s",
          timeout: "500ms",
          colour: "red",
        } as never)
          .expect({ rps: -1, errorRate: "lots", latency: { p95: "1ms" } } as never)
          .retries(-1),
      ),
    );
    expect(result.problems[0]!.specId).toBe("api > bad");
    const text = messages(result).join("\n");
    expect(text).toContain('unknown config field "colour"');
    expect(text).toContain('url is "ftp://x": expected http:// or https://');
    expect(text).toContain("threads (4) is more than connections (2)");
    expect(text).toContain('duration is "1.5s": expected whole seconds');
    expect(text).toContain('timeout is "500ms"');
    expect(text).toContain("expect.rps is -1");
    expect(text).toContain('expect.errorRate is "lots"');
    expect(text).toContain('unknown expectation "latency.p95"');
    expect(text).toContain(".retries() is -1");
  });

  test("a missing url, and a script together with method or body, are refused", () => {
    expect(messages(resolveOne(() => loadPerf("x", {} as never))).join()).toContain("url is undefined");
    expect(
      messages(resolveOne(() => loadPerf("x", { url: "http://a/", script: "s.lua", method: "POST" }))).join(),
    ).toContain("set them in the Lua script");
  });
});
