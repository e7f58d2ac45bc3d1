/** The npm package's launcher (scripts/npm/launcher.cjs) on a platform fxperf ships no binary for. */
import { describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, runProcess } from "../cli-harness.ts";

describe("npm launcher", () => {
  test("on an unsupported platform it says which platforms have a binary and exits 3", async () => {
    const dir = mkdtempSync(join(tmpdir(), "fxperf-launcher-"));
    try {
      // Node reads process.platform from the OS: a preload makes this process look like AIX.
      writeFileSync(join(dir, "aix.cjs"), 'Object.defineProperty(process, "platform", { value: "aix" });\n');
      const run = await runProcess(
        [
          Bun.which("node")!,
          "--require",
          join(dir, "aix.cjs"),
          join(ROOT, "scripts", "npm", "launcher.cjs"),
          "--version",
        ],
        dir,
      );
      expect(run.exitCode).toBe(3);
      expect(run.stderr).toContain(`fxperf: there is no fxperf binary for aix-${process.arch}`);
      expect(run.stderr).toContain("linux-x64, linux-arm64, darwin-x64, darwin-arm64, windows-x64");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
