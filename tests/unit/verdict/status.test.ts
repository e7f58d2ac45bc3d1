import { describe, expect, test } from "bun:test";
import { decideStatus, REQUIRE_BASELINE_WARNING } from "../../../src/verdict/status.ts";

describe("decideStatus()", () => {
  const none = { failed: false, undecided: false, judged: false, requireBaseline: false };
  test.each([
    [{ ...none, failed: true, undecided: true, judged: true }, "FAIL"],
    [{ ...none, undecided: true, judged: true }, "WARN"],
    [{ ...none, judged: true, requireBaseline: true }, "PASS"],
    [none, "NO BASELINE"],
  ] as const)("%o is %s", (input, status) => {
    expect(decideStatus(input)).toEqual({ status, warning: undefined });
  });
  test("nothing to judge by under --require-baseline fails, saying why", () => {
    expect(decideStatus({ ...none, requireBaseline: true })).toEqual({
      status: "FAIL",
      warning: REQUIRE_BASELINE_WARNING,
    });
  });
});
