/**
 * Sharding through the compiled binary alone in an empty directory: three shards of a 12-spec suite
 * cover it exactly once, `.args()` groups and `fasterThan` pairs stay whole, `fxperf merge` writes
 * the reports of the whole suite with the unsharded exit code, a missing shard is not green, bad
 * `--shard` values exit 2, sharded calibration merges into the profile an unsharded one writes,
 * and sharded `ab` merges into one Markdown comment. Verdicts asserted rest on a 1 ns budget, so
 * they hold on a busy machine.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildBinary, ROOT, runProcess } from "../cli-harness.ts";
import { reportSchemaErrors } from "../report-schema.ts";

setDefaultTimeout(240_000);

let work: string;
let binary: string;

/** Twelve specs: six plain (one over a 1 ns budget, so it fails), a 4-value .args() group, a fasterThan pair. */
const SUITE = `import { describePerf, itPerf } from "fxperf";
const work = (n: number) => () => { let x = 0; for (let i = 0; i < n; i++) x += Math.sqrt(i); return x; };
describePerf("suite", () => {
  for (let i = 1; i <= 5; i++) itPerf(\`plain \${i}\`, work(200 * i));
  itPerf("over budget", work(2000)).expect({ p50: "1ns" });
  itPerf("sized", ({ n }) => work(n)()).args({ n: [250, 1000, 4000, 16000] });
  itPerf("fast", work(100)).expect({ fasterThan: "slow" });
  itPerf("slow", work(1000));
});
`;
const IDS = [
  "suite > plain 1",
  "suite > plain 2",
  "suite > plain 3",
  "suite > plain 4",
  "suite > plain 5",
  "suite > over budget",
  "suite > sized [n=250]",
  "suite > sized [n=1000]",
  "suite > sized [n=4000]",
  "suite > sized [n=16000]",
  "suite > fast",
  "suite > slow",
];
const QUICK = ["--forks", "2", "--max-time", "1s"];

const fxperf = (args: string[], cwd = work, env: Record<string, string> = {}) =>
  runProcess([binary, ...args], cwd, { PATH: "/usr/bin:/bin", HOME: join(work, "home"), NO_COLOR: "1", ...env });
const log = (run: { exitCode: number; stdout: string; stderr: string }) =>
  `exit ${run.exitCode}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;
const json = (file: string) => JSON.parse(readFileSync(join(work, file), "utf8"));

interface ShardJson {
  shard: { index: number; total: number; planned: { id: string; shard: number }[] } | null;
  specs: { id: string; status: string; elapsedNs?: number }[];
  counts: Record<string, number>;
}

beforeAll(async () => {
  await buildBinary();
  work = mkdtempSync(join(tmpdir(), "fxperf-shard-"));
  mkdirSync(join(work, "home"));
  mkdirSync(join(work, "spec"));
  binary = join(work, "fxperf");
  cpSync(join(ROOT, "dist", "fxperf"), binary);
  writeFileSync(join(work, "spec", "suite.perf.ts"), SUITE);
}, 120_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("fxperf run --shard and fxperf merge (compiled binary)", () => {
  const shards: ShardJson[] = [];
  const exits: number[] = [];

  beforeAll(async () => {
    for (const index of [1, 2, 3]) {
      const run = await fxperf(["run", "spec", "--shard", `${index}/3`, ...QUICK, "--reporter", `json=r${index}.json`]);
      expect([0, 1], log(run)).toContain(run.exitCode);
      expect(run.stderr).toContain(`Shard ${index}/3:`);
      exits.push(run.exitCode);
      shards.push(json(`r${index}.json`));
    }
  });

  test("three shards cover the 12 specs exactly once each, and each report records the whole plan", () => {
    const measured = shards.flatMap((s) => s.specs.map((spec) => spec.id)).filter((id) => IDS.includes(id));
    expect(measured.sort()).toEqual([...IDS].sort());
    for (const [i, report] of shards.entries()) {
      expect(reportSchemaErrors(report)).toEqual([]);
      expect(report.shard).toMatchObject({ index: i + 1, total: 3 });
      expect(report.shard!.planned.map((p) => p.id)).toEqual(IDS);
      const mine = report.shard!.planned.filter((p) => p.shard === i + 1).map((p) => p.id);
      expect(report.specs.map((s) => s.id).filter((id) => IDS.includes(id))).toEqual(mine);
    }
    // Each spec's own time is in the report (what --shard-timings balances by).
    expect(shards[0]!.specs.every((s) => s.elapsedNs === undefined || s.elapsedNs > 0)).toBe(true);
    expect(
      shards
        .flatMap((s) => s.specs)
        .filter((s) => IDS.includes(s.id))
        .every((s) => (s.elapsedNs ?? 0) > 0),
    ).toBe(true);
  });

  test("an .args() group and a fasterThan pair are never split, whatever the number of shards", async () => {
    for (const total of [2, 3, 5, 7]) {
      const lists: string[] = [];
      for (let index = 1; index <= total; index++) {
        const run = await fxperf(["run", "spec", "--list", "--shard", `${index}/${total}`]);
        expect(run.exitCode, log(run)).toBe(0);
        lists.push(run.stdout);
      }
      const holders = (id: string) =>
        lists.filter((list) => list.split("\n").some((line) => line.startsWith(`${id} `) || line === id)).length;
      const shardOf = (id: string) =>
        lists.findIndex((list) => list.split("\n").some((line) => line.startsWith(`${id}  `)));
      for (const id of IDS) expect(holders(id), `${id} in ${total} shards`).toBe(1);
      expect(new Set(IDS.filter((id) => id.includes("sized")).map(shardOf)).size).toBe(1);
      expect(shardOf("suite > fast")).toBe(shardOf("suite > slow"));
    }
  });

  test("merge writes every report of the whole suite and exits as the unsharded run would (1: a spec failed)", async () => {
    // The shard holding the spec over its 1 ns budget failed; the others passed.
    expect(exits.filter((code) => code === 1)).toHaveLength(1);
    const files = readdirSync(work).filter((f) => /^fxperf-shard-\d-of-3\.json$/.test(f));
    expect(files.sort()).toEqual(["fxperf-shard-1-of-3.json", "fxperf-shard-2-of-3.json", "fxperf-shard-3-of-3.json"]);
    const run = await fxperf(
      [
        "merge",
        ...files,
        "--reporter",
        "json=merged.json",
        "--reporter",
        "junit=merged.xml",
        "--reporter",
        "markdown=merged.md",
        "--reporter",
        "html=merged.html",
      ],
      work,
      { GITHUB_STEP_SUMMARY: join(work, "step-summary.md") },
    );
    expect(run.exitCode, log(run)).toBe(1);
    // The job summary gets the merged Markdown too.
    expect(readFileSync(join(work, "step-summary.md"), "utf8")).toContain("over budget");
    expect(run.stdout).toContain("Performance Summary");
    expect(run.stdout).toMatch(/FAIL\s+suite > over budget/);
    const merged = json("merged.json") as ShardJson;
    expect(reportSchemaErrors(merged)).toEqual([]);
    expect(merged.shard).toBeNull();
    expect(merged.specs.map((s) => s.id).filter((id) => IDS.includes(id))).toEqual(IDS);
    expect(merged.counts.FAIL).toBe(1);
    expect(readFileSync(join(work, "merged.xml"), "utf8").match(/<testcase /g)!.length).toBeGreaterThanOrEqual(12);
    expect(readFileSync(join(work, "merged.md"), "utf8")).toContain("over budget");
    expect(readFileSync(join(work, "merged.html"), "utf8")).toContain("suite &gt; fast");
  });

  test("merging without one shard is not green: the summary names the shard and its specs", async () => {
    const missing = shards.findIndex((s) => !s.specs.some((spec) => spec.id === "suite > over budget"));
    const given = [1, 2, 3].filter((i) => i !== missing + 1).map((i) => `fxperf-shard-${i}-of-3.json`);
    const run = await fxperf(["merge", ...given, "--reporter", "json=partial.json"]);
    expect(run.exitCode, log(run)).not.toBe(0);
    expect(run.stderr).toContain(`shard ${missing + 1}/3 did not report`);
    expect(run.stdout).toContain("its shard did not report");
    const partial = json("partial.json") as ShardJson;
    const lost = shards[missing]!.shard!.planned.filter((p) => p.shard === missing + 1).map((p) => p.id);
    expect(partial.specs.filter((s) => s.status === "ERROR").map((s) => s.id)).toEqual(lost);
  });

  test("bad --shard values and files that cannot be merged exit 2, naming the flag or the file", async () => {
    for (const value of ["0/3", "4/3", "a/b", "1/0"]) {
      const run = await fxperf(["run", "spec", "--shard", value]);
      expect(run.exitCode, log(run)).toBe(2);
      expect(run.stderr).toContain(`Option "--shard" is "${value}"`);
    }
    const bare = await fxperf(["run", "spec", "--shard"]);
    expect(bare.exitCode).toBe(2);
    expect(bare.stderr).toContain('Option "--shard" needs a value');
    const auto = await fxperf(["run", "spec", "--shard", "auto"]);
    expect(auto.exitCode).toBe(2);
    expect(auto.stderr).toContain("CI_NODE_INDEX/CI_NODE_TOTAL");
    writeFileSync(join(work, "cut.json"), readFileSync(join(work, "fxperf-shard-1-of-3.json"), "utf8").slice(0, 500));
    const cut = await fxperf(["merge", "cut.json", "fxperf-shard-2-of-3.json"]);
    expect(cut.exitCode).toBe(2);
    expect(cut.stderr).toContain('Cannot read shard file "cut.json": not valid JSON');
    const report = await fxperf(["merge", "r1.json"]);
    expect(report.exitCode).toBe(2);
    expect(report.stderr).toContain('Cannot merge "r1.json": it is a JSON report, not a shard file');
    const twice = await fxperf(["merge", "fxperf-shard-1-of-3.json", "fxperf-shard-1-of-3.json"]);
    expect(twice.exitCode).toBe(2);
    expect(twice.stderr).toContain("Shard 1/3 was given twice");
  });

  test("--shard auto reads GitLab's job matrix; --shard-timings balances by a report's times", async () => {
    const auto = await fxperf(["run", "spec", "--list", "--shard", "auto"], work, {
      CI_NODE_INDEX: "2",
      CI_NODE_TOTAL: "3",
    });
    expect(auto.exitCode, log(auto)).toBe(0);
    expect(auto.stderr).toContain("Shard 2/3:");
    const merged = await fxperf(["run", "spec", "--list", "--shard", "1/2", "--shard-timings", "merged.json"]);
    expect(merged.exitCode, log(merged)).toBe(0);
    expect(merged.stderr).toContain('balanced by time (12 of 12 specs timed in "merged.json")');
  });
});

describe("fxperf calibrate --shard and fxperf merge --profile (compiled binary)", () => {
  test("the merged profile has what an unsharded calibration writes, apart from the measured figures", async () => {
    const codes: number[] = [];
    for (const index of [1, 2]) {
      const run = await fxperf(["calibrate", "spec", "--shard", `${index}/2`, "--out", `cal${index}`, "--forks", "1"]);
      expect([0, 1], log(run)).toContain(run.exitCode);
      codes.push(run.exitCode);
    }
    // The spec over its 1 ns budget fails (and is not recorded) in whichever shard has it.
    expect(codes.sort()).toEqual([0, 1]);
    const whole = await fxperf(["calibrate", "spec", "--out", "whole", "--forks", "1"]);
    expect(whole.exitCode, log(whole)).toBe(1);
    const one = (dir: string) => join(dir, readdirSync(join(work, dir))[0]!);
    const run = await fxperf(["merge", "--profile", one("cal1"), one("cal2"), "--out", "merged-profile"]);
    expect(run.exitCode, log(run)).toBe(0);
    const merged = json(one("merged-profile"));
    const unsharded = json(one("whole"));
    const shape = (profile: Record<string, unknown> & { baselines: Record<string, object> }) => ({
      keys: Object.keys(profile).sort(),
      baselines: Object.fromEntries(Object.entries(profile.baselines).map(([id, b]) => [id, Object.keys(b).sort()])),
    });
    expect(shape(merged)).toEqual(shape(unsharded));
    expect(merged.fingerprint).toEqual(unsharded.fingerprint);
    expect(merged.tolerance).toBe(unsharded.tolerance);
    expect(Object.keys(merged.baselines).sort()).toEqual(IDS.filter((id) => id !== "suite > over budget").sort());
    // Merging again over the result is refused unless --overwrite.
    const again = await fxperf(["merge", "--profile", one("cal1"), one("cal2"), "--out", "merged-profile"]);
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toContain("already exists");
    const both = await fxperf(["merge", "--profile", one("cal1"), one("cal1"), "--out", "twice"]);
    expect(both.exitCode).toBe(2);
    expect(both.stderr).toContain("was calibrated in two shards");
  });
});

describe("fxperf ab --shard and fxperf merge (compiled binary, a real git repository)", () => {
  test("two shards of a comparison merge into one Markdown comment with every spec once", async () => {
    const repo = join(work, "repo");
    mkdirSync(join(repo, "spec"), { recursive: true });
    writeFileSync(join(repo, "spec", "suite.perf.ts"), SUITE);
    const git = (...args: string[]) =>
      runProcess(["git", "-c", "user.name=t", "-c", "user.email=t@localhost", ...args], repo, {
        PATH: "/usr/bin:/bin",
      });
    await git("init", "-q");
    await git("add", "-A");
    await git("commit", "-qm", "base");
    // The head does twice the work in "plain 2".
    writeFileSync(join(repo, "spec", "suite.perf.ts"), SUITE.replace("work(200 * i)", "work(i === 2 ? 800 : 200 * i)"));
    await git("commit", "-qam", "head");
    const plain = IDS.filter((id) => id.includes("plain"));
    const codes = [];
    for (const index of [1, 2]) {
      const run = await fxperf(
        [
          "ab",
          "--base",
          "HEAD~1",
          "spec",
          "--grep",
          "plain",
          "--shard",
          `${index}/2`,
          "--forks",
          "3",
          "--max-time",
          "3s",
          "--tolerance",
          "25%",
        ],
        repo,
      );
      expect([0, 1], log(run)).toContain(run.exitCode);
      codes.push(run.exitCode);
    }
    expect(codes.filter((code) => code === 1)).toHaveLength(1);
    expect(existsSync(join(repo, "fxperf-ab-shard-1-of-2.json"))).toBe(true);
    const run = await fxperf(
      [
        "merge",
        "fxperf-ab-shard-1-of-2.json",
        "fxperf-ab-shard-2-of-2.json",
        "--reporter",
        "markdown=comment.md",
        "--reporter",
        "json",
      ],
      repo,
    );
    expect(run.exitCode, log(run)).toBe(1);
    const comment = readFileSync(join(repo, "comment.md"), "utf8");
    expect(comment.match(/\*\*Performance/g)).toHaveLength(1);
    // One table: a row per spec, once.
    for (const id of plain) {
      const rows = comment.split("\n").filter((line) => line.startsWith(`| ${id.replace(">", "&gt;")} |`));
      expect(rows, id).toHaveLength(1);
    }
    expect(comment).toMatch(/suite &gt; plain 2 \|.*regressed/);
    // The merged JSON is ab's document, in ab's default file.
    const report = JSON.parse(readFileSync(join(repo, "fxperf-ab.json"), "utf8"));
    expect(report.kind).toBe("fxperf-ab-report");
    expect(report.specs.map((s: { id: string }) => s.id)).toEqual(plain);
  });
});
