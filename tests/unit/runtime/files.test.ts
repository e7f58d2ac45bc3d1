import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FxperfError, isSystemError } from "../../../src/errors.ts";
import { createNodeCommon } from "../../../src/runtime/node-common.ts";

const common = createNodeCommon("bun", "1.0.0", () => undefined);
let work = "";
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), "fxperf-files-"));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

describe("whyNotWritable() (issue 23)", () => {
  test("a writable directory, or a missing one under a writable directory, has no reason", async () => {
    expect(await common.whyNotWritable(work)).toBeUndefined();
    expect(await common.whyNotWritable(join(work, "not", "yet", "made"))).toBeUndefined();
  });

  test("a file in the way is named", async () => {
    writeFileSync(join(work, "a-file"), "x");
    expect(await common.whyNotWritable(join(work, "a-file", "profiles"))).toContain("not a directory");
    expect(await common.whyNotWritable(join(work, "a-file"))).toBe(`"${join(work, "a-file")}" is not a directory`);
  });
});

describe("makeTempDir() (issue 23)", () => {
  test("a missing TMPDIR is an environment error naming the directory, not an internal error", async () => {
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = join(work, "missing-tmp");
    try {
      const error = await common.makeTempDir("fxperf-x-").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FxperfError);
      expect((error as FxperfError).exitCode).toBe(3);
      expect((error as FxperfError).message).toContain(`"${join(work, "missing-tmp")}" (TMPDIR): ENOENT`);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
  });
});

describe("isSystemError()", () => {
  test("an error from a system call is the machine's; a plain error is not", async () => {
    const fromFs = await import("node:fs/promises").then((fs) =>
      fs.readFile(join(work, "nope")).catch((e: unknown) => e),
    );
    expect(isSystemError(fromFs)).toBe(true);
    expect(isSystemError(new Error("ENOENT: looks like one"))).toBe(false);
    expect(isSystemError(Object.assign(new Error("x"), { code: "USAGE", syscall: "open" }))).toBe(false);
  });
});
