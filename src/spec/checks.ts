/** Validation helpers shared by micro and load specs. Pure. */
import { suiteChain, type SuitePlan } from "../dsl/plan.ts";
import { parseTolerance, toleranceProblem } from "../env/read-overrides.ts";
import { describeValue } from "../units.ts";

/** Tags of the spec and its suites, without duplicates. */
export function inheritedTags(suite: SuitePlan, own: readonly string[]): string[] {
  return [...new Set([...suiteChain(suite).flatMap((s) => s.tags), ...own])];
}

/** Reads a `.tolerance()` value; pushes a problem when it is malformed. */
export function checkTolerance(raw: unknown, problems: string[]): number | undefined {
  if (raw === undefined) return undefined;
  const value = typeof raw === "number" || typeof raw === "string" ? parseTolerance(String(raw)) : undefined;
  if (value === undefined) problems.push(toleranceProblem(".tolerance()", String(raw)));
  return value;
}

/** Tags must be non-empty strings. */
export function checkTags(tags: readonly unknown[], problems: string[]): void {
  for (const tag of tags) {
    if (typeof tag !== "string" || tag.trim() === "")
      problems.push(`.tags() got ${describeValue(tag)}: expected non-empty strings`);
  }
}
