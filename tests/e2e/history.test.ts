/**
 * The performance history through the compiled binary alone: runs recorded in SQLite and in a real
 * PostgreSQL server, a 2.5x step found as one change point at the run that brought it (its commit
 * named) and none on the spec beside it, two writers at once losing nothing, and every bad store
 * refused with its name (never its password). The step is found with --min-change 10%: processes on
 * this 2-vCPU VM drift up to ±5% together between runs (docs/benchmarks.md §7.5), which the 2%
 * default would call steps on a busy machine.
 */
import { Database } from "bun:sqlite";
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildBinary, ROOT, runProcess } from "../cli-harness.ts";
import { startPostgres } from "../postgres-harness.ts";

setDefaultTimeout(300_000);

const SPEC = `import { describePerf, itPerf } from "fxperf";
const trips = Number(process.env.TRIPS ?? "2000");
const loop = (n: number) => { let x = 0; for (let i = 0; i < n; i++) x += Math.sqrt(i); return x; };
describePerf("h", () => {
  itPerf("changing", () => loop(trips));
  itPerf("steady", () => loop(2000));
});
`;

let root: string;
let binary: string;

const env = (extra: Record<string, string> = {}) => ({
  PATH: "/usr/bin:/bin",
  HOME: join(root, "home"),
  NO_COLOR: "1",
  ...extra,
});
const log = (run: { exitCode: number; stdout: string; stderr: string }) =>
  `exit ${run.exitCode}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;

/** A git repository holding the spec, in a directory of its own. */
async function repo(name: string): Promise<{ dir: string; commit(message: string): Promise<string> }> {
  const dir = join(root, name);
  mkdirSync(join(dir, "spec"), { recursive: true });
  writeFileSync(join(dir, "spec", "h.perf.ts"), SPEC);
  const git = (...args: string[]) =>
    runProcess(["git", "-c", "user.name=t", "-c", "user.email=t@localhost", ...args], dir, { PATH: "/usr/bin:/bin" });
  await git("init", "-q", "-b", "main");
  return {
    dir,
    async commit(message) {
      writeFileSync(join(dir, "n.txt"), message);
      await git("add", "-A");
      await git("commit", "-qm", message);
      return (await git("rev-parse", "HEAD")).stdout.trim();
    },
  };
}

/**
 * 8 runs, then 8 with "h > changing" doing 2.5x the work, each on a commit of its own; returns the
 * commits. A step that large stays clear of a busy machine's drift over 16 runs.
 */
async function sixteenRuns(r: Awaited<ReturnType<typeof repo>>, history: string): Promise<string[]> {
  const commits: string[] = [];
  for (let i = 1; i <= 16; i++) {
    commits.push(await r.commit(`run ${i}`));
    const trips = i <= 8 ? "2000" : "5000";
    const run = await runProcess(
      [binary, "run", "spec", "--forks", "2", `--history=${history}`],
      r.dir,
      env({ TRIPS: trips }),
    );
    expect(run.exitCode, log(run)).toBe(0);
    expect(run.stderr).toContain("Recorded in the history");
  }
  return commits;
}

interface HistoryJson {
  specs: {
    id: string;
    runs: { commit: string; valueNs: number }[];
    changePoints: { commit: string; runIndex: number; changePercent: number; before: number; after: number }[];
  }[];
}

/** `fxperf history` as JSON, with the step threshold the test uses. */
async function historyOf(dir: string, target: string): Promise<HistoryJson> {
  const run = await runProcess(
    [binary, "history", `--history=${target}`, "--min-change", "25%", "--reporter", "json=history.json"],
    dir,
    env(),
  );
  expect(run.exitCode, log(run)).toBe(0);
  return JSON.parse(readFileSync(join(dir, "history.json"), "utf8"));
}

function expectOneStepAtRun9(history: HistoryJson, commits: string[]) {
  const changing = history.specs.find((s) => s.id === "h > changing")!;
  const steady = history.specs.find((s) => s.id === "h > steady")!;
  expect(changing.runs).toHaveLength(16);
  expect(changing.changePoints).toHaveLength(1);
  expect(changing.changePoints[0]).toMatchObject({ runIndex: 8, commit: commits[8] });
  expect(changing.changePoints[0]!.changePercent).toBeGreaterThan(25);
  expect(steady.runs).toHaveLength(16);
  expect(steady.changePoints).toEqual([]);
}

beforeAll(async () => {
  await buildBinary();
  root = mkdtempSync(join(tmpdir(), "fxperf-history-"));
  mkdirSync(join(root, "home"));
  binary = join(root, "fxperf");
  cpSync(join(ROOT, "dist", "fxperf"), binary);
}, 120_000);

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe("fxperf history (compiled binary)", () => {
  test("SQLite: a 2.5x step is one change point at run 9, naming its commit; the spec beside it has none", async () => {
    const r = await repo("sqlite");
    const commits = await sixteenRuns(r, ".fxperf/history.sqlite");
    expectOneStepAtRun9(await historyOf(r.dir, ".fxperf/history.sqlite"), commits);
    const console = await runProcess(
      [binary, "history", "--min-change", "10%", "--reporter", "html", "--reporter", "markdown"],
      r.dir,
      env(),
    );
    expect(console.exitCode, log(console)).toBe(0);
    expect(console.stdout).toContain(`slower at run 9, commit ${commits[8]!.slice(0, 10)}`);
    expect(console.stdout).toMatch(/h > steady\s+\S{16}\s+last .*no change point/);
    expect(readFileSync(join(r.dir, "fxperf-history.html"), "utf8")).toContain(`commit ${commits[8]}`);
    expect(readFileSync(join(r.dir, "fxperf-history.md"), "utf8")).toContain(`| h &gt; changing | 16 |`);
  });

  test("PostgreSQL: the same, recorded in a real server; the password never shows", async () => {
    const pg = await startPostgres();
    try {
      const r = await repo("postgres");
      const commits = await sixteenRuns(r, pg.url);
      expectOneStepAtRun9(await historyOf(r.dir, pg.url), commits);
      const run = await runProcess([binary, "run", "spec", "--forks", "1", `--history=${pg.url}`], r.dir, env());
      expect(run.stderr).toContain("postgres://postgres:***@127.0.0.1:");
      expect(`${run.stdout}${run.stderr}`).not.toContain("secret-pass");
    } finally {
      pg.stop();
    }
  });

  test("two writers at once record 20 runs each into one SQLite file, and none is lost", async () => {
    const r = await repo("concurrent");
    await r.commit("one commit");
    const writer = async () => {
      for (let i = 0; i < 20; i++) {
        const run = await runProcess(
          [binary, "run", "spec", "--grep", "steady", "--forks", "1", "--history=shared.sqlite"],
          r.dir,
          env(),
        );
        expect(run.exitCode, log(run)).toBe(0);
        // A write that gave up waiting for the other writer would be a warning, and a lost run.
        expect(run.stderr, log(run)).toContain("Recorded in the history");
      }
    };
    await Promise.all([writer(), writer()]);
    const db = new Database(join(r.dir, "shared.sqlite"), { readonly: true });
    try {
      expect(db.query("SELECT count(*) AS n FROM fxperf_runs").get()).toEqual({ n: 40 });
      expect(db.query("SELECT count(*) AS n FROM fxperf_results").get()).toEqual({ n: 40 });
    } finally {
      db.close();
    }
  });

  test("bad stores are named and refused; a failed record is a warning unless --history-required", async () => {
    const r = await repo("bad");
    await r.commit("c");
    const run = (...args: string[]) =>
      runProcess([binary, "run", "spec", "--grep", "steady", "--forks", "1", ...args], r.dir, env());
    writeFileSync(join(r.dir, "corrupt.sqlite"), "this is not a database, it is text".repeat(50));
    const warned = await run("--history=corrupt.sqlite", "--reporter", "json=report.json");
    expect(warned.exitCode, log(warned)).toBe(0);
    expect(warned.stderr).toContain(`warning: Cannot use the history "${join(r.dir, "corrupt.sqlite")}"`);
    expect(JSON.parse(readFileSync(join(r.dir, "report.json"), "utf8")).specs).toHaveLength(1);
    const required = await run("--history=corrupt.sqlite", "--history-required");
    expect(required.exitCode, log(required)).toBe(3);
    expect(required.stderr).not.toMatch(/\[1\/1\]/); // refused before anything was measured

    const foreign = new Database(join(r.dir, "foreign.sqlite"));
    foreign.run("CREATE TABLE invoices (id INTEGER)");
    foreign.close();
    const other = await run("--history=foreign.sqlite", "--history-required");
    expect(other.exitCode).toBe(3);
    expect(other.stderr).toContain("it is a SQLite database of something else (tables invoices)");

    const newer = await run("--history=newer.sqlite");
    expect(newer.exitCode, log(newer)).toBe(0);
    const db = new Database(join(r.dir, "newer.sqlite"));
    db.run("UPDATE fxperf_schema SET version = 99");
    db.close();
    const refused = await run("--history=newer.sqlite", "--history-required");
    expect(refused.exitCode).toBe(3);
    expect(refused.stderr).toContain("its schema is version 99, newer than this fxperf's (1)");

    const unreachable = await run("--history=postgres://perf:hunter2@127.0.0.1:1/perf", "--history-required");
    expect(unreachable.exitCode).toBe(3);
    expect(unreachable.stderr).toContain('Cannot use the history "postgres://perf:***@127.0.0.1:1/perf"');
    expect(unreachable.stderr).not.toContain("hunter2");

    // Reading a store that is not there says so, and creates nothing.
    const missing = await runProcess([binary, "history", "--history=absent.sqlite"], r.dir, env());
    expect(missing.exitCode, log(missing)).toBe(3);
    expect(missing.stderr).toContain(`No history at "${join(r.dir, "absent.sqlite")}": nothing was recorded there`);
    expect(existsSync(join(r.dir, "absent.sqlite"))).toBe(false);

    const path = await runProcess([binary, "run", "--history", "spec/"], r.dir, env());
    expect(path.exitCode).toBe(2);
    expect(path.stderr).toContain('Option "--history" is "spec/": expected a SQLite file');
  });

  test("--baseline history compares with main's recorded runs: the slowed spec fails, the other does not", async () => {
    const r = await repo("baseline");
    for (let i = 1; i <= 6; i++) {
      await r.commit(`run ${i}`);
      const run = await runProcess([binary, "run", "spec", "--forks", "2", "--history"], r.dir, env({ TRIPS: "2000" }));
      expect(run.exitCode, log(run)).toBe(0);
    }
    const slowed = await runProcess(
      // 2.5x the work against a 40% tolerance: the verdicts hold through a busy machine's drift.
      [binary, "run", "spec", "--baseline", "history:6", "--tolerance", "40%", "--reporter", "json=b.json"],
      r.dir,
      env({ TRIPS: "5000" }),
    );
    expect(slowed.exitCode, log(slowed)).toBe(1);
    expect(slowed.stdout).toContain("Baselines from the history: 2 of 2 specs recorded on main for this machine");
    const specs = JSON.parse(readFileSync(join(r.dir, "b.json"), "utf8")).specs as {
      id: string;
      status: string;
      baseline: { source: { kind: string } } | null;
    }[];
    expect(specs.find((s) => s.id === "h > changing")).toMatchObject({
      status: "FAIL",
      baseline: { source: { kind: "history" } },
    });
    expect(specs.find((s) => s.id === "h > steady")!.status).not.toBe("FAIL");
    const bad = await runProcess([binary, "run", "spec", "--baseline", "yesterday"], r.dir, env());
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('Option "--baseline" is "yesterday": expected "history" or "history:<n>"');
  });

  test("ab records its comparison: each spec's head figure and its change", async () => {
    const r = await repo("ab");
    await r.commit("base");
    await r.commit("head");
    const run = await runProcess(
      [binary, "ab", "--base", "HEAD~1", "--forks", "2", "--max-time", "2s", "--history=ab.sqlite"],
      r.dir,
      env(),
    );
    expect([0, 1], log(run)).toContain(run.exitCode);
    const db = new Database(join(r.dir, "ab.sqlite"), { readonly: true });
    try {
      expect(db.query("SELECT command, base_commit IS NOT NULL AS based FROM fxperf_runs").all()).toEqual([
        { command: "ab", based: 1 },
      ]);
      const rows = db.query("SELECT spec_id, ratio FROM fxperf_results ORDER BY spec_id").all() as {
        spec_id: string;
        ratio: number;
      }[];
      expect(rows.map((row) => row.spec_id)).toEqual(["h > changing", "h > steady"]);
      for (const row of rows) expect(row.ratio).toBeGreaterThan(0.5);
    } finally {
      db.close();
    }
  });
});
