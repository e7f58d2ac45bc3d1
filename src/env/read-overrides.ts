/**
 * Environment overrides for CI: a plain map in, typed overrides and problems out.
 *
 *   FXPERF_TOLERANCE=15%              default tolerance for baseline comparisons
 *   FXPERF_OVERRIDE_<KEY>=2ms         replace a spec's p50 limit with an absolute value
 *   FXPERF_OVERRIDE_<KEY>=+20%        loosen (or, with -5%, tighten) every limit of a spec
 *
 * KEY is the spec id upper-cased with every run of non-alphanumerics as "_"
 * (`fxperf run --list` shows it).
 */
import { parseDuration } from "../units.ts";

/** One spec's override, from one variable. */
export type Override =
  | { readonly kind: "absolute"; readonly variable: string; readonly raw: string; readonly ns: number }
  | { readonly kind: "relative"; readonly variable: string; readonly raw: string; readonly factor: number };

/** What the environment asks for. */
export interface EnvOverrides {
  readonly tolerance: { readonly value: number; readonly variable: string } | undefined;
  /** Keyed by override KEY (not spec id). */
  readonly overrides: ReadonlyMap<string, Override>;
  /** Malformed values, one message per variable. */
  readonly problems: readonly string[];
}

const PREFIX = "FXPERF_OVERRIDE_";

/** The override key of a spec id: `json > parse 10 KB` → `JSON_PARSE_10_KB`. */
export function overrideKey(specId: string): string {
  return specId
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
}

/** Reads a tolerance: `"15%"` or a fraction such as `"0.15"`. */
export function parseTolerance(raw: string): number | undefined {
  const text = raw.trim();
  const percent = /^(\d+(?:\.\d+)?)\s*%$/.exec(text);
  // A bare number is a fraction and must be at most 1: "5" is far more likely to mean 5% than 500%.
  const value = percent
    ? Number(percent[1]) / 100
    : /^\d+(?:\.\d+)?$/.test(text) && Number(text) <= 1
      ? Number(text)
      : Number.NaN;
  return Number.isFinite(value) && value >= 0 && value <= 10 ? value : undefined;
}

const TOLERANCE_EXPECTED = 'a percentage such as "15%" or a fraction of at most 1 such as "0.15"';

/** Parses one override value. */
export function parseOverride(variable: string, raw: string): Override | string {
  const relative = /^\s*([+-])(\d+(?:\.\d+)?)\s*%\s*$/.exec(raw);
  if (relative) {
    const factor = 1 + (relative[1] === "-" ? -1 : 1) * (Number(relative[2]) / 100);
    if (factor <= 0) return `${variable}="${raw}": a relative override must leave the limit above zero`;
    return { kind: "relative", variable, raw, factor };
  }
  const absolute = parseDuration(raw);
  if (absolute.ok && absolute.value > 0) return { kind: "absolute", variable, raw, ns: absolute.value };
  return `${variable}="${raw}": expected an absolute limit such as "2ms" or a relative one such as "+20%" or "-5%"`;
}

/** Reads FXPERF_TOLERANCE, the one place it is read (run, calibrate and ab): its value, or the problem with it. */
export function readEnvTolerance(env: Readonly<Record<string, string | undefined>>): {
  readonly tolerance?: EnvOverrides["tolerance"];
  readonly problem?: string;
} {
  const raw = env.FXPERF_TOLERANCE;
  if (raw === undefined || raw.trim() === "") return {};
  const value = parseTolerance(raw);
  if (value === undefined) return { problem: `FXPERF_TOLERANCE="${raw}": expected ${TOLERANCE_EXPECTED}` };
  return { tolerance: { value, variable: "FXPERF_TOLERANCE" } };
}

/** Reads every FXPERF_TOLERANCE / FXPERF_OVERRIDE_* variable of `env`. */
export function readOverrides(env: Readonly<Record<string, string | undefined>>): EnvOverrides {
  const problems: string[] = [];
  const { tolerance, problem } = readEnvTolerance(env);
  if (problem) problems.push(problem);
  const overrides = new Map<string, Override>();
  for (const [variable, raw] of Object.entries(env).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (!variable.startsWith(PREFIX) || raw === undefined) continue;
    const key = variable.slice(PREFIX.length);
    if (key === "" || key !== overrideKey(key)) {
      problems.push(
        `${variable}: "${key}" is not a spec key: expected upper-case letters, digits and "_" (see "fxperf run --list")`,
      );
      continue;
    }
    const parsed = parseOverride(variable, raw);
    if (typeof parsed === "string") problems.push(parsed);
    else overrides.set(key, parsed);
  }
  return { tolerance, overrides, problems };
}

/** One message per override whose key more than one of `specIds` maps to, naming the variable, the key and those specs. */
export function overrideCollisions(specIds: readonly string[], overrides: ReadonlyMap<string, Override>): string[] {
  const byKey = new Map<string, string[]>();
  for (const id of new Set(specIds)) {
    const key = overrideKey(id);
    byKey.set(key, [...(byKey.get(key) ?? []), id]);
  }
  const problems: string[] = [];
  for (const [key, override] of overrides) {
    const ids = byKey.get(key) ?? [];
    if (ids.length < 2) continue;
    problems.push(
      `${override.variable}: the key "${key}" is shared by specs ${ids.map((id) => `"${id}"`).join(", ")}: rename all but one so that each has its own key`,
    );
  }
  return problems;
}

/** A tolerance given as a flag or in a spec, with the same grammar and message. */
export function toleranceProblem(what: string, raw: string): string {
  return `${what} is "${raw}": expected ${TOLERANCE_EXPECTED}`;
}
