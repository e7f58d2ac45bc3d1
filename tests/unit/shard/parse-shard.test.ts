import { describe, expect, test } from "bun:test";
import { FxperfError } from "../../../src/errors.ts";
import { parseShard, parseShardSettings } from "../../../src/shard/parse-shard.ts";

/** The message of the usage error `fn` throws. */
function usageError(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(FxperfError);
    expect((error as FxperfError).code).toBe("USAGE");
    return (error as FxperfError).message;
  }
  throw new Error("no error was thrown");
}

describe("parseShard()", () => {
  test("reads i/n, counting from 1", () => {
    expect(parseShard("1/4", {})).toEqual({ index: 1, total: 4 });
    expect(parseShard("4/4", {})).toEqual({ index: 4, total: 4 });
    expect(parseShard("1/1", {})).toEqual({ index: 1, total: 1 });
  });

  test.each([
    ["0/3", "between 1 and 3"],
    ["4/3", "between 1 and 3"],
    ["a/b", 'expected "i/n"'],
    ["1/0", "at least 1"],
    ["1/2/3", 'expected "i/n"'],
    ["2", 'expected "i/n"'],
    ["-1/3", 'expected "i/n"'],
    ["1.5/3", 'expected "i/n"'],
  ])("%s is a usage error naming the flag", (value, why) => {
    const message = usageError(() => parseShard(value, {}));
    expect(message).toContain(`Option "--shard" is "${value}"`);
    expect(message).toContain(why);
  });

  test("auto reads GitLab's 1-based index, Buildkite's and CircleCI's 0-based ones", () => {
    expect(parseShard("auto", { CI_NODE_INDEX: "2", CI_NODE_TOTAL: "4" })).toEqual({ index: 2, total: 4 });
    expect(parseShard("auto", { BUILDKITE_PARALLEL_JOB: "0", BUILDKITE_PARALLEL_JOB_COUNT: "3" })).toEqual({
      index: 1,
      total: 3,
    });
    expect(parseShard("auto", { CIRCLE_NODE_INDEX: "2", CIRCLE_NODE_TOTAL: "3" })).toEqual({ index: 3, total: 3 });
  });

  test("auto without a job matrix, or with a variable out of range, says which variables it read", () => {
    expect(usageError(() => parseShard("auto", {}))).toContain("CI_NODE_INDEX/CI_NODE_TOTAL");
    expect(usageError(() => parseShard("auto", { CI_NODE_INDEX: "0", CI_NODE_TOTAL: "4" }))).toContain(
      'CI_NODE_INDEX is "0": expected a job index from 1 to 4',
    );
    expect(usageError(() => parseShard("auto", { CIRCLE_NODE_INDEX: "3", CIRCLE_NODE_TOTAL: "3" }))).toContain(
      "from 0 to 2",
    );
    expect(usageError(() => parseShard("auto", { CI_NODE_INDEX: "1" }))).toContain('CI_NODE_TOTAL is ""');
  });
});

describe("parseShardSettings()", () => {
  test("--shard-timings needs --shard, and is resolved against the working directory", () => {
    expect(usageError(() => parseShardSettings({ shard: undefined, shardTimings: "r.json" }, {}, "/w"))).toContain(
      '"--shard-timings" needs "--shard"',
    );
    expect(parseShardSettings({ shard: "2/3", shardTimings: "r.json" }, {}, "/w")).toEqual({
      shard: { index: 2, total: 3 },
      shardTimings: "/w/r.json",
    });
    expect(parseShardSettings({ shard: undefined, shardTimings: undefined }, {}, "/w")).toEqual({
      shard: undefined,
      shardTimings: undefined,
    });
  });
});

describe("parseShard() auto in a job without parallel:", () => {
  test("GitLab's CI_NODE_TOTAL=1 without an index is the whole suite", () => {
    expect(parseShard("auto", { CI_NODE_TOTAL: "1" })).toEqual({ index: 1, total: 1 });
  });
});
