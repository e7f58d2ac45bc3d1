import { describe, expect, test } from "bun:test";
import { Interrupted } from "../../../src/run/interrupted.ts";
import { runSpecLoop, type StepOutcome } from "../../../src/run/spec-loop.ts";

/** Runs the loop over `items` with `step`, recording what the progress listener heard. */
async function loop(
  items: string[],
  step: (item: string) => Promise<StepOutcome<string>>,
  signal = new AbortController().signal,
) {
  const heard: string[] = [];
  const outcome = await runSpecLoop(
    items,
    { signal, idOf: (item) => item },
    {
      onSpecStart: ({ id, index, total }) => heard.push(`start ${id} ${index + 1}/${total}`),
      onSpecEnd: (result, index, total) => heard.push(`end ${result} ${index + 1}/${total}`),
    },
    step,
  );
  return { ...outcome, heard };
}

describe("runSpecLoop()", () => {
  test("runs every item in order, and the rows a step adds follow its result with the same index", async () => {
    const run = await loop(["a", "b"], async (item) => ({ results: item === "a" ? ["a", "a (complexity)"] : ["b"] }));
    expect(run).toEqual({
      results: ["a", "a (complexity)", "b"],
      interrupted: false,
      heard: ["start a 1/2", "end a 1/2", "end a (complexity) 1/2", "start b 2/2", "end b 2/2"],
    });
  });

  test("a step that did not finish ends the run without a result; the items after it never start", async () => {
    const run = await loop(["a", "b", "c"], async (item) => (item === "b" ? "interrupted" : { results: [item] }));
    expect(run.results).toEqual(["a"]);
    expect(run.interrupted).toBe(true);
    expect(run.heard).not.toContain("start c 3/3");
  });

  test("a step that finished but was interrupted keeps its result and ends the run", async () => {
    const run = await loop(["a", "b"], async (item) => ({ results: [item], interrupted: true }));
    expect(run.results).toEqual(["a"]);
    expect(run.interrupted).toBe(true);
  });

  test("Interrupted thrown by a measurement ends the run; any other error propagates", async () => {
    const stopped = await loop(["a", "b"], async (item) => {
      if (item === "b") throw new Interrupted("fork stopped");
      return { results: [item] };
    });
    expect(stopped).toMatchObject({ results: ["a"], interrupted: true });
    await expect(loop(["a"], async () => Promise.reject(new Error("bug")))).rejects.toThrow("bug");
  });

  test("any error once the signal is aborted counts as the interruption, and an aborted run starts nothing", async () => {
    const controller = new AbortController();
    const run = await loop(
      ["a", "b"],
      async () => {
        controller.abort();
        throw new Error("killed by the signal");
      },
      controller.signal,
    );
    expect(run).toMatchObject({ results: [], interrupted: true });
    const again = await loop(["a"], async (item) => ({ results: [item] }), controller.signal);
    expect(again).toEqual({ results: [], interrupted: true, heard: [] });
  });
});
