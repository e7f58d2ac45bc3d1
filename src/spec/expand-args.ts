/**
 * Turning what `.args()` and `.expect({ fasterThan })` say into specs: one spec per parameter
 * combination, and a check that each "faster than" names a sibling it can be compared with. Pure.
 */
import type { Params, ParamValue, ResolvedMicroSpec, ResolvedSpec, SpecProblem } from "./resolved.ts";

/** "n=1024", or "a=1, b=x" for several parameters, as spec ids show them. */
export function formatParams(params: Params): string {
  return Object.entries(params)
    .map(([name, value]) => `${name}=${String(value)}`)
    .join(", ");
}

/** Every combination of the table's values, the first parameter outermost. */
function crossProduct(table: Readonly<Record<string, readonly ParamValue[]>>): Params[] {
  let combos: Record<string, ParamValue>[] = [{}];
  for (const [name, values] of Object.entries(table))
    combos = combos.flatMap((combo) => values.map((value) => ({ ...combo, [name]: value })));
  return combos;
}

/** One spec per combination of `.args()` (`sum [n=1024]`); a spec without parameters as it is. */
export function expandArgs(spec: ResolvedMicroSpec): ResolvedMicroSpec[] {
  if (!spec.args) return [spec];
  const combos = crossProduct(spec.args);
  const group = { id: spec.id, size: combos.length, complexity: spec.complexity };
  return combos.map((params) => {
    const { args: _args, complexity: _complexity, ...rest } = spec;
    return {
      ...rest,
      id: `${spec.id} [${formatParams(params)}]`,
      name: `${spec.name} [${formatParams(params)}]`,
      params,
      group,
    };
  });
}

/**
 * Problems with `.expect({ fasterThan })` among one file's specs: a name that is no sibling spec
 * (of the same suite), the spec itself, a sibling with parameters or of another kind, or a cycle
 * (a faster than b faster than a).
 */
export function checkFasterThan(specs: readonly ResolvedSpec[]): SpecProblem[] {
  const problems: SpecProblem[] = [];
  const byId = new Map(specs.map((s) => [s.id, s]));
  for (const spec of specs) {
    if (spec.kind !== "micro" || !spec.fasterThan) continue;
    const problem = (message: string) =>
      problems.push({ file: spec.file, line: spec.line, specId: spec.id, message: `expect.fasterThan: ${message}` });
    const target = byId.get(spec.fasterThan.id);
    const grouped = specs.some((s) => s.kind === "micro" && s.group?.id === spec.fasterThan!.id);
    const siblings = [
      ...new Set(
        specs
          .filter((s) => s !== spec && s.suite === spec.suite)
          .map((s) => `"${s.kind === "micro" && s.group ? s.group.id.split(" > ").at(-1) : s.name}"`),
      ),
    ];
    if (grouped) {
      problem(`"${spec.fasterThan.name}" is a spec with .args(): compare with a micro spec without parameters`);
    } else if (spec.fasterThan.id === spec.id) {
      problem(`"${spec.fasterThan.name}" is this spec itself: name a sibling spec of the same suite`);
    } else if (!target || target.suite !== spec.suite) {
      problem(
        `"${spec.fasterThan.name}" is not a spec of the same suite${siblings.length > 0 ? ` (its specs: ${siblings.join(", ")})` : " (it has no other spec)"}`,
      );
    } else if (target.kind !== "micro" || target.group) {
      problem(
        `"${spec.fasterThan.name}" is ${target.kind === "micro" ? "a spec with .args()" : "a load spec"}: compare with a micro spec without parameters`,
      );
    } else {
      // Follow the chain of "faster than" from the target: coming back here is a cycle.
      const seen = new Set([spec.id]);
      for (let next: ResolvedSpec | undefined = target; next?.kind === "micro" && next.fasterThan; ) {
        if (seen.has(next.id)) {
          problem(
            `"${spec.fasterThan.name}" leads back to this spec (${[...seen, next.id].join(" → ")}): a cycle cannot hold`,
          );
          break;
        }
        seen.add(next.id);
        next = byId.get(next.fasterThan.id);
      }
    }
  }
  return problems;
}
