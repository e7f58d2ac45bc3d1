import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

const SRC = join(import.meta.dirname, "..", "..", "src");
// src/init/ holds only text written into users' projects (spec templates that call Bun.serve); no code of fxperf's runs it.
const ALLOWED = ["runtime/", "main.ts", "init/"];
const RUNTIME_GLOBALS =
  /\b(Bun|Deno|process)\s*\.|from\s+"bun(:[a-z]+)?"|from\s+"node:(fs|child_process|os)(\/promises)?"/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

describe("architecture", () => {
  test("only src/runtime/ and src/main.ts touch Bun, Deno, process or the file system", () => {
    const offenders = sourceFiles(SRC)
      .map((file) => relative(SRC, file))
      .filter((file) => !ALLOWED.some((allowed) => file.startsWith(allowed)))
      .flatMap((file) =>
        readFileSync(join(SRC, file), "utf8")
          .split("\n")
          .map((line, i) => ({ file, line: i + 1, text: line }))
          .filter(({ text }) => !/^\s*(\*|\/\*|\/\/)/.test(text) && RUNTIME_GLOBALS.test(text)),
      )
      .map(({ file, line, text }) => `${file}:${line}: ${text.trim()}`);
    expect(offenders).toEqual([]);
  });
});
