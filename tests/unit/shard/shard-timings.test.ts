import { describe, expect, test } from "bun:test";
import { parseShardTimings } from "../../../src/shard/shard-timings.ts";

describe("parseShardTimings()", () => {
  test("reads each spec's time from a run report, falling back to its forks' time, and from an ab report", () => {
    const run = JSON.stringify({
      specs: [
        { id: "a", elapsedNs: 2e9 },
        { id: "b", micro: { forks: { elapsedNs: 1e9 } } },
        { id: "c", elapsedNs: null },
      ],
    });
    expect([...parseShardTimings(run, "r.json")]).toEqual([
      ["a", 2e9],
      ["b", 1e9],
    ]);
    const ab = JSON.stringify({ kind: "fxperf-ab-report", specs: [{ id: "x", elapsedNs: 5e9 }] });
    expect([...parseShardTimings(ab, "ab.json")]).toEqual([["x", 5e9]]);
  });

  test("a file that is not a report is a usage error naming the option and the file", () => {
    expect(() => parseShardTimings("{", "r.json")).toThrow('Option "--shard-timings" is "r.json": not valid JSON');
    expect(() => parseShardTimings("{}", "r.json")).toThrow('"specs" list');
    expect(() => parseShardTimings('{"kind":"fxperf-shard","formatVersion":1}', "s.json")).toThrow(
      'Option "--shard-timings" is "s.json": Cannot read shard file "s.json"',
    );
  });
});
