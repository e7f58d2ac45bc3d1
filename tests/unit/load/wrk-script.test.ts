import { describe, expect, test } from "bun:test";
import { computeErrorRate } from "../../../src/load/load-result.ts";
import { buildWrkArgs } from "../../../src/load/wrk-args.ts";
import { luaString, parseReporterLine, REPORT_MARKER, renderWrkScript } from "../../../src/load/wrk-script.ts";
import { parseWrkVersion } from "../../../src/load/find-wrk.ts";

const request = {
  url: "http://127.0.0.1:8080/x",
  method: undefined,
  headers: {},
  body: undefined,
  connections: 10,
  threads: 2,
  durationS: 3,
  timeoutS: undefined,
  script: undefined,
  verbose: false,
};

describe("buildWrkArgs()", () => {
  test("an argument array with --latency always on", () => {
    expect(buildWrkArgs(request, "/tmp/s.lua")).toEqual([
      "--threads",
      "2",
      "--connections",
      "10",
      "--duration",
      "3s",
      "--latency",
      "--script",
      "/tmp/s.lua",
      "http://127.0.0.1:8080/x",
    ]);
  });
  test("the request timeout in whole seconds", () => {
    expect(buildWrkArgs({ ...request, timeoutS: 5 }, undefined)).toContain("5s");
  });
});

describe("luaString()", () => {
  test("escapes quotes, backslashes, newlines and non-ASCII bytes as \\ddd", () => {
    expect(luaString('a"b\\c\nd')).toBe('"a\\034b\\092c\\010d"');
    expect(luaString("wö")).toBe('"w\\195\\182"');
    expect(luaString("]]--")).toBe('"]]--"');
  });
});

describe("renderWrkScript()", () => {
  test("sets method, body and headers, and defines the reporter", () => {
    const script = renderWrkScript({
      method: "POST",
      body: '{"a":1}',
      headers: { "Content-Type": "application/json" },
    });
    expect(script).toContain('wrk.method = "POST"');
    expect(script).toContain('wrk.body = "{\\034a\\034:1}"');
    expect(script).toContain('wrk.headers["Content-Type"] = "application/json"');
    expect(script).toContain("done = function(summary, latency, requests)");
    expect(script).toContain(REPORT_MARKER.trim());
  });
  test("a plain GET sets nothing but the reporter", () => {
    expect(renderWrkScript({ method: undefined, body: undefined, headers: {} })).not.toContain("wrk.method");
  });
});

describe("parseReporterLine()", () => {
  const line = `${REPORT_MARKER}{"durationUs":2000000,"requests":1000,"bytes":50000,"connect":0,"read":2,"write":0,"status":10,"timeout":3,"minUs":40,"maxUs":9000,"meanUs":120.5,"stdevUs":30.25,"p50":100,"p75":130,"p90":200,"p99":900,"p999":5000}`;
  test("reads exact figures in ns and derives rates", () => {
    const r = parseReporterLine(`Running 2s test\n...\n${line}\n`)!;
    expect(r.requests).toBe(1000);
    expect(r.rps).toBe(500);
    expect(r.transferBytesPerSec).toBe(25_000);
    expect(r.latencyNs).toEqual({
      avg: 120_500,
      stdev: 30_250,
      max: 9_000_000,
      p50: 100_000,
      p75: 130_000,
      p90: 200_000,
      p99: 900_000,
    });
    expect(r.errors).toEqual({ connect: 0, read: 2, write: 0, timeout: 3, status: 10 });
    expect(r.errorRate).toBeCloseTo((10 + 2 + 3) / (1000 + 2), 12);
  });
  test("absent or broken: undefined (the stdout parser takes over)", () => {
    expect(parseReporterLine("no marker here")).toBeUndefined();
    expect(parseReporterLine(`${REPORT_MARKER}{broken`)).toBeUndefined();
  });
});

describe("computeErrorRate()", () => {
  test("(status ≥ 400 + socket errors) / (requests + connect, read and write errors)", () => {
    expect(computeErrorRate(100, { connect: 0, read: 0, write: 0, timeout: 0, status: 0 })).toBe(0);
    expect(computeErrorRate(100, { connect: 0, read: 0, write: 0, timeout: 0, status: 100 })).toBe(1);
    expect(computeErrorRate(90, { connect: 5, read: 3, write: 2, timeout: 4, status: 6 })).toBeCloseTo(20 / 100, 12);
    expect(computeErrorRate(0, { connect: 0, read: 0, write: 0, timeout: 0, status: 0 })).toBeNaN();
  });
});

describe("parseWrkVersion()", () => {
  test("reads Debian's and upstream's version lines", () => {
    expect(parseWrkVersion("wrk debian/4.1.0-3+b2 [epoll] Copyright (C) 2012 Will Glozer\nUsage: ...")).toBe(
      "debian/4.1.0-3+b2",
    );
    expect(parseWrkVersion("wrk 4.2.0 [kqueue] Copyright (C) 2012 Will Glozer")).toBe("4.2.0");
    expect(parseWrkVersion("curl 8.0")).toBeUndefined();
  });
});
