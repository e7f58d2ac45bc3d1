import { describe, expect, test } from "bun:test";
import type { FxperfError } from "../../../src/errors.ts";
import type { AbRunResult, AbSpecResult } from "../../../src/result/ab-result.ts";
import { countAbStatuses } from "../../../src/result/ab-result.ts";
import type { RunResult } from "../../../src/result/run-result.ts";
import type { ShardInfo } from "../../../src/result/shard-info.ts";
import type { SpecResult } from "../../../src/result/spec-result.ts";
import { mergeShards, type NamedShard } from "../../../src/shard/merge-results.ts";
import { parseShardFile, renderShardFile } from "../../../src/shard/shard-file.ts";
import { runResult, specResult } from "../helpers.ts";

// A suite of five specs in two shards: "b" and "d" in shard 2, the rest in shard 1.
const PLAN: ShardInfo["planned"] = ["a", "b", "c", "d", "e"].map((id) => ({
  id,
  shard: id === "b" || id === "d" ? 2 : 1,
  kind: "micro",
  file: "spec/a.perf.ts",
}));
const shardInfo = (index: number): ShardInfo => ({ index, total: 2, planned: PLAN });

function runShard(index: number, specs: SpecResult[], overrides: Partial<RunResult> = {}): NamedShard {
  const result = runResult(specs, { shard: shardInfo(index), git: { commit: "abc", branch: "main" }, ...overrides });
  return { name: `shard-${index}.json`, file: { command: "run", result } };
}

/** The message of the usage error (exit 2) merging `shards` throws. */
function refusal(shards: NamedShard[]): string {
  try {
    mergeShards(shards);
  } catch (error) {
    expect((error as FxperfError).exitCode).toBe(2);
    return (error as FxperfError).message;
  }
  throw new Error("the merge was not refused");
}

const one = runShard(1, [
  specResult({ id: "a" }),
  specResult({ id: "c", status: "FAIL" }),
  specResult({ id: "c (complexity)" }),
  specResult({ id: "e" }),
]);
const two = runShard(2, [specResult({ id: "b" }), specResult({ id: "d", status: "WARN" })], {
  startedAt: "2025-12-31T23:59:00.000Z",
  endedAt: "2026-01-01T00:05:00.000Z",
  guard: { guarded: true, refusals: [], warnings: ["CPU frequency scaling"] },
});

describe("mergeShards(): run", () => {
  test("puts every spec back in the suite's order, with the rows that followed it in its shard", () => {
    const merged = mergeShards([two, one]);
    expect(merged.command).toBe("run");
    expect(merged.missing).toEqual([]);
    const result = merged.result as RunResult;
    expect(result.specs.map((s) => s.id)).toEqual(["a", "b", "c", "c (complexity)", "d", "e"]);
    expect(result.counts).toMatchObject({ PASS: 4, FAIL: 1, WARN: 1 });
    expect(result.selection.selected).toBe(5);
    expect(result.shard).toBeUndefined();
    // From the earliest start to the latest end; every shard's guard findings.
    expect(result.startedAt).toBe("2025-12-31T23:59:00.000Z");
    expect(result.endedAt).toBe("2026-01-01T00:05:00.000Z");
    expect(result.guard.warnings).toEqual(["CPU frequency scaling"]);
  });

  test("a shard that did not report leaves its specs as errors that name it", () => {
    const merged = mergeShards([one]);
    expect(merged.missing).toEqual([{ index: 2, total: 2, specs: PLAN.filter((p) => p.shard === 2) }]);
    const result = merged.result as RunResult;
    expect(result.specs.map((s) => `${s.id} ${s.status}`)).toEqual([
      "a PASS",
      "b ERROR",
      "c FAIL",
      "c (complexity) PASS",
      "d ERROR",
      "e PASS",
    ]);
    expect(result.specs[1]!.error).toMatchObject({
      phase: "merge",
      message: expect.stringContaining("shard 2/2 did not report"),
    });
    expect(result.counts.ERROR).toBe(2);
  });

  test("an interrupted shard makes the merged run interrupted; strict in any shard is strict", () => {
    const merged = mergeShards([
      one,
      {
        ...two,
        file: { command: "run", result: { ...(two.file.result as RunResult), interrupted: true, strict: true } },
      },
    ]);
    expect((merged.result as RunResult).interrupted).toBe(true);
    expect((merged.result as RunResult).strict).toBe(true);
  });

  test("refuses files that do not belong together, naming them", () => {
    expect(refusal([one, one])).toBe('Shard 1/2 was given twice: "shard-1.json" and "shard-1.json"');
    expect(refusal([one, runShard(2, [specResult({ id: "a" })])])).toBe(
      'Spec "a" was measured in two shards: "shard-1.json" and "shard-2.json"',
    );
    expect(refusal([one, runShard(2, [], { fxperfVersion: "9.9.9" })])).toContain(
      'Cannot merge "shard-2.json" (fxperf 9.9.9) with "shard-1.json" (fxperf 0.0.0)',
    );
    const otherSuite = runShard(2, [], { shard: { index: 2, total: 2, planned: PLAN.slice(1) } });
    expect(refusal([one, otherSuite])).toContain("they are shards of different suites");
    const threeShards = runShard(2, [], { shard: { index: 2, total: 3, planned: PLAN } });
    expect(refusal([one, threeShards])).toContain("different numbers of shards");
    expect(refusal([one, runShard(2, [], { git: { commit: "def", branch: "main" } })])).toContain(
      "Cannot merge shards of different commits",
    );
    const whole = {
      name: "whole.json",
      file: { command: "run" as const, result: runResult([specResult({ id: "x" })]) },
    };
    expect(refusal([one, whole])).toContain('"whole.json": it is the report of a whole run, not of a shard');
    const ab = { name: "ab.json", file: { command: "ab" as const, result: abRun([]) } };
    expect(refusal([one, ab])).toContain("one command's shards at a time");
  });

  test("a spec missing from a shard that ran to its end is an error naming the file; an interrupted shard's is left out", () => {
    const short = runShard(2, [specResult({ id: "b" })]);
    const merged = mergeShards([one, short]).result as RunResult;
    expect(merged.specs.find((s) => s.id === "d")).toMatchObject({
      status: "ERROR",
      error: { phase: "merge", message: 'not measured: "shard-2.json" (shard 2/2) has no result for it' },
    });
    const stopped = runShard(2, [specResult({ id: "b" })], { interrupted: true });
    const partial = mergeShards([one, stopped]).result as RunResult;
    expect(partial.specs.map((s) => s.id)).toEqual(["a", "b", "c", "c (complexity)", "e"]);
    expect(partial.interrupted).toBe(true);
  });

  test("one unsharded file is merged as it is (re-rendering a whole run), repeated hook rows included", () => {
    const hook = specResult({ id: "suite > afterAll", status: "ERROR" });
    const again = mergeShards([
      { name: "w.json", file: { command: "run", result: runResult([specResult({ id: "x" }), hook, hook]) } },
    ]);
    expect((again.result as RunResult).specs.map((s) => s.id)).toEqual(["x", "suite > afterAll", "suite > afterAll"]);
    const whole = runResult([specResult({ id: "x" }), specResult({ id: "y", status: "FAIL" })]);
    const merged = mergeShards([{ name: "whole.json", file: { command: "run", result: whole } }]);
    expect((merged.result as RunResult).specs.map((s) => s.id)).toEqual(["x", "y"]);
    expect(merged.missing).toEqual([]);
  });
});

function abSpec(id: string, status: AbSpecResult["status"]): AbSpecResult {
  return {
    id,
    kind: "micro",
    status,
    files: { base: "spec/a.perf.ts", head: "spec/a.perf.ts" },
    base: null,
    head: null,
    change: null,
    pairs: 4,
    stop: "decided",
    elapsedNs: 1e9,
    error: null,
    skipReason: null,
    warnings: [],
  };
}

function abRun(specs: AbSpecResult[], shard?: ShardInfo): AbRunResult {
  return {
    fxperfVersion: "0.0.0",
    runtime: { name: "bun", version: "1" },
    startedAt: "2026-01-01T00:00:00.000Z",
    endedAt: "2026-01-01T00:00:10.000Z",
    base: { ref: "origin/main", commit: "base", source: "worktree", dependencies: "linked" },
    head: { commit: "head", dirty: false },
    guard: { guarded: true, refusals: [], warnings: [] },
    strict: false,
    interrupted: false,
    planned: specs.length,
    loadCpus: null,
    specs,
    counts: countAbStatuses(specs),
    ...(shard ? { shard } : {}),
  };
}

describe("mergeShards(): ab", () => {
  test("merges the comparisons in the suite's order; a missing shard's specs are errors on the head", () => {
    const first = {
      name: "ab-1.json",
      file: {
        command: "ab" as const,
        result: abRun([abSpec("a", "regressed"), abSpec("c", "unchanged"), abSpec("e", "unchanged")], shardInfo(1)),
      },
    };
    const merged = mergeShards([first]);
    const result = merged.result as AbRunResult;
    expect(result.specs.map((s) => `${s.id} ${s.status}`)).toEqual([
      "a regressed",
      "b error",
      "c unchanged",
      "d error",
      "e unchanged",
    ]);
    expect(result.specs[1]!.error).toMatchObject({ side: "head", phase: "merge" });
    expect(result.planned).toBe(5);
    expect(result.counts).toMatchObject({ regressed: 1, unchanged: 2, error: 2 });
  });
});

describe("shard files", () => {
  test("keep the whole result, figures that could not be measured included", () => {
    const result = runResult([specResult({ id: "a", warnings: ["w"] })], { shard: shardInfo(1) });
    const withNaN = { ...result, specs: [{ ...result.specs[0]!, elapsedNs: Number.NaN }] } as RunResult;
    const read = parseShardFile(renderShardFile({ command: "run", result: withNaN }), "f.json");
    expect(read.command).toBe("run");
    expect(Number.isNaN((read.result as RunResult).specs[0]!.elapsedNs)).toBe(true);
    expect({ ...read.result, specs: [] }).toEqual({ ...withNaN, specs: [] });
  });

  test("a truncated file, a JSON report, or a damaged file is a usage error naming the file", () => {
    const text = renderShardFile({
      command: "run",
      result: runResult([specResult({ id: "a" })], { shard: shardInfo(1) }),
    });
    const error = (source: string) => {
      try {
        parseShardFile(source, "s.json");
      } catch (e) {
        expect((e as FxperfError).exitCode).toBe(2);
        return (e as FxperfError).message;
      }
      return "no error";
    };
    expect(error(text.slice(0, 200))).toStartWith('Cannot read shard file "s.json": not valid JSON');
    expect(error('{"$schema":"urn:fxperf:report:v1","specs":[]}')).toBe(
      'Cannot merge "s.json": it is a JSON report, not a shard file',
    );
    expect(error(text.replace('"specs":[', '"specs":7,"x":['))).toContain('"result.specs"');
    expect(error(text.replace('"formatVersion":1', '"formatVersion":99'))).toContain("its format version is 99");
    // A newer format is named as such even when its shape changed too.
    expect(error(text.replace('"formatVersion":1', '"formatVersion":2').replace('"specs":[', '"rows":['))).toContain(
      "its format version is 2",
    );
    expect(error('{"schemaVersion":2,"fingerprint":{},"baselines":{}}')).toBe(
      'Cannot merge "s.json" as a shard file: it is a profile',
    );
  });
});
