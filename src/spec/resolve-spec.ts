import { type MicroSpecPlan, type SpecPlan, specId, suiteChain } from "../dsl/plan.ts";
import { checkTags, checkTolerance, inheritedTags } from "./checks.ts";
import { describeValue, parseBytes, parseDuration } from "../units.ts";
import {
  COMPLEXITY_CLASSES,
  type ComplexityClass,
  type Limit,
  type MicroStatistic,
  type Params,
  type ParamValue,
  type Resolution,
  type ResolvedMicroSpec,
  type ResolvedSpec,
} from "./resolved.ts";
import { resolveLoadSpec } from "./resolve-load-spec.ts";

const TIME_STATISTICS = ["avg", "p50", "p75", "p99", "max"] as const;
const STATISTICS: readonly MicroStatistic[] = [...TIME_STATISTICS, "heap"];
/** Expectations that are not bounds on one statistic. */
const RELATIONS = ["complexity", "fasterThan"] as const;

/** A complexity fit needs at least this many parameter values... */
export const COMPLEXITY_MIN_POINTS = 4;
/** ...spanning at least this factor between the smallest and the largest. */
export const COMPLEXITY_MIN_SPAN = 16;

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
    if (RELATIONS.includes(key as (typeof RELATIONS)[number])) continue;
    if (!STATISTICS.includes(key as MicroStatistic)) {
      problems.push(`unknown expectation "${key}": expected one of ${[...STATISTICS, ...RELATIONS].join(", ")}`);
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
    const source = { kind: "spec" as const, file: plan.file, line: plan.line };
    limits.push({ metric: statistic, bound: parsed.value, direction: "max", source });
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
  const args = checkArgs(settings.args, problems);
  const setup = checkSetup(settings.setup, problems);
  if (setup && limits.some((l) => l.metric === "heap"))
    problems.push("expect.heap cannot be checked with .setup(): the bytes of each call's input would be counted too");
  const complexity = checkComplexity(settings.expect?.complexity, args, problems);
  const fasterThan = checkFasterThan(settings.expect?.fasterThan, plan, args, problems);

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
      ...(args ? { args } : {}),
      ...(setup ? { setup } : {}),
      ...(complexity ? { complexity } : {}),
      ...(fasterThan ? { fasterThan } : {}),
    },
  };
}

/** `.args()`: an object of non-empty arrays of numbers, strings or booleans. */
function checkArgs(raw: unknown, problems: string[]): Readonly<Record<string, readonly ParamValue[]>> | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    problems.push(
      `.args() is ${describeValue(raw)}: expected an object of parameter names to arrays of values, e.g. .args({ n: [100, 1000] })`,
    );
    return undefined;
  }
  const entries = Object.entries(raw as Record<string, unknown>);
  if (entries.length === 0) {
    problems.push(".args({}) names no parameter: expected at least one, e.g. .args({ n: [100, 1000] })");
    return undefined;
  }
  const table: Record<string, ParamValue[]> = {};
  for (const [name, values] of entries) {
    if (!Array.isArray(values) || values.length === 0) {
      problems.push(`.args() parameter "${name}" is ${describeValue(values)}: expected a non-empty array of values`);
      continue;
    }
    const bad = values.find(
      (value) =>
        !["number", "string", "boolean"].includes(typeof value) ||
        (typeof value === "number" && !Number.isFinite(value)),
    );
    if (bad !== undefined || values.some((value) => value === undefined)) {
      problems.push(
        `.args() parameter "${name}" holds ${describeValue(bad)}: expected finite numbers, strings or booleans`,
      );
      continue;
    }
    if (new Set(values).size !== values.length) {
      problems.push(`.args() parameter "${name}" repeats a value: each value makes one spec, so each must be distinct`);
      continue;
    }
    table[name] = [...values] as ParamValue[];
  }
  return Object.keys(table).length === entries.length ? table : undefined;
}

function checkSetup(raw: unknown, problems: string[]): ((params: Params) => unknown) | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== "function") {
    problems.push(`.setup() is ${describeValue(raw)}: expected a function that makes each call's input`);
    return undefined;
  }
  return raw as (params: Params) => unknown;
}

/** `.expect({ complexity })`: a known class, over a spec whose one parameter is numeric with enough spread. */
function checkComplexity(
  raw: unknown,
  args: Readonly<Record<string, readonly ParamValue[]>> | undefined,
  problems: string[],
): { expected: ComplexityClass; param: string } | undefined {
  if (raw === undefined) return undefined;
  if (!COMPLEXITY_CLASSES.includes(raw as ComplexityClass)) {
    problems.push(
      `expect.complexity is ${describeValue(raw)}: expected one of ${COMPLEXITY_CLASSES.map((c) => `"${c}"`).join(", ")}`,
    );
    return undefined;
  }
  const numeric = Object.entries(args ?? {}).filter(([, values]) => values.every((v) => typeof v === "number"));
  if (!args || Object.keys(args).length !== 1 || numeric.length !== 1) {
    problems.push(
      `expect.complexity needs one numeric parameter to fit over: give the spec exactly one, e.g. .args({ n: [256, 1024, 4096, 16384] })${
        args
          ? ` (it has ${Object.keys(args)
              .map((k) => `"${k}"`)
              .join(", ")}${numeric.length === 0 ? ", none numeric" : ""})`
          : ""
      }`,
    );
    return undefined;
  }
  const [param, values] = numeric[0]! as [string, number[]];
  const smallest = Math.min(...values);
  const largest = Math.max(...values);
  if (values.length < COMPLEXITY_MIN_POINTS || !(smallest > 0) || largest / smallest < COMPLEXITY_MIN_SPAN) {
    problems.push(
      `expect.complexity needs at least ${COMPLEXITY_MIN_POINTS} values of "${param}" above zero spanning at least ${COMPLEXITY_MIN_SPAN}x, to tell the classes apart; it has ${values.length} (${values.join(", ")})`,
    );
    return undefined;
  }
  return { expected: raw as ComplexityClass, param };
}

/** `.expect({ fasterThan })`: a sibling's name (or `{ spec, by }`, by > 0); checked against the siblings once the file is loaded. */
function checkFasterThan(
  raw: unknown,
  plan: MicroSpecPlan,
  args: unknown,
  problems: string[],
): { id: string; name: string; by: number } | undefined {
  if (raw === undefined) return undefined;
  const target = typeof raw === "string" ? { spec: raw, by: 1 } : (raw as { spec?: unknown; by?: unknown } | null);
  const name = target?.spec;
  const by = target?.by ?? 1;
  if (typeof name !== "string" || name === "" || typeof by !== "number" || !Number.isFinite(by) || by <= 0) {
    problems.push(
      `expect.fasterThan is ${describeValue(raw)}: expected a sibling spec's name, or { spec: "name", by: 2 } for at least 2x faster`,
    );
    return undefined;
  }
  if (args !== undefined) {
    problems.push("expect.fasterThan cannot be combined with .args(): compare one spec with one sibling");
    return undefined;
  }
  const prefix = suiteChain(plan.suite)
    .map((s) => s.name)
    .filter((n) => n !== "");
  return { id: [...prefix, name].join(" > "), name, by };
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
