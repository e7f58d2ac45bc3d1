/**
 * Entering and leaving suites in this process: a suite's beforeAll hooks run when the first spec
 * that needs it starts, its afterAll hooks when the walk moves to a spec outside it (or ends). A
 * failing beforeAll is remembered, and inherited by the suites inside it, so their specs can be
 * reported as errors without running.
 */
import { suiteChain, type SuitePlan } from "../dsl/plan.ts";
import type { SpecError } from "../result/spec-result.ts";
import { toSpecError, withTimeout } from "./with-timeout.ts";

/** A suite's name as shown in messages: the names of its chain, or its file for the root. */
export function suiteLabel(suite: SuitePlan): string {
  const names = suiteChain(suite)
    .map((s) => s.name)
    .filter((n) => n !== "");
  return names.length > 0 ? names.join(" > ") : suite.file;
}

/** Walks suites in spec order; `timeoutNs` limits each hook. */
export interface SuiteWalker {
  /** Leaves the suites `suite` is not inside, enters those it is; resolves with its beforeAll error, if one failed. */
  enter(suite: SuitePlan): Promise<SpecError | undefined>;
  /** Leaves every suite still entered, innermost first. */
  leaveAll(): Promise<void>;
}

/** Creates a walker; a failing afterAll hook is handed to `onAfterAllError`. */
export function createSuiteWalker(
  timeoutNs: number,
  onAfterAllError: (suite: SuitePlan, hook: SuitePlan["afterAll"][number], error: SpecError) => void,
): SuiteWalker {
  const entered: SuitePlan[] = [];
  const failedHooks = new Map<SuitePlan, SpecError>();

  const leave = async (suite: SuitePlan) => {
    for (const hook of suite.afterAll) {
      try {
        await withTimeout(hook.fn, timeoutNs, `afterAll of "${suiteLabel(suite)}"`);
      } catch (error) {
        onAfterAllError(suite, hook, toSpecError(error, "afterAll"));
      }
    }
  };

  const enterOne = async (suite: SuitePlan) => {
    entered.push(suite);
    const inherited = suite.parent ? failedHooks.get(suite.parent) : undefined;
    if (inherited) return void failedHooks.set(suite, inherited);
    for (const hook of suite.beforeAll) {
      try {
        await withTimeout(hook.fn, timeoutNs, `beforeAll of "${suiteLabel(suite)}"`);
      } catch (error) {
        failedHooks.set(suite, toSpecError(error, "beforeAll"));
        return;
      }
    }
  };

  return {
    async enter(suite) {
      const chain = suiteChain(suite);
      while (entered.length > 0 && !chain.includes(entered.at(-1)!)) await leave(entered.pop()!);
      for (const s of chain) if (!entered.includes(s)) await enterOne(s);
      return failedHooks.get(suite);
    },
    async leaveAll() {
      while (entered.length > 0) await leave(entered.pop()!);
    },
  };
}
