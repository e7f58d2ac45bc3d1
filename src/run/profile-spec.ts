/**
 * CPU profiles of a spec: one profiling fork per side (side by side, so an `ab` spec costs about
 * as much wall time as one), read back and summarised: what changed from base to head, or the
 * head's top functions. Lines are those of the user's source (resolveLine), paths relative to
 * the working directory.
 */
import { join, relative } from "node:path";
import { type CpuProfile, parseCpuProfile } from "../profiling/cpu-profile.ts";
import { classifyFrame, type FrameKind, type FunctionShare, functionShares } from "../profiling/function-shares.ts";
import { buildIcicle } from "../profiling/icicle.ts";
import { profileFileName } from "../profiling/profile-names.ts";
import { resolveLine } from "../profiling/resolve-line.ts";
import { type ChangeOrder, compareShares, topShares } from "../profiling/what-changed.ts";
import type { ProfileSummary } from "../result/profile-summary.ts";
import type { Runtime } from "../runtime/runtime.ts";
import type { ResolvedMicroSpec } from "../spec/resolved.ts";
import type { ForkLauncher } from "./spawn-fork.ts";

/** How long and how densely a profiling fork samples. */
export const PROFILE_DEFAULTS = { minSamples: 1000, maxNs: 5e9, intervalUs: 100 } as const;

/**
 * fxperf's own code, left out of "what changed": its sources (when run from them) and the packages
 * it measures with. In the compiled binary they are in Bun's virtual file system (classifyFrame).
 */
const OWN_ROOTS = [decodeURIComponent(new URL("../", import.meta.url).pathname)];
const OWN_PACKAGES = ["mitata", "valibot", "cac", "picocolors"];

/** One side to profile: who starts its fork, and the spec in that side's tree. */
export interface ProfileSide {
  readonly launch: ForkLauncher;
  readonly spec: Pick<ResolvedMicroSpec, "file" | "id">;
}

/** What profiling needs besides the sides. */
export interface ProfileOptions {
  /** Which changes "what changed" lists first (a regression: what grew). */
  readonly order?: ChangeOrder;
  readonly runtime: Pick<Runtime, "readTextFile" | "cwd">;
  /** The directory the .cpuprofile files go to (absolute). */
  readonly dir: string;
  readonly timeoutNs: number;
}

/** Profiles `head` (and `base`, side by side) and summarises what the profiles say. */
export async function profileSpec(
  id: string,
  sides: {
    readonly base?: ProfileSide & { readonly root: string };
    readonly head: ProfileSide & { readonly root: string };
  },
  options: ProfileOptions,
): Promise<ProfileSummary> {
  const take = async (side: ProfileSide, name: "base" | "head") => {
    const path = join(options.dir, profileFileName(id, name));
    await side.launch(
      {
        file: side.spec.file,
        id: side.spec.id,
        measureHeap: false,
        reference: false,
        profile: { outPath: path, ...PROFILE_DEFAULTS },
      },
      0,
      options.timeoutNs,
    );
    const profile = parseCpuProfile(JSON.parse(await options.runtime.readTextFile(path)));
    return { path, profile };
  };
  const [head, base] = await Promise.all([take(sides.head, "head"), sides.base ? take(sides.base, "base") : undefined]);
  return summariseProfiles(
    {
      head: head!,
      base: base && sides.base ? { ...base, root: sides.base.root } : undefined,
      headRoot: sides.head.root,
    },
    options.runtime,
    options.order,
  );
}

/** The summary of profiles already taken. */
export async function summariseProfiles(
  profiles: {
    readonly head: { readonly path: string; readonly profile: CpuProfile };
    /** The base's profile, and its tree's root: its paths are read as the same paths in the head's tree. */
    readonly base?: { readonly path: string; readonly profile: CpuProfile; readonly root: string };
    readonly headRoot: string;
  },
  runtime: Pick<Runtime, "readTextFile" | "cwd">,
  order: ChangeOrder = "either",
): Promise<ProfileSummary> {
  const cwd = runtime.cwd();
  const classify = (fromRoot?: string) => (node: CpuProfile["nodes"][number]) => {
    const kind = classifyFrame(node, OWN_ROOTS);
    if (kind.kind === "package" && OWN_PACKAGES.includes(kind.name)) return { kind: "hidden" as const };
    if (kind.kind !== "user" || fromRoot === undefined) return kind;
    const inTree = relative(fromRoot, kind.path);
    return inTree.startsWith("..") ? kind : { kind: "user" as const, path: join(profiles.headRoot, inTree) };
  };
  const head = functionShares(profiles.head.profile, classify());
  const base = profiles.base ? functionShares(profiles.base.profile, classify(profiles.base.root)) : undefined;
  const sources = new Map<string, string | undefined>();
  for (const f of [...head.functions, ...(base?.functions ?? [])]) {
    if (f.path && !sources.has(f.path)) sources.set(f.path, await runtime.readTextFile(f.path).catch(() => undefined));
  }
  const locate = (f: FunctionShare) => {
    if (f.key === "gc") return "";
    if (!f.path) return `${f.name} (node_modules)`;
    const source = sources.get(f.path);
    const line = source === undefined ? f.line! : resolveLine(source, f.name, f.line!);
    return `${relative(cwd, f.path)}:${line}`;
  };
  const files = {
    base: profiles.base ? relative(cwd, profiles.base.path) : null,
    head: relative(cwd, profiles.head.path),
  };
  const samples = { base: profiles.base ? profiles.base.profile.samples.length : null, head: head.total };
  const changed = base ? compareShares(base, head, locate, order) : { rows: topShares(head, locate), withinNoise: 0 };
  // The icicle's frames read as the rows do; those whose share grew are marked.
  const grew = new Set(
    changed.rows.filter((r) => (r.changePoints ?? 0) > 0).map((r) => `${r.name}\u0000${r.location}`),
  );
  const label = (node: CpuProfile["nodes"][number], kind: FrameKind) => {
    if (kind.kind === "gc") return { name: "(garbage collector)", location: "" };
    if (kind.kind === "package") return { name: kind.name, location: `${kind.name} (node_modules)` };
    const name = node.callFrame.functionName || "(anonymous)";
    const path = kind.kind === "user" ? kind.path : null;
    return { name, location: locate({ key: "", name, path, line: node.callFrame.lineNumber + 1, samples: 0 }) };
  };
  const icicle = buildIcicle(profiles.head.profile, classify(), label, grew);
  return {
    kind: base ? "change" : "top",
    files,
    samples,
    rows: changed.rows,
    withinNoise: changed.withinNoise,
    icicle,
  };
}
