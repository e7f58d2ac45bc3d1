/**
 * The npm distribution: `npm run release` lays out the `fxperf` package (a Node launcher and the
 * editor types) and this platform's binary package; both are packed with `npm pack`, installed from
 * the tarballs alone into an empty project (--offline: nothing else is fetched), and run with npx.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, runProcess } from "../cli-harness.ts";

setDefaultTimeout(300_000);

let work: string;
let project: string;
const npm = Bun.which("npm")!;
const npx = Bun.which("npx")!;
const env = () => ({ PATH: process.env.PATH, HOME: join(work, "home"), npm_config_cache: join(work, "npm-cache") });

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "fxperf-npm-"));
  mkdirSync(join(work, "home"));
  const release = join(work, "release");
  const built = await runProcess([process.execPath, join(ROOT, "build.ts"), "--release", "--out", release], ROOT);
  if (built.exitCode !== 0) throw new Error(built.stderr);
  for (const pkg of readdirSync(join(release, "npm"))) {
    const packed = await runProcess([npm, "pack", join(release, "npm", pkg), "--pack-destination", work], work, env());
    if (packed.exitCode !== 0) throw new Error(packed.stderr);
  }
  project = join(work, "project");
  mkdirSync(join(project, "spec"), { recursive: true });
  writeFileSync(join(project, "package.json"), '{ "name": "project", "version": "1.0.0", "private": true }\n');
  writeFileSync(
    join(project, "spec", "sum.perf.ts"),
    'import { itPerf } from "fxperf";\nitPerf("sum", () => [1, 2, 3].reduce((a, b) => a + b, 0)).expect({ p50: "1ms" });\n',
  );
  const tarballs = readdirSync(work)
    .filter((f) => f.endsWith(".tgz"))
    .map((f) => join(work, f));
  const installed = await runProcess(
    [npm, "install", "--offline", "--no-audit", "--no-fund", ...tarballs],
    project,
    env(),
  );
  if (installed.exitCode !== 0) throw new Error(`npm install failed:\n${installed.stdout}\n${installed.stderr}`);
}, 300_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("npm packages (packed and installed from their tarballs)", () => {
  test("two tarballs: the main package and this platform's binary package", () => {
    const tarballs = readdirSync(work)
      .filter((f) => f.endsWith(".tgz"))
      .sort();
    expect(tarballs).toEqual(["fxperf-0.1.0.tgz", `fxperf-linux-${process.arch}-0.1.0.tgz`]);
    // The launcher states the Node it needs (issue 23).
    const manifest = JSON.parse(readFileSync(join(work, "release", "npm", "fxperf", "package.json"), "utf8"));
    expect(manifest.engines).toEqual({ node: ">=18" });
  });

  test("npx fxperf --version runs the binary", async () => {
    const run = await runProcess([npx, "--offline", "fxperf", "--version"], project, env());
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/^fxperf 0\.1\.0 \(bun /);
  });

  test("npx fxperf run spec measures the project's specs", async () => {
    const run = await runProcess([npx, "--offline", "fxperf", "run", "spec", "--forks", "2"], project, env());
    expect(run.stdout).toMatch(/PASS\s+sum/);
    expect(run.exitCode).toBe(0);
  });

  test("editors type-check specs against the package's types", async () => {
    writeFileSync(
      join(project, "tsconfig.json"),
      '{ "compilerOptions": { "target": "ES2022", "module": "Preserve", "moduleResolution": "bundler", "strict": true, "noEmit": true, "types": [] }, "include": ["spec"] }\n',
    );
    const tsc = [process.execPath, join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", project];
    expect((await runProcess(tsc, project, env())).exitCode).toBe(0);
    writeFileSync(
      join(project, "spec", "bad.perf.ts"),
      'import { itPerf } from "fxperf";\nitPerf("x", () => 1).expect({ p50: 5 });\n',
    );
    const bad = await runProcess(tsc, project, env());
    rmSync(join(project, "spec", "bad.perf.ts"));
    expect(bad.exitCode).not.toBe(0);
    expect(bad.stdout).toContain("bad.perf.ts(2,");
  });

  test("a corrupt binary (the right size, not a program), a truncated one, or no binary package: a clear error (exit 3)", async () => {
    const pkg = join(project, "node_modules", "@fxperf", `linux-${process.arch}`);
    const binary = join(pkg, "bin", "fxperf");
    const size = statSync(binary).size;
    writeFileSync(binary, Buffer.alloc(size));
    const corrupt = await runProcess([npx, "--offline", "fxperf", "--version"], project, env());
    expect(corrupt.exitCode).toBe(3);
    expect(corrupt.stderr).toMatch(/the binary in @fxperf\/linux-\w+ is not a linux executable: it is corrupt/);
    truncateSync(binary, 1000);
    const truncated = await runProcess([npx, "--offline", "fxperf", "--version"], project, env());
    expect(truncated.exitCode).toBe(3);
    expect(truncated.stderr).toContain("is 1000 bytes, not the");
    expect(truncated.stderr).toContain("truncated or corrupt");
    rmSync(pkg, { recursive: true, force: true });
    const missing = await runProcess([npx, "--offline", "fxperf", "--version"], project, env());
    expect(missing.exitCode).toBe(3);
    expect(missing.stderr).toContain(
      `the package @fxperf/linux-${process.arch}, which holds the binary for this machine, is not installed`,
    );
    expect(missing.stderr).toContain("--include=optional");
  });
});
