/**
 * The plan the DSL records while a spec file loads: suites, hooks and specs with
 * their raw settings. Nothing here measures or validates; see spec/resolve-spec.ts.
 */

/** A hook, or a function under measurement that takes nothing: sync or async. */
export type PerfFn = () => unknown;

/**
 * A function under measurement: it takes nothing, or the parameter object of `.args()`, or the
 * input `.setup()` made and then the parameters (the types are the author's: any).
 */
// biome-ignore lint/suspicious/noExplicitAny: the measured function's parameters are whatever the author declares.
export type MicroFn = (...args: any[]) => unknown;

/** A beforeAll/afterAll hook and where it was declared. */
export interface HookPlan {
  readonly fn: PerfFn;
  readonly line: number | undefined;
}

/** A describePerf block (or a file's implicit root suite, whose name is empty). */
export interface SuitePlan {
  readonly kind: "suite";
  readonly name: string;
  readonly file: string;
  readonly line: number | undefined;
  readonly tags: readonly string[];
  readonly parent: SuitePlan | undefined;
  readonly beforeAll: HookPlan[];
  readonly afterAll: HookPlan[];
  readonly children: Array<SuitePlan | SpecPlan>;
  skip: boolean;
  only: boolean;
}

/** Settings a builder records, exactly as the author wrote them (validated later). */
export interface SpecSettings {
  tags: string[];
  warmup?: unknown;
  minSamples?: unknown;
  maxSamples?: unknown;
  time?: unknown;
  timeout?: unknown;
  tolerance?: unknown;
  forks?: unknown;
  expect?: Record<string, unknown>;
  /** `.args()`: parameter name to the values it takes. */
  args?: unknown;
  /** `.setup()`: makes each call's input, untimed. */
  setup?: unknown;
  skip: boolean;
  only: boolean;
}

/** Settings a load builder records, as written. */
export interface LoadSettings {
  tags: string[];
  expect?: Record<string, unknown>;
  tolerance?: unknown;
  retries?: unknown;
  /** Recorded only to be refused: load specs are not forked. */
  forks?: unknown;
  skip: boolean;
  only: boolean;
}

/** One loadPerf() HTTP load spec. */
export interface LoadSpecPlan {
  readonly kind: "load";
  readonly name: string;
  readonly file: string;
  readonly line: number | undefined;
  readonly suite: SuitePlan;
  /** The config object as written; validated in spec/resolve-load-spec.ts. */
  readonly config: unknown;
  readonly settings: LoadSettings;
}

/** A recorded spec of either kind. */
export type SpecPlan = MicroSpecPlan | LoadSpecPlan;

/** One itPerf() micro-benchmark spec. */
export interface MicroSpecPlan {
  readonly kind: "micro";
  readonly name: string;
  readonly file: string;
  readonly line: number | undefined;
  readonly suite: SuitePlan;
  readonly fn: MicroFn;
  readonly settings: SpecSettings;
}

/** The suites from the root down to (and including) `suite`, skipping unnamed roots for ids. */
export function suiteChain(suite: SuitePlan): SuitePlan[] {
  const chain: SuitePlan[] = [];
  for (let s: SuitePlan | undefined = suite; s; s = s.parent) chain.unshift(s);
  return chain;
}

/** A spec's id: its suite names and its own, joined by " > ". */
export function specId(spec: SpecPlan): string {
  return [
    ...suiteChain(spec.suite)
      .map((s) => s.name)
      .filter((n) => n !== ""),
    spec.name,
  ].join(" > ");
}

/** Every spec under a suite, depth first in declaration order. */
export function flattenSpecs(suite: SuitePlan): SpecPlan[] {
  return suite.children.flatMap((child) => (child.kind === "suite" ? flattenSpecs(child) : [child]));
}
