/**
 * `fxperf ab` through the compiled binary, alone in an empty directory, against real temporary git
 * repositories: the head is the working tree (uncommitted changes included), the base a revision
 * checked out into a temporary worktree (or a --base-dir checkout). Every test has its own
 * repository and its own TMPDIR, so what a run leaves behind (worktrees, fxperf-ab-* directories)
 * can be checked.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import Ajv, { type ValidateFunction } from "ajv";
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatCpuList, parseAllowedCpus, planCpuPlacement } from "../../src/load/placement.ts";
import { buildBinary, ROOT, runProcess } from "../cli-harness.ts";
import { abTempDirs, git, type MicroWork, microSpecFile, Repo } from "./ab-repo.ts";

// These tests run real processes; Bun applies a preloaded default timeout to the first file only.
setDefaultTimeout(60_000);

let work: string;
let binary: string;

beforeAll(async () => {
  await buildBinary();
  work = mkdtempSync(join(tmpdir(), "fxperf-ab-e2e-"));
  mkdirSync(join(work, "home"));
  mkdirSync(join(work, "bin"));
  binary = join(work, "bin", "fxperf");
  cpSync(join(ROOT, "dist", "fxperf"), binary);
}, 120_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** One test's scratch space: a repository, a TMPDIR of its own, and room for reports. */
interface Scratch {
  readonly root: string;
  readonly repo: Repo;
  readonly tmp: string;
}

function scratch(name: string): Scratch {
  const root = join(work, name);
  const tmp = join(root, "tmp");
  mkdirSync(tmp, { recursive: true });
  return { root, tmp, repo: Repo.init(join(root, "repo")) };
}

const envFor = (s: Scratch, env: Record<string, string> = {}) => ({
  PATH: "/usr/bin:/bin",
  HOME: join(work, "home"),
  TMPDIR: s.tmp,
  ...env,
});

/** Runs `fxperf ab ...args` in the repository (or `cwd`). */
const ab = (s: Scratch, args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) =>
  runProcess([binary, "ab", ...args], options.cwd ?? s.repo.dir, envFor(s, options.env));

/**
 * Short runs: the differences the tests make are large, so three forks (the fewest a paired verdict
 * judges) and a small budget decide them.
 */
const QUICK = ["--forks", "3", "--max-time", "3s"];

interface AbJsonSpec {
  id: string;
  kind: string;
  status: string;
  files: { base: string | null; head: string | null };
  change: {
    ratio: number | null;
    low: number | null;
    high: number | null;
    tolerance: number;
    method: string;
    pairRatios: number[];
    resolvable: number | null;
  } | null;
  error: { side: string; phase: string; message: string } | null;
  pairs: number;
  base: { centreNs: number | null; valuesNs: (number | null)[] } | null;
  head: { centreNs: number | null; valuesNs: (number | null)[] } | null;
}
interface AbJson {
  kind: string;
  schemaVersion: number;
  base: { ref: string | null; commit: string | null; source: string; dependencies: string };
  head: { commit: string | null; dirty: boolean };
  interrupted: boolean;
  loadCpus: { wrk: string; servers: string } | null;
  counts: Record<string, number>;
  specs: AbJsonSpec[];
}

let validateAbReport: ValidateFunction | undefined;

/** Schema violations of an ab report against docs/ab-report.schema.json (read when first needed). */
function abSchemaErrors(report: unknown): string[] {
  validateAbReport ??= new Ajv({ allErrors: true, strict: false }).compile(
    JSON.parse(readFileSync(join(ROOT, "docs", "ab-report.schema.json"), "utf8")),
  );
  return validateAbReport(report)
    ? []
    : (validateAbReport.errors ?? []).map((e) => `${e.instancePath || "(root)"} ${e.message}`);
}

/** Reads a JSON ab report and checks it is one, valid against the published schema. */
function readAbJson(path: string): AbJson {
  const report = JSON.parse(readFileSync(path, "utf8")) as AbJson;
  expect(report.kind).toBe("fxperf-ab-report");
  expect(report.schemaVersion).toBe(1);
  expect(abSchemaErrors(report)).toEqual([]);
  return report;
}

function specOf(report: AbJson, id: string): AbJsonSpec {
  const spec = report.specs.find((s) => s.id === id);
  if (!spec) throw new Error(`no spec "${id}" in the report; it has ${report.specs.map((s) => s.id).join(", ")}`);
  return spec;
}

/** fxperf left no worktree registered and nothing (no fxperf-ab-* directory, no fork's files) in the test's TMPDIR. */
function expectCleanedUp(s: Scratch) {
  expect(s.repo.worktrees()).toEqual([s.repo.dir]);
  expect(readdirSync(s.tmp)).toEqual([]);
}

const CPU = 20_000;
const spec = (specs: Record<string, MicroWork>, group = "work") => microSpecFile(group, specs);

/** A repository with a base commit of `base` files and a head commit of `head` files (same paths overwrite). */
function twoCommits(s: Scratch, base: Record<string, string>, head: Record<string, string>) {
  const baseSha = s.repo.write(base).commit("base");
  const headSha = s.repo.write(head).commit("head");
  return { baseSha, headSha };
}

const log = (run: { exitCode: number; stdout: string; stderr: string }) =>
  `exit ${run.exitCode}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;

describe("fxperf ab (compiled binary, real git repositories)", () => {
  test("twice the work in head is regressed (exit 1); an untouched spec is unchanged; the JSON fits the schema", async () => {
    const s = scratch("regression");
    const { baseSha, headSha } = twoCommits(
      s,
      { "spec/work.perf.ts": spec({ cpu: { trips: CPU }, steady: { trips: CPU } }) },
      { "spec/work.perf.ts": spec({ cpu: { trips: 2 * CPU }, steady: { trips: CPU } }) },
    );
    const report = join(s.root, "ab.json");
    const run = await ab(s, ["--base", "HEAD~1", ...QUICK, "--tolerance", "25%", "--reporter", `json=${report}`]);
    expect(run.exitCode, log(run)).toBe(1);
    expect(run.stdout).toContain(
      `A/B comparison: base HEAD~1 (${baseSha.slice(0, 10)}) vs head ${headSha.slice(0, 10)}\n`,
    );
    expect(run.stdout).not.toContain("uncommitted changes");
    expect(run.stdout).toMatch(/VERDICT\s+SPEC\s+BASE\s+HEAD\s+CHANGE \(95% interval\)\s+PAIRS\s+NOTE/);
    expect(run.stdout).toMatch(/regressed\s+work > cpu\s/);
    expect(run.stdout).toMatch(/unchanged\s+work > steady\s/);
    expect(run.stdout).toContain("1 regressed, 1 unchanged (tolerance 25%)");
    // run's progress line: "[i/n] verdict id change, pairs in s".
    expect(run.stderr).toContain("Running 2 specs from 1 file");
    expect(run.stderr).toMatch(/\[[12]\/2\] regressed work > cpu \+\d/);

    const json = readAbJson(report);
    expect(json.base).toMatchObject({ ref: "HEAD~1", commit: baseSha, source: "worktree" });
    expect(json.head).toEqual({ commit: headSha, dirty: false });
    expect(json.interrupted).toBe(false);
    expect(json.counts).toMatchObject({ regressed: 1, unchanged: 1, error: 0 });
    const cpu = specOf(json, "work > cpu");
    expect(cpu.status).toBe("regressed");
    expect(cpu.kind).toBe("micro");
    expect(cpu.files).toEqual({ base: "spec/work.perf.ts", head: "spec/work.perf.ts" });
    expect(cpu.change!.ratio!).toBeGreaterThan(1.5);
    expect(cpu.change!.low!).toBeGreaterThan(1.25);
    expect(cpu.change!.tolerance).toBeCloseTo(0.25, 10);
    expect(cpu.pairs).toBeGreaterThanOrEqual(3);
    // Paired: each process measured both trees, and its own ratio is in the report.
    expect(cpu.change!.method).toBe("paired");
    expect(cpu.change!.pairRatios).toHaveLength(cpu.pairs);
    expect(Math.min(...cpu.change!.pairRatios)).toBeGreaterThan(1.25);
    expect(cpu.change!.resolvable!).toBeGreaterThan(0);
    const steady = specOf(json, "work > steady");
    expect(steady.status).toBe("unchanged");
    expect(steady.change!.ratio!).toBeGreaterThan(0.8);
    expect(steady.change!.ratio!).toBeLessThan(1.25);
    expectCleanedUp(s);
  });

  test("half the work in head is improved (exit 0)", async () => {
    const s = scratch("improvement");
    twoCommits(
      s,
      { "spec/work.perf.ts": spec({ cpu: { trips: 2 * CPU } }) },
      { "spec/work.perf.ts": spec({ cpu: { trips: CPU } }) },
    );
    const report = join(s.root, "ab.json");
    const run = await ab(s, ["--base", "main~1", ...QUICK, "--tolerance", "25%", "--reporter", `json=${report}`]);
    expect(run.exitCode, log(run)).toBe(0);
    expect(run.stdout).toMatch(/improved\s+work > cpu\s/);
    const cpu = specOf(readAbJson(report), "work > cpu");
    expect(cpu.status).toBe("improved");
    expect(cpu.change!.ratio!).toBeLessThan(0.7);
    expect(cpu.change!.high!).toBeLessThan(0.8);
    expectCleanedUp(s);
  });

  test("specs only in head are added, specs only in base are removed, and neither fails the run", async () => {
    const s = scratch("added-removed");
    twoCommits(
      s,
      {
        "spec/main.perf.ts": spec({ kept: { trips: CPU }, gone: { trips: CPU } }),
        // A repository with submodules: the base worktree has them empty, and ab says so.
        ".gitmodules": '[submodule "vendor"]\n\tpath = vendor\n\turl = ./vendor\n',
      },
      {
        "spec/main.perf.ts": spec({ kept: { trips: CPU }, fresh: { trips: CPU } }),
        "spec/new.perf.ts": spec({ "only here": { trips: CPU } }, "new file"),
      },
    );
    const report = join(s.root, "ab.json");
    const run = await ab(s, ["--base", "HEAD^", ...QUICK, "--tolerance", "25%", "--reporter", `json=${report}`]);
    expect(run.exitCode, log(run)).toBe(0);
    expect(run.stderr).toContain("note: the base worktree has no submodules checked out");
    // An added micro spec is measured alone in the head, so its author sees a figure (issue 23).
    expect(run.stdout).toMatch(/added\s+work > fresh\s.*only in head: \S+ \S+ in 3 forks/);
    expect(run.stdout).toMatch(/removed\s+work > gone\s.*only in base/);
    const json = readAbJson(report);
    expect(json.counts).toMatchObject({ added: 2, removed: 1, unchanged: 1, regressed: 0, error: 0 });
    expect(specOf(json, "work > kept").status).toBe("unchanged");
    expect(specOf(json, "work > fresh")).toMatchObject({
      status: "added",
      pairs: 0,
      change: null,
      base: null,
      files: { base: null, head: "spec/main.perf.ts" },
    });
    expect(specOf(json, "work > fresh").head?.valuesNs).toHaveLength(3);
    expect(specOf(json, "work > fresh").head?.centreNs).toBeGreaterThan(0);
    expect(specOf(json, "new file > only here")).toMatchObject({
      status: "added",
      files: { base: null, head: "spec/new.perf.ts" },
    });
    expect(specOf(json, "work > gone")).toMatchObject({
      status: "removed",
      pairs: 0,
      files: { base: "spec/main.perf.ts", head: null },
    });
    // Only "kept" was compared in pairs; the added specs were measured alone, the removed one not at all.
    expect(run.stderr.match(/ pairs? in /g)).toHaveLength(1);
    expect(specOf(json, "work > gone").base).toBeNull();
    expectCleanedUp(s);
  });

  test("a spec that throws on one side is an error naming that side (exit 5); the other specs are still measured", async () => {
    const s = scratch("errors");
    twoCommits(
      s,
      {
        "spec/work.perf.ts": spec({
          ok: { trips: CPU },
          "breaks in head": { trips: CPU },
          "breaks in base": { throws: "base is broken" },
        }),
        "spec/loads.perf.ts": microSpecFile(
          "loads",
          { "file fails in base": { trips: CPU } },
          'throw new Error("base file cannot load");',
        ),
      },
      {
        "spec/work.perf.ts": spec({
          ok: { trips: CPU },
          "breaks in head": { throws: "head is broken" },
          "breaks in base": { trips: CPU },
        }),
        "spec/loads.perf.ts": microSpecFile("loads", { "file fails in base": { trips: CPU } }),
      },
    );
    const report = join(s.root, "ab.json");
    const run = await ab(s, ["--base", "HEAD~1", ...QUICK, "--tolerance", "25%", "--reporter", `json=${report}`]);
    expect(run.exitCode, log(run)).toBe(5);
    const json = readAbJson(report);
    const inHead = specOf(json, "work > breaks in head");
    expect(inHead.status).toBe("error");
    expect(inHead.error!.side).toBe("head");
    expect(inHead.error!.message).toContain("head is broken");
    const inBase = specOf(json, "work > breaks in base");
    expect(inBase.status).toBe("error");
    expect(inBase.error!.side).toBe("base");
    expect(inBase.error!.message).toContain("base is broken");
    const fileInBase = specOf(json, "loads > file fails in base");
    expect(fileInBase.status).toBe("error");
    expect(fileInBase.error!.side).toBe("base");
    expect(fileInBase.error!.phase).toBe("import");
    expect(fileInBase.error!.message).toContain("base file cannot load");
    const ok = specOf(json, "work > ok");
    expect(ok.status).toBe("unchanged");
    expect(ok.pairs).toBeGreaterThanOrEqual(2);
    expect(json.counts).toMatchObject({ error: 3, unchanged: 1 });
    expect(run.stdout).toMatch(/error\s+work > breaks in head\s.*head: .*head is broken/);
    expect(run.stdout).toMatch(/error\s+work > breaks in base\s.*base: .*base is broken/);
    expectCleanedUp(s);
  });

  test("a --base revision that does not exist is exit 2 naming it; no worktree or temporary directory is left", async () => {
    const s = scratch("no-such-base");
    s.repo.write({ "spec/work.perf.ts": spec({ cpu: { trips: CPU } }) }).commit("only");
    const run = await ab(s, ["--base", "no-such-branch", ...QUICK]);
    expect(run.exitCode, log(run)).toBe(2);
    expect(run.stderr).toContain("no-such-branch");
    expect(run.stderr).toContain("no such commit");
    expect(run.stdout).not.toContain("A/B comparison");
    expectCleanedUp(s);
    // A revision that looks like an option is refused the same way, before git sees it.
    const dashed = await ab(s, ["--base=--all", ...QUICK]);
    expect(dashed.exitCode, log(dashed)).toBe(2);
    expect(dashed.stderr).toContain('"--all"');
    expectCleanedUp(s);
  });

  test("without --base or --base-dir, with both, or outside a repository, ab is a usage error (exit 2)", async () => {
    const s = scratch("usage");
    s.repo.write({ "spec/work.perf.ts": spec({ cpu: { trips: CPU } }) }).commit("only");
    const none = await ab(s, ["--forks", "2"]);
    expect(none.exitCode, log(none)).toBe(2);
    expect(none.stderr).toContain("--base");
    const both = await ab(s, ["--base", "HEAD", "--base-dir", s.repo.dir]);
    expect(both.exitCode, log(both)).toBe(2);
    expect(both.stderr).toContain("exclude each other");
    const outside = join(s.root, "outside");
    mkdirSync(join(outside, "spec"), { recursive: true });
    writeFileSync(join(outside, "spec", "work.perf.ts"), spec({ cpu: { trips: CPU } }));
    const notRepo = await ab(s, ["--base", "HEAD"], { cwd: outside });
    expect(notRepo.exitCode, log(notRepo)).toBe(2);
    expect(notRepo.stderr).toContain("needs a git repository");
    expect(notRepo.stderr).toContain("--base-dir");
    const missingDir = await ab(s, ["--base-dir", join(s.root, "nowhere")]);
    expect(missingDir.exitCode, log(missingDir)).toBe(2);
    expect(missingDir.stderr).toContain("no such directory");
    expectCleanedUp(s);
  });

  test("uncommitted changes are the head: measured, and the title and JSON say so", async () => {
    const s = scratch("dirty");
    const sha = s.repo.write({ "spec/work.perf.ts": spec({ cpu: { trips: CPU } }) }).commit("base");
    s.repo.write({
      "spec/work.perf.ts": spec({ cpu: { trips: 2 * CPU } }),
      "spec/untracked.perf.ts": spec({ "not committed": { trips: CPU } }, "untracked"),
    });
    const report = join(s.root, "ab.json");
    const run = await ab(s, ["--base", "HEAD", ...QUICK, "--tolerance", "25%", "--reporter", `json=${report}`]);
    expect(run.exitCode, log(run)).toBe(1);
    expect(run.stdout).toContain(
      `A/B comparison: base HEAD (${sha.slice(0, 10)}) vs head ${sha.slice(0, 10)} + uncommitted changes`,
    );
    const json = readAbJson(report);
    expect(json.head).toEqual({ commit: sha, dirty: true });
    expect(json.base.commit).toBe(sha);
    expect(specOf(json, "work > cpu").status).toBe("regressed");
    expect(specOf(json, "work > cpu").change!.ratio!).toBeGreaterThan(1.5);
    expect(specOf(json, "untracked > not committed").status).toBe("added");
    // The working tree is as it was: fxperf changed nothing in it.
    expect(s.repo.read("spec/work.perf.ts")).toBe(spec({ cpu: { trips: 2 * CPU } }));
    expect(s.repo.status()).toBe(" M spec/work.perf.ts\n?? spec/untracked.perf.ts\n");
    expectCleanedUp(s);
  });

  test("Ctrl-C while measuring ends with exit 130 and removes the base worktree and its directory", async () => {
    const s = scratch("interrupt");
    const slow = { trips: 3_000_000 };
    twoCommits(
      s,
      { "spec/slow.perf.ts": spec({ first: slow, second: slow }, "slow") },
      { "spec/slow.perf.ts": spec({ first: slow, second: { trips: 3_100_000 } }, "slow") },
    );
    const report = join(s.root, "ab.json");
    const proc = Bun.spawn(
      [binary, "ab", "--base", "HEAD~1", "--forks", "6", "--max-time", "30s", "--reporter", `json=${report}`],
      { cwd: s.repo.dir, env: { ...envFor(s), NO_COLOR: "1" }, stdout: "pipe", stderr: "pipe" },
    );
    const stdoutText = new Response(proc.stdout).text();
    const stderr = collect(proc.stderr);
    let sentAt: number | undefined;
    try {
      await stderr.waitFor("Running 2 specs from 1 file", 30_000);
      // While the worktree exists and forks are running.
      expect(s.repo.worktrees()).toHaveLength(2);
      expect(abTempDirs(s.tmp)).toHaveLength(1);
      // Signal while a fork (the binary started again) runs beside the run itself.
      await Bun.sleep(300);
      const deadline = Date.now() + 5_000;
      while (forksOf(binary).length < 2 && Date.now() < deadline) await Bun.sleep(20);
      expect(forksOf(binary).length).toBeGreaterThanOrEqual(2);
      sentAt = performance.now();
      proc.kill("SIGINT");
    } finally {
      // A test that failed before the signal leaves no run behind (one SIGINT only: a second quits at once).
      if (sentAt === undefined) proc.kill("SIGINT");
    }
    const exitCode = await proc.exited;
    const run = { exitCode, stdout: await stdoutText, stderr: await stderr.done };
    expect(exitCode, log(run)).toBe(130);
    expect(performance.now() - sentAt!).toBeLessThan(15_000);
    expect(run.stdout, log(run)).toContain("interrupted");
    expectCleanedUp(s);
    // The report is still written on the way out, and says the run was interrupted.
    expect(existsSync(report)).toBe(true);
    const json = readAbJson(report);
    expect(json.interrupted).toBe(true);
    expect(json.specs.map((sp) => sp.id)).not.toContain("slow > second");
    // No fork of the binary outlives it.
    const deadline = Date.now() + 5_000;
    let alive = forksOf(binary);
    while (alive.length > 0 && Date.now() < deadline) {
      await Bun.sleep(100);
      alive = forksOf(binary);
    }
    expect(alive).toEqual([]);
  });

  test("a run killed outright (SIGKILL, a second Ctrl-C) leaves its base worktree, and the next run removes it", async () => {
    const s = scratch("killed");
    const slow = { trips: 3_000_000 };
    twoCommits(
      s,
      { "spec/slow.perf.ts": spec({ first: slow }, "slow") },
      { "spec/slow.perf.ts": spec({ first: { trips: 3_100_000 } }, "slow") },
    );
    const start = async () => {
      const proc = Bun.spawn([binary, "ab", "--base", "HEAD~1", "--forks", "6", "--max-time", "30s"], {
        cwd: s.repo.dir,
        env: { ...envFor(s), NO_COLOR: "1" },
        stdout: "ignore",
        stderr: "pipe",
      });
      const stderr = collect(proc.stderr);
      try {
        await stderr.waitFor("Running 1 spec from 1 file", 30_000);
      } catch (error) {
        proc.kill("SIGKILL");
        throw error;
      }
      await Bun.sleep(300);
      return { proc, stderr };
    };
    const nextRunCleansUp = async () => {
      // The forks of the killed run end on their own once it is gone: a paired fork finishes its
      // rounds first (seconds; more on a busy machine).
      const deadline = Date.now() + 30_000;
      while (forksOf(binary).length > 0 && Date.now() < deadline) await Bun.sleep(100);
      expect(forksOf(binary)).toEqual([]);
      const next = await ab(s, ["--base", "HEAD~1", "--forks", "2", "--max-time", "1s", "--tolerance", "50%"]);
      expect(next.exitCode, log(next)).toBe(0);
      expect(s.repo.worktrees()).toEqual([s.repo.dir]);
      expect(abTempDirs(s.tmp)).toEqual([]);
    };

    const killed = await start();
    killed.proc.kill("SIGKILL");
    await killed.proc.exited;
    expect(killed.proc.signalCode).toBe("SIGKILL");
    // Nothing could clean up: the worktree is still registered and its directory still there.
    expect(s.repo.worktrees()).toHaveLength(2);
    expect(abTempDirs(s.tmp)).toHaveLength(1);
    await nextRunCleansUp();

    // Ctrl-C twice: the second quits at once (whatever the first had time to tidy).
    const twice = await start();
    twice.proc.kill("SIGINT");
    twice.proc.kill("SIGINT");
    const exitCode = await twice.proc.exited;
    expect(exitCode, await twice.stderr.done).toBe(130);
    await nextRunCleansUp();
  });

  test("--reporter markdown writes the summary line and the table; GITHUB_STEP_SUMMARY gets the same appended; junit and html too", async () => {
    const s = scratch("markdown");
    const { baseSha, headSha } = twoCommits(
      s,
      { "spec/work.perf.ts": spec({ cpu: { trips: CPU }, "a | b": { trips: CPU } }) },
      { "spec/work.perf.ts": spec({ cpu: { trips: 2 * CPU }, "a | b": { trips: CPU } }) },
    );
    const markdown = join(s.root, "comment.md");
    const stepSummary = join(s.root, "step-summary.md");
    const [junit, html] = [join(s.root, "ab-junit.xml"), join(s.root, "ab.html")];
    writeFileSync(stepSummary, "# An earlier step\n\n");
    const run = await ab(
      s,
      [
        "--base",
        "HEAD~1",
        ...QUICK,
        "--tolerance",
        "25%",
        "--reporter",
        `markdown=${markdown}`,
        "--reporter",
        "json=-",
        "--reporter",
        `junit=${junit}`,
        "--reporter",
        `html=${html}`,
      ],
      { env: { GITHUB_STEP_SUMMARY: stepSummary } },
    );
    expect(run.exitCode, log(run)).toBe(1);
    const text = readFileSync(markdown, "utf8");
    const lines = text.split("\n");
    expect(lines[0]).toBe(
      `❌ **Performance, base HEAD~1 (${baseSha.slice(0, 10)}) vs head ${headSha.slice(0, 10)}**: 1 regressed, 1 unchanged`,
    );
    expect(text).toContain("| Spec | Base | Head | Change (95% interval) | Verdict |");
    expect(text).toMatch(/^\| work &gt; cpu \| .+ \| .+ \| \+\d.*\| ❌ regressed \|$/m);
    // A "|" in a spec name cannot break the table.
    expect(text).toMatch(/^\| work &gt; a \\\| b \| .+ \| ✅ unchanged \|$/m);
    expect(readFileSync(stepSummary, "utf8")).toBe(`# An earlier step\n\n${text}`);
    // json=- takes stdout, so the console summary moved to stderr.
    const json = JSON.parse(run.stdout) as AbJson;
    expect(abSchemaErrors(json)).toEqual([]);
    expect(specOf(json, "work > cpu").status).toBe("regressed");
    expect(run.stderr).toContain("A/B comparison: base HEAD~1");
    // The test tab: one testcase per spec, the regression a failure.
    const xml = readFileSync(junit, "utf8");
    expect(xml.match(/<testcase /g)).toHaveLength(2);
    expect(xml).toMatch(
      /<testcase classname="spec\/work.perf.ts" name="work &gt; cpu" time="[\d.]+">\s*<failure message="regressed \+/,
    );
    expect(xml).toContain('tests="2" failures="1" errors="0"');
    const page = readFileSync(html, "utf8");
    expect(page).toContain('<td class="status regressed">regressed</td><td>work &gt; cpu</td>');
    expect(page).toContain('<td class="status unchanged">unchanged</td><td>work &gt; a | b</td>');
    expectCleanedUp(s);
  });

  test("--base-dir takes a prepared checkout of the base, leaves it as it was, and the JSON says source dir", async () => {
    const s = scratch("base-dir");
    const { baseSha } = twoCommits(
      s,
      { "spec/work.perf.ts": spec({ cpu: { trips: CPU } }) },
      { "spec/work.perf.ts": spec({ cpu: { trips: 2 * CPU } }) },
    );
    const clone = join(s.root, "base-checkout");
    git(s.root, ["clone", "--quiet", s.repo.dir, clone]);
    git(clone, ["checkout", "--quiet", "--detach", baseSha]);
    const report = join(s.root, "ab.json");
    const run = await ab(s, ["--base-dir", clone, ...QUICK, "--tolerance", "25%", "--reporter", `json=${report}`]);
    expect(run.exitCode, log(run)).toBe(1);
    expect(run.stdout).toContain(`A/B comparison: base directory (${baseSha.slice(0, 10)}) vs head`);
    const json = readAbJson(report);
    expect(json.base).toMatchObject({ ref: null, commit: baseSha, source: "dir" });
    expect(specOf(json, "work > cpu").status).toBe("regressed");
    // fxperf neither removed the checkout nor changed anything in it.
    expect(readFileSync(join(clone, "spec", "work.perf.ts"), "utf8")).toBe(spec({ cpu: { trips: CPU } }));
    expect(git(clone, ["status", "--porcelain", "--ignored"])).toBe("");
    expectCleanedUp(s);
  });

  test("the base reuses the head's node_modules when the lockfile is the same, and refuses without --install when it differs", async () => {
    const s = scratch("dependencies");
    const lock = JSON.stringify(
      {
        name: "abdeps",
        version: "1.0.0",
        lockfileVersion: 3,
        requires: true,
        packages: {
          "": { name: "abdeps", version: "1.0.0", dependencies: { tiny: "1.0.0" } },
          "node_modules/tiny": { version: "1.0.0" },
        },
      },
      null,
      2,
    );
    const tiny =
      "exports.work = (n) => {\n  let s = 0;\n  for (let i = 0; i < n; i++) s += Math.sqrt(i);\n  return s;\n};\n";
    const depSpec = [
      'import { describePerf, itPerf } from "fxperf";',
      'import { work } from "tiny";',
      'describePerf("deps", () => {',
      `  itPerf("uses tiny", () => work(${CPU}));`,
      "});",
      "",
    ].join("\n");
    s.repo.write({
      ".gitignore": "node_modules/\n",
      "package.json": JSON.stringify({ name: "abdeps", version: "1.0.0", dependencies: { tiny: "1.0.0" } }),
      "package-lock.json": lock,
      "spec/deps.perf.ts": depSpec,
    });
    s.repo.commit("base");
    s.repo.write({ "README.md": "The head commit: the same dependencies.\n" }).commit("head");
    s.repo.write({
      "node_modules/tiny/package.json": JSON.stringify({ name: "tiny", version: "1.0.0", main: "index.js" }),
      "node_modules/tiny/index.js": tiny,
    });
    expect(s.repo.status()).toBe("");

    const report = join(s.root, "ab.json");
    const run = await ab(s, ["--base", "HEAD~1", ...QUICK, "--tolerance", "25%", "--reporter", `json=${report}`]);
    expect(run.exitCode, log(run)).toBe(0);
    expect(run.stderr).toContain("Base dependencies: the head's node_modules (same package-lock.json)");
    const json = readAbJson(report);
    expect(json.base.dependencies).toBe("the head's node_modules (same package-lock.json)");
    const measured = specOf(json, "deps > uses tiny");
    expect(measured.error).toBeNull();
    expect(measured.status).toBe("unchanged");
    expect(measured.pairs).toBeGreaterThanOrEqual(2);
    // The head's node_modules is still a real directory with the package in it.
    expect(lstatSync(join(s.repo.dir, "node_modules")).isDirectory()).toBe(true);
    expect(readFileSync(join(s.repo.dir, "node_modules", "tiny", "index.js"), "utf8")).toBe(tiny);
    expect(readdirSync(join(s.repo.dir, "node_modules"))).toEqual(["tiny"]);
    expectCleanedUp(s);

    // An uncommitted change to the lockfile: the head's node_modules no longer fit the base.
    s.repo.write({ "package-lock.json": lock.replace('"version": "1.0.0"', '"version": "1.0.1"') });
    const refused = await ab(s, ["--base", "HEAD~1", ...QUICK]);
    expect(refused.exitCode, log(refused)).toBe(2);
    expect(refused.stderr).toContain("Cannot reuse the head's node_modules");
    expect(refused.stderr).toContain("package-lock.json differs");
    expect(refused.stderr).toContain("--install");
    expect(refused.stdout).not.toContain("A/B comparison");
    expect(readFileSync(join(s.repo.dir, "node_modules", "tiny", "index.js"), "utf8")).toBe(tiny);
    expectCleanedUp(s);
  });

  test("run from a subdirectory, spec paths are relative to it in both trees", async () => {
    const s = scratch("subdir");
    twoCommits(
      s,
      {
        "packages/app/bench/app.perf.ts": spec({ cpu: { trips: CPU } }, "app"),
        "spec/root.perf.ts": spec({ elsewhere: { trips: CPU } }, "root"),
      },
      { "packages/app/bench/app.perf.ts": spec({ cpu: { trips: 2 * CPU } }, "app") },
    );
    const cwd = join(s.repo.dir, "packages", "app");
    const run = await ab(
      s,
      ["bench", "--base", "HEAD~1", ...QUICK, "--tolerance", "25%", "--reporter", "json=ab.json"],
      { cwd },
    );
    expect(run.exitCode, log(run)).toBe(1);
    // The report path is relative to the directory ab ran in.
    const json = readAbJson(join(cwd, "ab.json"));
    expect(json.specs.map((sp) => sp.id)).toEqual(["app > cpu"]);
    const cpu = specOf(json, "app > cpu");
    expect(cpu.status).toBe("regressed");
    expect(cpu.files).toEqual({ base: "packages/app/bench/app.perf.ts", head: "packages/app/bench/app.perf.ts" });
    rmSync(join(cwd, "ab.json"));
    expectCleanedUp(s);
  });

  test("a load spec is compared in alternating wrk runs, the servers on other CPUs than wrk: a slower handler in head is regressed", async () => {
    const s = scratch("load");
    const cpusDir = join(s.root, "cpus");
    mkdirSync(cpusDir);
    const loadSpec = (delayMs: number) =>
      [
        'import { afterAll, beforeAll, describePerf, loadPerf } from "fxperf";',
        'import { readFileSync, writeFileSync } from "node:fs";',
        "const server = Bun.serve({",
        '  hostname: "127.0.0.1",',
        "  port: 0,",
        `  async fetch() {${delayMs > 0 ? ` await Bun.sleep(${delayMs});` : ""} return new Response("hello"); },`,
        "});",
        'describePerf("http", () => {',
        "  afterAll(() => server.stop(true));",
        // The host's CPUs, as the kernel saw them, for the test to compare with the report.
        `  beforeAll(() => writeFileSync(${JSON.stringify(join(cpusDir, "host-status-"))} + process.pid, readFileSync("/proc/self/status", "utf8")));`,
        '  const url = "http://127.0.0.1:" + server.port + "/";',
        '  loadPerf("GET /", { url, connections: 2, threads: 1, duration: "1s" });',
        "});",
        "",
      ].join("\n");
    // A load spec only in head is measured there alone, so its author sees a figure (issue 23).
    const addedSpec = [
      'import { afterAll, describePerf, loadPerf } from "fxperf";',
      'const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("new") });',
      'describePerf("fresh", () => {',
      "  afterAll(() => server.stop(true));",
      '  loadPerf("GET /new", { url: "http://127.0.0.1:" + server.port + "/", connections: 2, threads: 1, duration: "1s" });',
      "});",
      "",
    ].join("\n");
    twoCommits(
      s,
      { "spec/load.perf.ts": loadSpec(0) },
      { "spec/load.perf.ts": loadSpec(20), "spec/added.perf.ts": addedSpec },
    );
    const report = join(s.root, "ab.json");
    const run = await ab(s, ["--base", "HEAD~1", "--forks", "3", "--max-time", "20s", "--reporter", `json=${report}`]);
    expect(run.exitCode, log(run)).toBe(1);
    const json = readAbJson(report);
    const get = specOf(json, "http > GET /");
    expect(get.kind).toBe("load");
    expect(get.status).toBe("regressed");
    expect(get.change!.ratio!).toBeGreaterThan(2);
    // Each pair of adjacent wrk runs is judged by its own ratio; the table shows time per request.
    expect(get.change!.method).toBe("paired");
    expect(get.change!.pairRatios).toHaveLength(get.pairs);
    expect(run.stdout).toMatch(/regressed\s+http > GET \/\s+\S+ \S+\/req\s+\S+ \S+\/req/);
    const added = specOf(json, "fresh > GET /new");
    expect(added).toMatchObject({ kind: "load", status: "added", pairs: 0, change: null, base: null });
    expect(added.head?.valuesNs).toHaveLength(3);
    expect(added.head?.centreNs).toBeGreaterThan(0);
    expect(run.stdout).toMatch(/added\s+fresh > GET \/new\s.*only in head: \S+ req\/s in 3 wrk runs/);
    expect(json.counts).toMatchObject({ added: 1, regressed: 1 });
    // wrk on one CPU and both sides' servers on the others, where this machine can (placement.ts).
    const allowed = parseAllowedCpus(readFileSync("/proc/self/status", "utf8"));
    const planned = planCpuPlacement(allowed, Bun.which("taskset") ?? undefined);
    const hostStatuses = readdirSync(cpusDir).map((f) => readFileSync(join(cpusDir, f), "utf8"));
    expect(hostStatuses).toHaveLength(2);
    if ("placement" in planned) {
      expect(json.loadCpus).toEqual({ wrk: planned.placement.wrkCpus, servers: planned.placement.serverCpus });
      expect(run.stderr).toContain(`wrk on CPU ${planned.placement.wrkCpus}`);
      for (const status of hostStatuses)
        expect(formatCpuList(parseAllowedCpus(status)!)).toBe(planned.placement.serverCpus);
    } else {
      expect(json.loadCpus).toBeNull();
      expect(run.stderr).toContain(planned.reason);
    }
    expectCleanedUp(s);
  });
});

/**
 * Reads a stream as it comes: `waitFor` resolves once `text` has appeared (and rejects if the
 * stream ends or `timeoutMs` passes first), `done` with everything at its end.
 */
function collect(stream: ReadableStream<Uint8Array>) {
  let seen = "";
  const waiters: { text: string; settle: (found: boolean) => void }[] = [];
  const done = (async () => {
    const decoder = new TextDecoder();
    for await (const chunk of stream) {
      seen += decoder.decode(chunk, { stream: true });
      for (const waiter of waiters.filter((w) => seen.includes(w.text))) waiter.settle(true);
    }
    for (const waiter of waiters) waiter.settle(seen.includes(waiter.text));
    return seen;
  })();
  return {
    done,
    waitFor(text: string, timeoutMs: number): Promise<string> {
      return new Promise<void>((resolve, reject) => {
        if (seen.includes(text)) return resolve();
        const timer = setTimeout(
          () => reject(new Error(`"${text}" did not appear within ${timeoutMs} ms:\n${seen}`)),
          timeoutMs,
        );
        waiters.push({
          text,
          settle: (found) => {
            clearTimeout(timer);
            if (found) resolve();
            else reject(new Error(`the stream ended without "${text}":\n${seen}`));
          },
        });
      }).then(() => seen);
    },
  };
}

/** Processes (other than the test's own) whose command line starts with `exe`: forks the binary left running. */
function forksOf(exe: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
      if (cmdline[0] === exe) found.push(`${pid}: ${cmdline.join(" ")}`);
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}
