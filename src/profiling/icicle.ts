/**
 * The head profile's call tree for an icicle chart: fxperf's own frames folded away (their callees
 * rise to the caller), siblings of the same function merged, branches under 1% of the samples and
 * below 12 levels left out, so the tree stays small enough to carry in a report. Pure.
 */
import type { IcicleNode } from "../result/profile-summary.ts";
import { type CpuProfile, parentsOf } from "./cpu-profile.ts";
import type { FrameKind } from "./function-shares.ts";

/** The smallest branch kept, as a share of the samples. */
export const ICICLE_MIN_SHARE = 0.01;
/** The deepest level kept. */
export const ICICLE_MAX_DEPTH = 12;

interface Building {
  name: string;
  location: string;
  samples: number;
  children: Map<string, Building>;
}

/**
 * The icicle of `profile`: `classify` says which frames are shown, `label` how a shown frame
 * reads; `grew` marks functions (by name and location) whose share grew.
 */
export function buildIcicle(
  profile: CpuProfile,
  classify: (node: CpuProfile["nodes"][number]) => FrameKind,
  label: (node: CpuProfile["nodes"][number], kind: FrameKind) => { name: string; location: string },
  grew: ReadonlySet<string>,
): IcicleNode {
  const self = new Map<number, number>();
  for (const id of profile.samples) self.set(id, (self.get(id) ?? 0) + 1);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parents = parentsOf(profile);
  const root: Building = { name: "all", location: "", samples: 0, children: new Map() };
  const add = (id: number, into: Building) => {
    const node = byId.get(id)!;
    const kind = classify(node);
    let target = into;
    if (kind.kind !== "hidden") {
      const { name, location } = label(node, kind);
      const key = `${name}\u0000${location}`;
      target = into.children.get(key) ?? { name, location, samples: 0, children: new Map() };
      into.children.set(key, target);
    }
    target.samples += self.get(id) ?? 0;
    for (const child of node.children ?? []) add(child, target);
  };
  for (const node of profile.nodes) if (!parents.has(node.id)) add(node.id, root);
  const total = (b: Building): number => {
    let sum = b.samples;
    for (const child of b.children.values()) sum += total(child);
    b.samples = sum;
    return sum;
  };
  const all = total(root);
  const finish = (b: Building, depth: number): IcicleNode => ({
    name: b.name,
    location: b.location,
    samples: b.samples,
    grew: grew.has(`${b.name}\u0000${b.location}`),
    children:
      depth >= ICICLE_MAX_DEPTH
        ? []
        : [...b.children.values()]
            .filter((c) => c.samples >= ICICLE_MIN_SHARE * all)
            .sort((x, y) => y.samples - x.samples)
            .map((c) => finish(c, depth + 1)),
  });
  return finish(root, 0);
}
