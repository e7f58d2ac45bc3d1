/**
 * The CPU profile as Chrome DevTools writes it (`.cpuprofile`), which node:inspector's Profiler
 * returns under Bun and Deno alike and which Chrome DevTools, VS Code and speedscope open. Read
 * once at the boundary; two profiles of one process can be merged (a profile taken in chunks).
 * Pure.
 */
import * as v from "valibot";

const CallFrameSchema = v.looseObject({
  functionName: v.string(),
  scriptId: v.union([v.string(), v.number()]),
  url: v.string(),
  lineNumber: v.number(),
  columnNumber: v.number(),
});

const NodeSchema = v.looseObject({
  id: v.number(),
  callFrame: CallFrameSchema,
  hitCount: v.optional(v.number()),
  children: v.optional(v.array(v.number())),
});

/** A `.cpuprofile`: the call tree's nodes, and each sample's leaf node with the time since the last. */
export const CpuProfileSchema = v.looseObject({
  nodes: v.pipe(v.array(NodeSchema), v.minLength(1)),
  startTime: v.number(),
  endTime: v.number(),
  samples: v.array(v.number()),
  timeDeltas: v.array(v.number()),
});

/** A validated CPU profile. */
export type CpuProfile = v.InferOutput<typeof CpuProfileSchema>;
/** One node of its call tree. */
export type ProfileNode = CpuProfile["nodes"][number];

/** Validates a profile; throws an Error saying what is wrong (the caller names the file). */
export function parseCpuProfile(data: unknown): CpuProfile {
  const parsed = v.safeParse(CpuProfileSchema, data);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    throw new Error(`not a CPU profile: "${v.getDotPath(issue) ?? "(top level)"}" ${issue.message}`);
  }
  const profile = parsed.output;
  if (profile.samples.length !== profile.timeDeltas.length)
    throw new Error(
      `not a CPU profile: ${profile.samples.length} samples but ${profile.timeDeltas.length} time deltas`,
    );
  const ids = new Set(profile.nodes.map((n) => n.id));
  const unknown = profile.samples.find((id) => !ids.has(id));
  if (unknown !== undefined)
    throw new Error(`not a CPU profile: a sample names node ${unknown}, which it does not have`);
  return profile;
}

/** The parent of each node, by id. */
export function parentsOf(profile: CpuProfile): Map<number, number> {
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  return parents;
}

const frameKey = (node: ProfileNode) =>
  `${node.callFrame.functionName}\u0000${node.callFrame.url}\u0000${node.callFrame.lineNumber}\u0000${node.callFrame.columnNumber}`;

/** Each node's call path from the root, as a key: the same path in two profiles is the same node. */
function pathKeys(profile: CpuProfile): Map<number, string> {
  const parents = parentsOf(profile);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const keys = new Map<number, string>();
  const keyOf = (id: number): string => {
    const known = keys.get(id);
    if (known !== undefined) return known;
    const parent = parents.get(id);
    const key = `${parent === undefined ? "" : keyOf(parent)}\u0001${frameKey(byId.get(id)!)}`;
    keys.set(id, key);
    return key;
  };
  for (const node of profile.nodes) keyOf(node.id);
  return keys;
}

/**
 * `later` appended to `earlier` (two profiles of one process, taken one after the other): nodes
 * with the same call path become one, samples and time deltas follow on.
 */
export function mergeCpuProfiles(earlier: CpuProfile, later: CpuProfile): CpuProfile {
  const nodes = earlier.nodes.map((n) => ({ ...n, children: [...(n.children ?? [])] }));
  const byKey = new Map<string, number>();
  for (const [id, key] of pathKeys(earlier)) byKey.set(key, id);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  let nextId = Math.max(...nodes.map((n) => n.id)) + 1;
  const laterKeys = pathKeys(later);
  const laterParents = parentsOf(later);
  const mapped = new Map<number, number>();
  // Parents before children: the later profile lists its nodes in that order, but do not rely on it.
  const ordered = [...later.nodes].sort((a, b) => laterKeys.get(a.id)!.length - laterKeys.get(b.id)!.length);
  for (const node of ordered) {
    const key = laterKeys.get(node.id)!;
    const existing = byKey.get(key);
    if (existing !== undefined) {
      mapped.set(node.id, existing);
      const target = byId.get(existing)!;
      target.hitCount = (target.hitCount ?? 0) + (node.hitCount ?? 0);
      continue;
    }
    const id = nextId++;
    mapped.set(node.id, id);
    byKey.set(key, id);
    const added = { ...node, id, children: [] as number[] };
    nodes.push(added);
    byId.set(id, added);
    const parent = laterParents.get(node.id);
    if (parent !== undefined) byId.get(mapped.get(parent)!)!.children.push(id);
  }
  const lastSampleTime = earlier.startTime + earlier.timeDeltas.reduce((sum, d) => sum + d, 0);
  const deltas = [...later.timeDeltas];
  if (deltas.length > 0) deltas[0] = later.startTime + deltas[0]! - lastSampleTime;
  return {
    ...earlier,
    nodes,
    endTime: later.endTime,
    samples: [...earlier.samples, ...later.samples.map((id) => mapped.get(id)!)],
    timeDeltas: [...earlier.timeDeltas, ...deltas],
  };
}
