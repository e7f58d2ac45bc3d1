import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { VERSION } from "../../src/version.ts";

const root = join(import.meta.dirname, "..", "..");

test("the version fxperf prints is package.json's, with a CHANGELOG entry", () => {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  expect(VERSION).toBe(pkg.version);
  expect(readFileSync(join(root, "CHANGELOG.md"), "utf8")).toContain(`## ${VERSION} (`);
});
