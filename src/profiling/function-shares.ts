/**
 * Where a profile's time went, per function: each sample's time goes to the innermost frame the
 * user would recognise (a function of theirs, a package from node_modules, the garbage collector),
 * so a native call such as Math.sqrt counts toward the function that made it and fxperf's own
 * frames (its measuring loop, mitata) drop out. A function's share is its samples over all the
 * profile's samples, fxperf's included, so shares never add up to more than what they are. Pure.
 */
import { type CpuProfile, type ProfileNode, parentsOf } from "./cpu-profile.ts";

/** What a frame is, as far as "what changed" is concerned. */
export type FrameKind =
  | { readonly kind: "user"; readonly path: string }
  | { readonly kind: "package"; readonly name: string }
  | { readonly kind: "gc" }
  | { readonly kind: "hidden" };

/** One function (or package) and the samples it took. */
export interface FunctionShare {
  readonly key: string;
  /** The function's name ("(anonymous)" when it has none), or the package's. */
  readonly name: string;
  /** Where it is: an absolute path, or null for a package and the garbage collector. */
  readonly path: string | null;
  /** 1-based line, as the runtime reports it (resolveLine() maps it to the source). */
  readonly line: number | null;
  readonly samples: number;
}

/** The package a path inside node_modules belongs to ("lodash", "@scope/name"), or undefined. */
export function packageOf(path: string): string | undefined {
  const at = path.lastIndexOf("/node_modules/");
  if (at < 0) return undefined;
  const [first, second] = path.slice(at + "/node_modules/".length).split("/");
  if (!first) return undefined;
  return first.startsWith("@") && second ? `${first}/${second}` : first;
}

/** A file: URL (or a plain path) as a path; undefined for anything else (node:, bun:, native). */
function pathOf(url: string): string | undefined {
  if (url.startsWith("file://")) return decodeURIComponent(url.slice("file://".length));
  if (url.startsWith("/")) return url;
  return undefined;
}

/**
 * Classifies frames: `ownRoots` are fxperf's own directories (its sources when run from them);
 * the compiled binary's bundled modules live in Bun's virtual file system ("$bunfs", "~BUN").
 */
export function classifyFrame(node: ProfileNode, ownRoots: readonly string[]): FrameKind {
  const { functionName, url } = node.callFrame;
  if (functionName === "(garbage collector)") return { kind: "gc" };
  const path = pathOf(url);
  if (!path || path.includes("$bunfs") || path.includes("~BUN")) return { kind: "hidden" };
  if (ownRoots.some((root) => path.startsWith(root.endsWith("/") ? root : `${root}/`))) return { kind: "hidden" };
  const pkg = packageOf(path);
  return pkg ? { kind: "package", name: pkg } : { kind: "user", path };
}

/** Each function's (and package's) samples, most first, and the profile's total. */
export function functionShares(
  profile: CpuProfile,
  classify: (node: ProfileNode) => FrameKind,
): { readonly total: number; readonly functions: FunctionShare[] } {
  const parents = parentsOf(profile);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  // The frame each node's samples go to: itself when visible, else its nearest visible caller.
  const owner = new Map<number, FunctionShare | null>();
  const ownerOf = (id: number): FunctionShare | null => {
    if (owner.has(id)) return owner.get(id)!;
    const node = byId.get(id)!;
    const kind = classify(node);
    let found: FunctionShare | null;
    if (kind.kind === "hidden") {
      const parent = parents.get(id);
      found = parent === undefined ? null : ownerOf(parent);
    } else if (kind.kind === "package") {
      found = { key: `package\u0000${kind.name}`, name: kind.name, path: null, line: null, samples: 0 };
    } else if (kind.kind === "gc") {
      found = { key: "gc", name: "(garbage collector)", path: null, line: null, samples: 0 };
    } else {
      const name = node.callFrame.functionName || "(anonymous)";
      const line = node.callFrame.lineNumber + 1;
      // Keyed without the line: the base's and the head's version of a function sit on other lines.
      found = { key: `${name}\u0000${kind.path}`, name, path: kind.path, line, samples: 0 };
    }
    owner.set(id, found);
    return found;
  };
  const counts = new Map<string, FunctionShare>();
  for (const id of profile.samples) {
    const share = ownerOf(id);
    if (!share) continue;
    const known = counts.get(share.key);
    counts.set(share.key, { ...(known ?? share), samples: (known?.samples ?? 0) + 1 });
  }
  const functions = [...counts.values()].sort((a, b) => b.samples - a.samples || (a.key < b.key ? -1 : 1));
  return { total: profile.samples.length, functions };
}
