/**
 * The shard file: what a sharded `run` or `ab` hands to `fxperf merge` (as vitest's and
 * Playwright's blob reports do). It holds the command's whole result, not a rendering of it, so
 * the merge can write every report a single run writes. Figures that could not be measured
 * (NaN, infinity) are kept as such. Pure: a result in, text out, and back.
 */
import * as v from "valibot";
import { FxperfError } from "../errors.ts";
import type { AbRunResult } from "../result/ab-result.ts";
import type { RunResult } from "../result/run-result.ts";
import { ShardInfoSchema } from "../result/shard-info.ts";

/** The `kind` of a shard file. */
export const SHARD_FILE_KIND = "fxperf-shard";
/** Bumped when a shard file of one version cannot be merged by another. */
export const SHARD_FILE_VERSION = 1;

/** A shard file's content: the command and its result. */
export type ShardFile =
  | { readonly command: "run"; readonly result: RunResult }
  | { readonly command: "ab"; readonly result: AbRunResult };

const NON_FINITE = "$nonFinite";

/** The text of a shard file. */
export function renderShardFile(file: ShardFile): string {
  const document = { kind: SHARD_FILE_KIND, formatVersion: SHARD_FILE_VERSION, ...file };
  return `${JSON.stringify(document, (_key, value) =>
    typeof value === "number" && !Number.isFinite(value) ? { [NON_FINITE]: String(value) } : value,
  )}\n`;
}

const EnvelopeSchema = v.object({
  kind: v.literal(SHARD_FILE_KIND),
  formatVersion: v.number(),
  command: v.picklist(["run", "ab"]),
  result: v.looseObject({
    fxperfVersion: v.string(),
    interrupted: v.boolean(),
    startedAt: v.string(),
    endedAt: v.string(),
    shard: v.optional(ShardInfoSchema),
    specs: v.array(v.looseObject({ id: v.string(), status: v.string() })),
  }),
});

/**
 * Reads a shard file; `name` is how errors name it. A file that is not JSON (truncated), not a
 * shard file (a JSON report, say) or of another format version is a usage error (exit 2).
 */
export function parseShardFile(text: string, name: string): ShardFile {
  let document: unknown;
  try {
    document = JSON.parse(text, (_key, value) =>
      value !== null && typeof value === "object" && Object.keys(value).length === 1 && NON_FINITE in value
        ? Number(value[NON_FINITE])
        : value,
    );
  } catch (error) {
    throw new FxperfError("USAGE", `Cannot read shard file "${name}": not valid JSON (${(error as Error).message})`, {
      hint: "the file may be truncated: take it again from the shard's job",
    });
  }
  const top = (document ?? {}) as { kind?: unknown; baselines?: unknown; specs?: unknown; formatVersion?: unknown };
  if (top.kind !== SHARD_FILE_KIND) {
    if (top.baselines !== undefined) {
      throw new FxperfError("USAGE", `Cannot merge "${name}" as a shard file: it is a profile`, {
        hint: "merge partial profiles with --profile: fxperf merge --profile <files> --out <dir>",
      });
    }
    const what = top.specs !== undefined ? "a JSON report, not a shard file" : "not an fxperf shard file";
    throw new FxperfError("USAGE", `Cannot merge "${name}": it is ${what}`, {
      hint: "merge the shard files that --shard writes (fxperf-shard-1-of-4.json, fxperf-ab-shard-1-of-4.json, ...)",
    });
  }
  if (top.formatVersion !== SHARD_FILE_VERSION) {
    throw new FxperfError(
      "USAGE",
      `Cannot merge "${name}": its format version is ${String(top.formatVersion)}; this fxperf reads version ${SHARD_FILE_VERSION}`,
      { hint: "merge with the fxperf version that wrote the shards" },
    );
  }
  const parsed = v.safeParse(EnvelopeSchema, document);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const path = v.getDotPath(issue) ?? "(top level)";
    throw new FxperfError("USAGE", `Cannot read shard file "${name}": "${path}" ${issue.message}`, {
      hint: "the file was changed or is damaged: take it again from the shard's job",
    });
  }
  return { command: parsed.output.command, result: parsed.output.result } as unknown as ShardFile;
}
