import { describe, expect, test } from "bun:test";
import { evaluateGuard, type HostFacts } from "../../../src/guard/evaluate-guard.ts";

const calm: HostFacts = { execArgv: [], env: {}, cores: 2, loadAverage1m: 0.5, governor: "performance" };

describe("evaluateGuard()", () => {
  test("a calm machine has nothing to say", () => {
    expect(evaluateGuard(calm)).toEqual({ refusals: [], warnings: [] });
  });

  test.each([
    [{ execArgv: ["--inspect"] }, "--inspect"],
    [{ execArgv: ["--inspect-brk=9229"] }, "--inspect-brk=9229"],
    [{ env: { NODE_OPTIONS: "--max-old-space-size=100 --inspect-wait" } }, "--inspect-wait"],
    [{ env: { BUN_INSPECT: "ws://127.0.0.1:6499/x" } }, "BUN_INSPECT"],
    [{ env: { NODE_V8_COVERAGE: "/tmp/cov" } }, "coverage"],
    [{ execArgv: ["--coverage"] }, "coverage"],
    [{ env: { NODE_ENV: "development" } }, "development"],
    [{ env: { NODE_ENV: "Development" } }, "Development"],
  ] as [Partial<HostFacts>, string][])("refuses when %p", (facts, mention) => {
    const decision = evaluateGuard({ ...calm, ...facts });
    expect(decision.refusals).toHaveLength(1);
    expect(decision.refusals[0]).toContain(mention);
  });

  test("NODE_ENV=production or test is fine", () => {
    expect(evaluateGuard({ ...calm, env: { NODE_ENV: "production" } }).refusals).toEqual([]);
    expect(evaluateGuard({ ...calm, env: { NODE_ENV: "test" } }).refusals).toEqual([]);
  });

  test("warns, without refusing, when load is above the core count", () => {
    const decision = evaluateGuard({ ...calm, loadAverage1m: 3.5 });
    expect(decision.refusals).toEqual([]);
    expect(decision.warnings[0]).toContain("load average 3.50 is above its 2 cores");
  });

  test("warns when the governor is not performance, and not when unreadable", () => {
    expect(evaluateGuard({ ...calm, governor: "powersave" }).warnings[0]).toContain('"powersave"');
    expect(evaluateGuard({ ...calm, governor: undefined, loadAverage1m: undefined }).warnings).toEqual([]);
  });
});
