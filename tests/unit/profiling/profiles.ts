/** CPU profiles for unit tests: a call tree written as nested frames, sampled as asked. */
import type { CpuProfile } from "../../../src/profiling/cpu-profile.ts";

/** A frame: its function, file URL (or "" for native or internal code) and 0-based line, and its callees. */
export interface Frame {
  readonly name: string;
  readonly url?: string;
  readonly line?: number;
  /** Samples whose leaf is this frame. */
  readonly self?: number;
  readonly calls?: readonly Frame[];
}

/** A profile of `frames` under a "(root)" node; each frame's `self` samples, 1 ms apart. */
export function profileOf(frames: readonly Frame[], startTime = 0): CpuProfile {
  const nodes: CpuProfile["nodes"] = [];
  const samples: number[] = [];
  let next = 1;
  const add = (frame: Frame): number => {
    const id = next++;
    const node = {
      id,
      callFrame: {
        functionName: frame.name,
        scriptId: "1",
        url: frame.url ?? "",
        lineNumber: frame.line ?? 0,
        columnNumber: 0,
      },
      hitCount: frame.self ?? 0,
      children: [] as number[],
    };
    nodes.push(node);
    for (let i = 0; i < (frame.self ?? 0); i++) samples.push(id);
    for (const callee of frame.calls ?? []) node.children.push(add(callee));
    return id;
  };
  add({ name: "(root)", calls: frames });
  return { nodes, startTime, endTime: startTime + samples.length * 1000, samples, timeDeltas: samples.map(() => 1000) };
}

/** The mitata loop fxperf measures in (its frames are fxperf's own), calling `frames`. */
export const inMitata = (frames: readonly Frame[]): Frame => ({
  name: "run",
  url: "file:///app/node_modules/mitata/src/lib.mjs",
  line: 10,
  self: 5,
  calls: frames,
});
