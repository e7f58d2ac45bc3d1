/**
 * CPU profiles through the compiled binary in a real git repository: the head does more work in
 * slowPath (src/work.ts); `fxperf ab` reports the spec regressed and the first row of "what
 * changed" names slowPath at its TypeScript line, in the console, the Markdown and the JSON. An
 * unchanged spec gets no profile unless --cpu-profile; each .cpuprofile is valid with at least
 * 1,000 samples; `run` profiles a failing spec; `fxperf profile` profiles one on demand. The change
 * is 6x the work in slowPath, so the verdicts and the first row hold on a busy machine.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseCpuProfile } from "../../src/profiling/cpu-profile.ts";
import { abReportSchemaErrors, reportSchemaErrors } from "../report-schema.ts";
import { buildBinary, ROOT, runProcess } from "../cli-harness.ts";

setDefaultTimeout(240_000);

const WORK = (slowTrips: number) => `export function fastPath(n: number): number {
  let x = 0;
  for (let i = 0; i < n; i++) x += i % 7;
  return x;
}

export function slowPath(n: number): number {
  let x = 0;
  for (let i = 0; i < n; i++) x += Math.sqrt(i);
  return x;
}

export function work(): number {
  return fastPath(4000) + slowPath(${slowTrips});
}
`;
const SPEC = `import { describePerf, itPerf } from "fxperf";
import { fastPath, work } from "../src/work.ts";

describePerf("work", () => {
  itPerf("mixed", () => work());
  itPerf("steady", () => fastPath(2000));
  itPerf("over budget", () => work()).expect({ p50: "1ns" });
});
`;
const SLOW_PATH_LINE = 7;
const QUICK = ["--forks", "3", "--max-time", "3s"];

let repo: string;
let binary: string;
const fxperf = (args: string[]) =>
  runProcess([binary, ...args], repo, { PATH: "/usr/bin:/bin", HOME: join(repo, "..", "home"), NO_COLOR: "1" });
const git = (...args: string[]) =>
  runProcess(["git", "-c", "user.name=t", "-c", "user.email=t@localhost", ...args], repo, { PATH: "/usr/bin:/bin" });
const log = (run: { exitCode: number; stdout: string; stderr: string }) =>
  `exit ${run.exitCode}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;

interface SpecJson {
  id: string;
  status: string;
  profile: {
    kind: string;
    files: { base: string | null; head: string };
    samples: { base: number | null; head: number };
    rows: { name: string; location: string; changePoints: number | null; headPercent: number }[];
  } | null;
}
const specOf = (file: string, id: string): SpecJson =>
  JSON.parse(readFileSync(join(repo, file), "utf8")).specs.find((s: SpecJson) => s.id === id);

/** Reads a .cpuprofile and checks it as Chrome DevTools would need it. */
function checkProfile(file: string): number {
  const profile = parseCpuProfile(JSON.parse(readFileSync(join(repo, file), "utf8")));
  expect(profile.nodes.length).toBeGreaterThan(1);
  expect(profile.timeDeltas).toHaveLength(profile.samples.length);
  expect(profile.endTime).toBeGreaterThan(profile.startTime);
  return profile.samples.length;
}

beforeAll(async () => {
  await buildBinary();
  const root = mkdtempSync(join(tmpdir(), "fxperf-cpu-profile-"));
  mkdirSync(join(root, "home"));
  repo = join(root, "repo");
  mkdirSync(join(repo, "src"), { recursive: true });
  mkdirSync(join(repo, "spec"));
  binary = join(root, "fxperf");
  cpSync(join(ROOT, "dist", "fxperf"), binary);
  writeFileSync(join(repo, "src", "work.ts"), WORK(1000));
  writeFileSync(join(repo, "spec", "work.perf.ts"), SPEC);
  writeFileSync(join(repo, ".gitignore"), "fxperf-*\n*.json\n*.md\n*.html\n");
  await git("init", "-q");
  await git("add", "-A");
  await git("commit", "-qm", "base");
  writeFileSync(join(repo, "src", "work.ts"), WORK(6000));
  await git("commit", "-qam", "head: more work in slowPath");
}, 120_000);

afterAll(() => {
  if (repo) rmSync(join(repo, ".."), { recursive: true, force: true });
});

describe("fxperf ab: what changed, from CPU profiles (compiled binary)", () => {
  let run: Awaited<ReturnType<typeof fxperf>>;
  beforeAll(async () => {
    run = await fxperf([
      "ab",
      "--base",
      "HEAD~1",
      "--grep",
      "/mixed|steady/",
      ...QUICK,
      "--reporter",
      "json=ab.json",
      "--reporter",
      "markdown=ab.md",
    ]);
  });

  test("the regressed spec's first row is slowPath at its TypeScript line: console, Markdown and JSON", () => {
    expect(run.exitCode, log(run)).toBe(1);
    expect(run.stdout).toMatch(/regressed\s+work > mixed/);
    const console = run.stdout.split("\n");
    const at = console.findIndex((line) => line.includes("work > mixed: what changed in the CPU profile"));
    expect(at, log(run)).toBeGreaterThan(0);
    expect(console[at + 1]).toMatch(/CHANGE\s+BASE\s+HEAD\s+FUNCTION\s+WHERE/);
    expect(console[at + 2]).toMatch(new RegExp(`\\+\\d+\\.\\d pts .*slowPath\\s+src/work\\.ts:${SLOW_PATH_LINE}$`));

    const markdown = readFileSync(join(repo, "ab.md"), "utf8");
    expect(markdown).toContain("<details><summary>CPU profile of work &gt; mixed: what changed</summary>");
    const firstRow = markdown.split("\n").find((line) => /^\| [+-]\d/.test(line));
    expect(firstRow).toMatch(new RegExp(`\\| slowPath \\| src/work\\.ts:${SLOW_PATH_LINE} \\|$`));

    const report = JSON.parse(readFileSync(join(repo, "ab.json"), "utf8"));
    expect(abReportSchemaErrors(report)).toEqual([]);
    const mixed = specOf("ab.json", "work > mixed");
    expect(mixed.profile!.kind).toBe("change");
    expect(mixed.profile!.rows[0]).toMatchObject({ name: "slowPath", location: `src/work.ts:${SLOW_PATH_LINE}` });
    expect(mixed.profile!.rows[0]!.changePoints!).toBeGreaterThan(5);
  });

  test("each side's .cpuprofile is valid, with at least 1,000 samples; the unchanged spec has none", () => {
    const mixed = specOf("ab.json", "work > mixed");
    for (const file of [mixed.profile!.files.base!, mixed.profile!.files.head]) {
      expect(file).toStartWith("fxperf-profiles/");
      expect(checkProfile(file)).toBeGreaterThanOrEqual(1000);
    }
    expect(mixed.profile!.samples.head).toBeGreaterThanOrEqual(1000);
    // Unchanged code: unchanged, or undecided at 2% on a busy machine; either way not profiled.
    expect(["unchanged", "undecided"]).toContain(specOf("ab.json", "work > steady").status);
    expect(specOf("ab.json", "work > steady").profile).toBeNull();
    expect(readdirSync(join(repo, "fxperf-profiles")).filter((f) => f.includes("steady"))).toEqual([]);
  });

  test("--cpu-profile profiles every spec; --no-cpu-profile none", async () => {
    const all = await fxperf([
      "ab",
      "--base",
      "HEAD~1",
      "--grep",
      "steady",
      ...QUICK,
      "--cpu-profile",
      "--reporter",
      "json=all.json",
    ]);
    expect(all.exitCode, log(all)).toBe(0);
    const steady = specOf("all.json", "work > steady");
    expect(steady.profile?.kind).toBe("change");
    expect(checkProfile(steady.profile!.files.head)).toBeGreaterThanOrEqual(1000);
    const none = await fxperf([
      "ab",
      "--base",
      "HEAD~1",
      "--grep",
      "mixed",
      ...QUICK,
      "--no-cpu-profile",
      "--reporter",
      "json=none.json",
    ]);
    expect(none.exitCode, log(none)).toBe(1);
    expect(specOf("none.json", "work > mixed").profile).toBeNull();
  });

  test("a --cpu-profile-dir that cannot be written exits 6 before anything is measured, naming it", async () => {
    writeFileSync(join(repo, "a-file"), "");
    const bad = await fxperf(["ab", "--base", "HEAD~1", ...QUICK, "--cpu-profile-dir", "a-file/profiles"]);
    expect(bad.exitCode, log(bad)).toBe(6);
    expect(bad.stderr).toContain('Option "--cpu-profile-dir" is "');
    expect(bad.stderr).toContain("a-file/profiles");
    expect(bad.stderr).not.toMatch(/\[1\/\d\]/);
    const run = await fxperf(["run", "spec", "--grep", "steady", "--cpu-profile-dir", "a-file/profiles"]);
    expect(run.exitCode, log(run)).toBe(6);
  });
});

describe("fxperf run and fxperf profile (compiled binary)", () => {
  test("run profiles a failing spec and shows where its time goes", async () => {
    const run = await fxperf(["run", "spec", "--grep", "over budget", "--reporter", "json=run.json"]);
    expect(run.exitCode, log(run)).toBe(1);
    expect(run.stdout).toContain("work > over budget: where the time goes (CPU profile of the head");
    const report = JSON.parse(readFileSync(join(repo, "run.json"), "utf8"));
    expect(reportSchemaErrors(report)).toEqual([]);
    const spec = specOf("run.json", "work > over budget");
    expect(spec.profile!.kind).toBe("top");
    expect(spec.profile!.rows.map((r) => r.name)).toContain("slowPath");
    expect(checkProfile(spec.profile!.files.head)).toBeGreaterThanOrEqual(1000);
  });

  test("fxperf profile <id> writes the spec's profile and prints its top functions", async () => {
    const run = await fxperf(["profile", "work > mixed", "--cpu-profile-dir", "on-demand"]);
    expect(run.exitCode, log(run)).toBe(0);
    expect(run.stdout).toContain("work > mixed: where the time goes");
    expect(run.stdout).toMatch(new RegExp(`slowPath\\s+src/work\\.ts:${SLOW_PATH_LINE}`));
    const files = readdirSync(join(repo, "on-demand"));
    expect(files).toHaveLength(1);
    expect(checkProfile(join("on-demand", files[0]!))).toBeGreaterThanOrEqual(1000);
  });

  test("fxperf profile with an id that matches nothing exits 2 and lists near matches", async () => {
    const run = await fxperf(["profile", "work > mixd", "--cpu-profile-dir", "never"]);
    expect(run.exitCode, log(run)).toBe(2);
    expect(run.stderr).toContain('No spec has the id "work > mixd"; near matches:');
    expect(run.stderr).toContain("  work > mixed");
    // Refused before anything was profiled: the directory was never made.
    expect(existsSync(join(repo, "never"))).toBe(false);
  });
});
