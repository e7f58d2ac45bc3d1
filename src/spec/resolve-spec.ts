import { type MicroSpecPlan, type SpecPlan, specId, suiteChain } from "../dsl/plan.ts";
import { checkTags, checkTolerance, inheritedTags } from "./checks.ts";
import { describeValue, parseBytes, parseDuration } from "../units.ts";
import type { Limit, MicroStatistic, Resolution, ResolvedMicroSpec, ResolvedSpec } from "./resolved.ts";
import { resolveLoadSpec } from "./resolve-load-spec.ts";

const TIME_STATISTICS = ["avg", "p50", "p75", "p99", "max"] as const;
const STATISTICS: readonly MicroStatistic[] = [...TIME_STATISTICS, "heap"];

/** Validates a recorded spec of either kind, or lists every problem with its settings. */
export function resolveSpec(plan: SpecPlan): Resolution<ResolvedSpec> {
  return plan.kind === "micro" ? resolveMicroSpec(plan) : resolveLoadSpec(plan);
}

/** Validates a micro spec. */
export function resolveMicroSpec(plan: MicroSpecPlan): Resolution<ResolvedMicroSpec> {
  const id = specId(plan);
  const problems: string[] = [];
  const { settings } = plan;

  const limits: Limit[] = [];
  for (const [key, raw] of Object.entries(settings.expect ?? {})) {
    if (!STATISTICS.includes(key as MicroStatistic)) {
      problems.push(`unknown expectation "${key}": expected one of ${STATISTICS.join(", ")}`);
      continue;
    }
    const statistic = key as MicroStatistic;
    const parsed = statistic === "heap" ? parseBytes(raw) : parseDuration(raw);
    if (!parsed.ok) {
      problems.push(`expect.${key} is ${describeValue(raw)}: expected ${parsed.expected}`);
      continue;
    }
    // A zero heap bound means "allocates nothing"; a zero time bound can never hold.
    if (statistic !== "heap" && parsed.value === 0) {
      problems.push(`expect.${key} is ${describeValue(raw)}: expected a duration above zero`);
      continue;
    }
    limits.push({ statistic, max: parsed.value, source: { kind: "spec", file: plan.file, line: plan.line } });
  }

  const warmupSamples = checkCount(settings.warmup, ".warmup()", 0, problems);
  const minSamples = checkCount(settings.minSamples, ".samples() minimum", 1, problems);
  const maxSamples = checkCount(settings.maxSamples, ".samples() maximum", 1, problems);
  if (minSamples !== undefined && maxSamples !== undefined && maxSamples < minSamples) {
    problems.push(`.samples(${minSamples}, ${maxSamples}): the maximum must not be below the minimum`);
  }
  const timeNs = checkDuration(settings.time, ".time()", problems);
  const timeoutNs = checkDuration(settings.timeout, ".timeout()", problems);
  const forks = checkCount(settings.forks, ".forks()", 1, problems);
  const tolerance = checkTolerance(settings.tolerance, problems);
  checkTags(settings.tags, problems);

  if (problems.length > 0) {
    return {
      spec: undefined,
      problems: problems.map((message) => ({ file: plan.file, line: plan.line, specId: id, message })),
    };
  }
  const chain = suiteChain(plan.suite);
  const tags = inheritedTags(plan.suite, settings.tags);
  return {
    problems: [],
    spec: {
      kind: "micro",
      id,
      name: plan.name,
      file: plan.file,
      line: plan.line,
      tags,
      fn: plan.fn,
      suite: plan.suite,
      skip: settings.skip || chain.some((s) => s.skip),
      only: settings.only || chain.some((s) => s.only),
      measure: definedOnly({ warmupSamples, minSamples, maxSamples, timeNs }),
      timeoutNs,
      forks,
      limits,
      tolerance,
    },
  };
}

function checkCount(raw: unknown, what: string, min: number, problems: string[]): number | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== "number" || !Number.isInteger(raw) || raw < min) {
    problems.push(`${what} is ${describeValue(raw)}: expected a whole number of at least ${min}`);
    return undefined;
  }
  return raw;
}

function checkDuration(raw: unknown, what: string, problems: string[]): number | undefined {
  if (raw === undefined) return undefined;
  const parsed = parseDuration(raw);
  if (!parsed.ok || parsed.value <= 0) {
    problems.push(
      `${what} is ${describeValue(raw)}: expected ${parsed.ok ? "a duration above zero" : parsed.expected}`,
    );
    return undefined;
  }
  return parsed.value;
}

function definedOnly<T extends Record<string, unknown>>(record: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}
