import { type SpecPlan, specId, suiteChain } from "../dsl/plan.ts";
import { parseTolerance, toleranceProblem } from "../env/read-overrides.ts";
import { describeValue, parseBytes, parseDuration } from "../units.ts";
import type { Limit, MicroStatistic, ResolvedSpec, SpecProblem } from "./resolved.ts";

const TIME_STATISTICS = ["avg", "p50", "p75", "p99", "max"] as const;
const STATISTICS: readonly MicroStatistic[] = [...TIME_STATISTICS, "heap"];

/** Validates a recorded spec into a ResolvedSpec, or lists every problem with its settings. */
export function resolveSpec(plan: SpecPlan): { spec: ResolvedSpec; problems: [] } | { spec: undefined; problems: SpecProblem[] } {
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
  let tolerance: number | undefined;
  if (settings.tolerance !== undefined) {
    tolerance = typeof settings.tolerance === "number" ? parseTolerance(String(settings.tolerance)) : typeof settings.tolerance === "string" ? parseTolerance(settings.tolerance) : undefined;
    if (tolerance === undefined) problems.push(toleranceProblem(".tolerance()", String(settings.tolerance)));
  }
  for (const tag of settings.tags) {
    if (typeof tag !== "string" || tag.trim() === "") problems.push(`.tags() got ${describeValue(tag)}: expected non-empty strings`);
  }

  if (problems.length > 0) {
    return { spec: undefined, problems: problems.map((message) => ({ file: plan.file, line: plan.line, specId: id, message })) };
  }
  const chain = suiteChain(plan.suite);
  const tags = [...new Set([...chain.flatMap((s) => s.tags), ...settings.tags])];
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
    problems.push(`${what} is ${describeValue(raw)}: expected ${parsed.ok ? "a duration above zero" : parsed.expected}`);
    return undefined;
  }
  return parsed.value;
}

function definedOnly<T extends Record<string, unknown>>(record: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}
