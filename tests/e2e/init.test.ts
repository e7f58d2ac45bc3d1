/** `fxperf init` through the compiled binary: the starter runs green and its types work in an editor (tsc). */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { renderTypesModule } from "../../scripts/generate-types.ts";
import { buildBinary, ROOT, runProcess } from "../cli-harness.ts";

// These tests run real processes; Bun applies a preloaded default timeout to the first file only.
setDefaultTimeout(60_000);

let work: string;
let binary: string;
const project = () => join(work, "project");

beforeAll(async () => {
  await buildBinary();
  work = mkdtempSync(join(tmpdir(), "fxperf-init-"));
  binary = join(work, "fxperf");
  cpSync(join(ROOT, "dist", "fxperf"), binary);
}, 120_000);
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("fxperf init", () => {
  test("writes the starter, which runs green with the binary (its load spec with real wrk)", async () => {
    const init = await runProcess([binary, "init", "project"], work);
    expect(init.exitCode).toBe(0);
    expect(init.stdout).toContain("spec/api.perf.ts");
    const run = await runProcess([binary, "run", "spec"], project());
    expect(run.stdout).toMatch(/PASS\s+text > slugify 20 titles/);
    expect(run.stdout).toMatch(/PASS\s+api > GET \//);
    // The O(n) expectation holds on a busy machine too (it failed once under a CPU hog, fitting
    // O(n log n), when the starter measured an allocating function).
    expect(run.stdout).toMatch(/PASS\s+\(complexity\)\s.*O\(n\) expected/);
    expect(run.exitCode, run.stdout).toBe(0);
  });

  test("the CI job it writes runs npm ci, fxperf from npm, ab on pull requests and run on main; GitHub's passes action-validator (issue 23)", async () => {
    const github = await runProcess([binary, "init", "ci-github"], work);
    expect(github.exitCode, github.stderr).toBe(0);
    expect(github.stdout).toContain("npm install --save-dev fxperf");
    const workflowPath = join(work, "ci-github", ".github", "workflows", "perf.yml");
    const workflow = readFileSync(workflowPath, "utf8");
    expect(workflow).toContain("- run: npm ci");
    expect(workflow).toContain(`npx fxperf ab --base origin/${"$"}{{ github.base_ref }}`);
    expect(workflow).toContain("if: github.event_name == 'pull_request'");
    expect(workflow).toContain("npx fxperf run spec/");
    expect(workflow).toContain("fetch-depth: 0");
    expect(workflow).not.toContain("FXPERF_INSTALL_BASE");
    const validator = await runProcess([join(ROOT, "node_modules", ".bin", "action-validator"), workflowPath], ROOT);
    expect(validator.exitCode, validator.stdout + validator.stderr).toBe(0);
    expect(existsSync(join(work, "ci-github", "ci"))).toBe(false);

    const gitlab = await runProcess([binary, "init", "ci-gitlab", "--ci", "gitlab"], work);
    expect(gitlab.exitCode, gitlab.stderr).toBe(0);
    const job = readFileSync(join(work, "ci-gitlab", "ci", "gitlab-perf.yml"), "utf8");
    expect(job).toContain("- npm ci");
    expect(job).toContain('npx fxperf ab --base "origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME"');
    expect(job).toContain("npx fxperf run spec/");
    // Every report the job writes is kept as an artifact.
    const written = new Set([...job.matchAll(/=(perf-[\w.-]+)/g)].map((m) => m[1]));
    const kept = job.match(/paths: \[([^\]]*)\]/)![1]!.split(", ");
    expect([...written].filter((file) => !kept.includes(file!))).toEqual([]);
    expect(existsSync(join(work, "ci-gitlab", ".github"))).toBe(false);
    expect(readFileSync(join(work, "ci-gitlab", "PERF.md"), "utf8")).toContain("@types/node");

    const bad = await runProcess([binary, "init", "ci-bad", "--ci", "jenkins"], work);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('Option "--ci" is "jenkins": expected github or gitlab');
  });

  test("its type declarations let tsc check code that imports fxperf", async () => {
    writeFileSync(
      join(project(), "spec", "typed.ts"),
      'import { describePerf, itPerf, ms } from "fxperf";\ndescribePerf("t", () => { itPerf("x", () => 1).expect({ p50: ms(1) }); });\n',
    );
    const ok = await runProcess(
      [process.execPath, join(ROOT, "node_modules", "typescript", "bin", "tsc"), "--noEmit", "-p", "."],
      project(),
    );
    expect(ok.stdout).not.toContain("typed.ts");
    writeFileSync(
      join(project(), "spec", "typed.ts"),
      'import { itPerf } from "fxperf";\nitPerf("x", () => 1).expect({ p95: "1ms" });\n',
    );
    const wrong = await runProcess(
      [process.execPath, join(ROOT, "node_modules", "typescript", "bin", "tsc"), "--noEmit", "-p", "."],
      project(),
    );
    expect(wrong.stdout).toContain("typed.ts");
    expect(wrong.stdout).toContain("p95");
    rmSync(join(project(), "spec", "typed.ts"));
  });

  test("never overwrites silently; --types refreshes only the declarations; --force overwrites", async () => {
    writeFileSync(join(project(), "spec", "text.perf.ts"), "// mine\n");
    const again = await runProcess([binary, "init", "project"], work);
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toContain("Not overwriting what is already in");
    expect(readFileSync(join(project(), "spec", "text.perf.ts"), "utf8")).toBe("// mine\n");
    const types = await runProcess([binary, "init", "project", "--types"], work);
    expect(types.stdout).toContain("Wrote 1 file");
    expect(readFileSync(join(project(), "spec", "text.perf.ts"), "utf8")).toBe("// mine\n");
    const forced = await runProcess([binary, "init", "project", "--force"], work);
    expect(forced.exitCode).toBe(0);
    expect(readFileSync(join(project(), "spec", "text.perf.ts"), "utf8")).toContain("slugify");
  });

  test("the bundled declarations match src/index.ts (run scripts/generate-types.ts after changing the DSL)", () => {
    expect(readFileSync(join(ROOT, "src", "init", "fxperf-types.generated.ts"), "utf8")).toBe(renderTypesModule());
  });
});
