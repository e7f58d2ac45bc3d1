/**
 * Reads `--shard i/n` (1-based, as vitest and Playwright spell it) and `--shard auto`, which takes
 * the shard from the CI's own variables. Pure: a value and an environment map in, a shard out.
 */
import { resolve } from "node:path";
import { FxperfError } from "../errors.ts";

/** One shard of a suite: the `index`-th (1-based) of `total`. */
export interface Shard {
  readonly index: number;
  readonly total: number;
}

/** The CI systems whose job matrix `--shard auto` reads: variables and whether their index is 0-based. */
export const AUTO_SHARD_SOURCES = [
  { ci: "GitLab (parallel:)", index: "CI_NODE_INDEX", total: "CI_NODE_TOTAL", zeroBased: false },
  {
    ci: "Buildkite (parallelism)",
    index: "BUILDKITE_PARALLEL_JOB",
    total: "BUILDKITE_PARALLEL_JOB_COUNT",
    zeroBased: true,
  },
  { ci: "CircleCI (parallelism)", index: "CIRCLE_NODE_INDEX", total: "CIRCLE_NODE_TOTAL", zeroBased: true },
] as const;

const WHOLE = /^\d+$/;

/** Parses a `--shard` value; `env` serves `auto`. Throws a usage error naming the flag or variable. */
export function parseShard(value: string, env: Readonly<Record<string, string | undefined>>): Shard {
  if (value === "auto") return autoShard(env);
  const [index, total, ...rest] = value.split("/");
  const usage = (why: string) =>
    new FxperfError("USAGE", `Option "--shard" is "${value}": ${why}`, {
      hint: 'write "--shard 2/4" for the second of four shards, or "--shard auto" on GitLab, Buildkite or CircleCI',
    });
  if (index === undefined || total === undefined || rest.length > 0 || !WHOLE.test(index) || !WHOLE.test(total))
    throw usage('expected "i/n", two whole numbers');
  const shard = { index: Number(index), total: Number(total) };
  if (shard.total < 1) throw usage("the number of shards must be at least 1");
  if (shard.index < 1 || shard.index > shard.total)
    throw usage(`the shard must be between 1 and ${shard.total} (shards count from 1)`);
  return shard;
}

/** The shard of `--shard auto`, from the first CI whose variables are set. */
function autoShard(env: Readonly<Record<string, string | undefined>>): Shard {
  for (const source of AUTO_SHARD_SOURCES) {
    const rawIndex = env[source.index];
    const rawTotal = env[source.total];
    if (!rawIndex && !rawTotal) continue;
    // GitLab sets CI_NODE_TOTAL=1 (and no index) in a job without parallel: the whole suite.
    if (!rawIndex && rawTotal?.trim() === "1") return { index: 1, total: 1 };
    const bad = (variable: string, raw: string | undefined, why: string) =>
      new FxperfError("USAGE", `"--shard auto": ${variable} is "${raw ?? ""}": ${why}`, {
        hint: `${source.ci} sets ${source.index} and ${source.total}; or give the shard yourself, e.g. --shard 1/4`,
      });
    if (!rawTotal || !WHOLE.test(rawTotal) || Number(rawTotal) < 1)
      throw bad(source.total, rawTotal, "expected the number of parallel jobs, at least 1");
    const total = Number(rawTotal);
    const first = source.zeroBased ? 0 : 1;
    if (!rawIndex || !WHOLE.test(rawIndex) || Number(rawIndex) < first || Number(rawIndex) > total - 1 + first)
      throw bad(source.index, rawIndex, `expected a job index from ${first} to ${total - 1 + first}`);
    return { index: Number(rawIndex) + 1 - first, total };
  }
  throw new FxperfError(
    "USAGE",
    `"--shard auto" found no CI job matrix: none of ${AUTO_SHARD_SOURCES.map((s) => `${s.index}/${s.total}`).join(", ")} is set`,
    {
      // A GitHub Actions expression, not a template placeholder.
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the text users paste into a workflow
      hint: "on GitHub Actions pass the matrix value yourself: --shard ${{ matrix.shard }}/4",
    },
  );
}

/** "2/4". */
export function formatShard(shard: Shard): string {
  return `${shard.index}/${shard.total}`;
}

/** Reads `--shard` and `--shard-timings` (resolved against `cwd`); timings without a shard are a usage error. */
export function parseShardSettings(
  options: { readonly shard: string | undefined; readonly shardTimings: string | undefined },
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): { readonly shard: Shard | undefined; readonly shardTimings: string | undefined } {
  if (options.shardTimings !== undefined && options.shard === undefined) {
    throw new FxperfError("USAGE", 'Option "--shard-timings" needs "--shard": it balances shards', {
      hint: "for example --shard 1/4 --shard-timings last-report.json",
    });
  }
  return {
    shard: options.shard === undefined ? undefined : parseShard(options.shard, env),
    shardTimings: options.shardTimings === undefined ? undefined : resolve(cwd, options.shardTimings),
  };
}
