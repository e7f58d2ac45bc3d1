import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";

const SRC = join(import.meta.dirname, "..", "..", "src");
// src/init/ holds only text written into users' projects (spec templates that call Bun.serve); no code of fxperf's runs it.
const ALLOWED = ["runtime/", "main.ts", "init/"];
const RUNTIME_GLOBALS =
  /\b(Bun|Deno|process)\s*\.|from\s+"bun(:[a-z]+)?"|from\s+"node:(fs|child_process|os)(\/promises)?"/;

/**
 * The layers of src/, lowest first: a module may import its own folder and any lower layer, never a
 * higher one nor another folder of its own layer. docs/architecture.md draws the same picture.
 */
const LAYERS: readonly (readonly string[])[] = [
  ["errors.ts", "version.ts", "units.ts"],
  ["json.ts"],
  ["hardware", "guard", "env"],
  ["runtime"],
  ["dsl"],
  ["spec"],
  ["micro", "load", "format"],
  ["profiles", "ab"],
  ["result"],
  ["verdict", "calibrate", "shard", "profiling"],
  ["run", "history"],
  ["report", "init"],
  ["cli"],
  ["index.ts"],
  ["main.ts"],
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

// Static imports and re-exports (type-only ones included) and dynamic import() of relative paths.
const IMPORT =
  /\b(?:import|export)\s+(?:type\s+)?(?:[^;"'`]*?\s+from\s+)?["'](\.{1,2}\/[^"']+)["']|\bimport\(\s*["'](\.{1,2}\/[^"']+)["']\s*\)/g;

/** The relative imports of a module's text, as written. */
export function parseImports(text: string): string[] {
  // Comments may mention imports ("import ... from './x.ts'") that are not there.
  const code = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  return [...code.matchAll(IMPORT)].map((m) => (m[1] ?? m[2])!);
}

/** Every import edge between files of src/, as paths relative to src/. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const from = relative(SRC, file);
    const targets = parseImports(readFileSync(file, "utf8")).map((spec) =>
      relative(SRC, normalize(join(dirname(file), spec))),
    );
    graph.set(from, targets);
  }
  return graph;
}

/** A file's folder under src/ ("report"), or the file itself at the top ("units.ts"). */
const folderOf = (file: string) => (file.includes("/") ? file.slice(0, file.indexOf("/")) : file);

function layerOf(folder: string): number {
  return LAYERS.findIndex((layer) => layer.includes(folder));
}

/** Every import cycle, each as the files around it. */
export function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, "visiting" | "done">();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, "visiting");
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === "visiting") cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, "done");
  };
  for (const file of [...graph.keys()].sort()) if (!state.has(file)) visit(file);
  return cycles;
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

  test("parseImports() reads type imports, re-exports, multi-line and dynamic imports, not comments", () => {
    const text = [
      'import type { A } from "./a.ts";',
      'import {\n  b,\n  type C,\n} from "../b.ts";',
      'export { d } from "./d.ts";',
      'export type * from "./e.ts";',
      'import "./f.ts";',
      'const g = await import("./g.ts");',
      '// import { h } from "./h.ts";',
      'import pc from "picocolors";',
    ].join("\n");
    expect(parseImports(text)).toEqual(["./a.ts", "../b.ts", "./d.ts", "./e.ts", "./f.ts", "./g.ts"]);
  });

  test("findCycles() finds a circle of three files", () => {
    const graph = new Map([
      ["a.ts", ["b.ts"]],
      ["b.ts", ["c.ts"]],
      ["c.ts", ["a.ts"]],
    ]);
    expect(findCycles(graph)).toEqual([["a.ts", "b.ts", "c.ts", "a.ts"]]);
  });

  test("every folder of src/ has a layer", () => {
    const folders = new Set([...importGraph().keys()].map(folderOf));
    expect([...folders].filter((folder) => layerOf(folder) < 0)).toEqual([]);
  });

  test("no file imports itself back through others", () => {
    expect(findCycles(importGraph()).map((cycle) => cycle.join(" -> "))).toEqual([]);
  });

  test("imports go down the layers: never up, never sideways between folders of one layer", () => {
    const offending: string[] = [];
    for (const [from, targets] of importGraph()) {
      for (const to of targets) {
        const [a, b] = [folderOf(from), folderOf(to)];
        if (a === b) continue;
        if (layerOf(b) >= layerOf(a))
          offending.push(`${from} -> ${to} (${a} is layer ${layerOf(a)}, ${b} is layer ${layerOf(b)})`);
      }
    }
    expect(offending).toEqual([]);
  });
});
