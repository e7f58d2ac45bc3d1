/**
 * "bun:test" for Deno: the subset of Bun's test API fxperf's unit tests use, on
 * Deno.test and Jest's `expect` (npm "expect"). deno.json maps "bun:test" here,
 * so the same unit test files run under `bun test` and `deno test`.
 */
import { expect as jestExpect } from "expect";

type Hook = () => unknown;
interface Scope {
  readonly name: string;
  readonly beforeEach: Hook[];
  readonly afterEach: Hook[];
}

const DenoTest = (
  globalThis as unknown as {
    Deno: {
      test(options: { name: string; fn: () => Promise<void>; sanitizeOps: boolean; sanitizeResources: boolean }): void;
    };
  }
).Deno;
const scopes: Scope[] = [{ name: "", beforeEach: [], afterEach: [] }];

/** Groups tests; names join with " > ". */
export function describe(name: string, body: () => void): void {
  scopes.push({ name, beforeEach: [], afterEach: [] });
  try {
    body();
  } finally {
    scopes.pop();
  }
}

function register(name: string, fn: () => unknown): void {
  const chain = [...scopes];
  DenoTest.test({
    name: [...chain.map((s) => s.name).filter(Boolean), name].join(" > "),
    // fxperf's tests leave timers and pending promises on purpose (timeouts, specs that never settle).
    sanitizeOps: false,
    sanitizeResources: false,
    async fn() {
      for (const scope of chain) for (const hook of scope.beforeEach) await hook();
      try {
        await fn();
      } finally {
        for (const scope of [...chain].reverse()) for (const hook of scope.afterEach) await hook();
      }
    },
  });
}

/** Bun's printf-style test names: %p, %s, %d, %i, %j, %o take the next argument. */
function formatName(name: string, args: readonly unknown[]): string {
  let index = 0;
  return name.replace(/%[psdijo]/g, (token) => {
    const value = args[index++];
    return token === "%s" || token === "%d" || token === "%i"
      ? String(value)
      : (JSON.stringify(value) ?? String(value));
  });
}

type TestFn = (name: string, fn: () => unknown) => void;

/** A test; `test.each(cases)(name, fn)` registers one per case. */
export const test: TestFn & {
  each: <T>(cases: readonly T[]) => (
    name: string, // biome-ignore lint/suspicious/noExplicitAny: mirrors bun:test, whose cases are any
    fn: (...args: any[]) => unknown,
  ) => void;
  skip: TestFn;
} = Object.assign((name: string, fn: () => unknown) => register(name, fn), {
  each:
    <T>(cases: readonly T[]) =>
    (
      name: string, // biome-ignore lint/suspicious/noExplicitAny: mirrors bun:test, whose cases are any
      fn: (...args: any[]) => unknown,
    ) => {
      for (const entry of cases) {
        const args = Array.isArray(entry) ? entry : [entry];
        register(formatName(name, args), () => fn(...args));
      }
    },
  skip: (_name: string, _fn: () => unknown) => {},
});
export const it = test;

/** Runs before each test in the enclosing describe (or file). */
export function beforeEach(hook: Hook): void {
  scopes.at(-1)!.beforeEach.push(hook);
}

/** Runs after each test in the enclosing describe (or file). */
export function afterEach(hook: Hook): void {
  scopes.at(-1)!.afterEach.push(hook);
}

/** Bun sets a default timeout; Deno has none to set. */
export function setDefaultTimeout(_ms: number): void {}

jestExpect.extend({
  toStartWith(received: string, prefix: string) {
    const pass = typeof received === "string" && received.startsWith(prefix);
    return {
      pass,
      message: () =>
        `expected ${JSON.stringify(received?.slice?.(0, 80))} ${pass ? "not " : ""}to start with ${JSON.stringify(prefix)}`,
    };
  },
  toEndWith(received: string, suffix: string) {
    const pass = typeof received === "string" && received.endsWith(suffix);
    return {
      pass,
      message: () =>
        `expected ${JSON.stringify(received?.slice?.(-80))} ${pass ? "not " : ""}to end with ${JSON.stringify(suffix)}`,
    };
  },
  toBeNumber(received: unknown) {
    const pass = typeof received === "number";
    return { pass, message: () => `expected ${String(received)} ${pass ? "not " : ""}to be a number` };
  },
});

/** Jest's expect, with Bun's toStartWith, toEndWith and toBeNumber added. */
export const expect = jestExpect as unknown as typeof import("bun:test").expect;
