import { FxperfError } from "../errors.ts";
import type { ResolvedSpec } from "./resolved.ts";

/** Filters from the command line. */
export interface SpecFilter {
  /** Keep specs carrying any of these tags. */
  readonly tags?: readonly string[];
  /** Drop specs carrying any of these tags. */
  readonly skipTags?: readonly string[];
  /** Keep specs whose id matches: plain text (case-insensitive substring) or `/regex/flags`. */
  readonly grep?: string;
}

/** Turns a `--grep` value into a predicate on ids; `/.../flags` is a regular expression. */
export function parseGrep(grep: string): (id: string) => boolean {
  const regex = /^\/(.*)\/([a-z]*)$/s.exec(grep);
  if (regex) {
    try {
      // Without "g" and "y": a global regex keeps lastIndex between ids and skips matches.
      const pattern = new RegExp(regex[1]!, regex[2]!.replace(/[gy]/g, ""));
      return (id) => pattern.test(id);
    } catch (error) {
      throw new FxperfError("USAGE", `Invalid --grep "${grep}": ${(error as Error).message}`, {
        hint: 'write plain text for a substring match, or a valid /regex/ such as "/^json > /"',
      });
    }
  }
  const needle = grep.toLowerCase();
  return (id) => id.toLowerCase().includes(needle);
}

/**
 * Keeps the specs a run should report, in order: those passing the filters and,
 * when any spec or suite is marked `.only()`, only those. Skipped specs are kept
 * (they are reported as SKIP); filtered-out ones are dropped.
 */
export function selectSpecs(specs: readonly ResolvedSpec[], filter: SpecFilter): ResolvedSpec[] {
  const matchesGrep = filter.grep === undefined ? () => true : parseGrep(filter.grep);
  const keepTags = filter.tags?.filter((t) => t !== "") ?? [];
  const dropTags = filter.skipTags?.filter((t) => t !== "") ?? [];
  const anyOnly = specs.some((s) => s.only);
  return specs.filter(
    (spec) =>
      (!anyOnly || spec.only) &&
      matchesGrep(spec.id) &&
      (keepTags.length === 0 || spec.tags.some((t) => keepTags.includes(t))) &&
      !spec.tags.some((t) => dropTags.includes(t)),
  );
}
