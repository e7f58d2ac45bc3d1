/** Reports through the real CLI: JSON (validated against docs/report.schema.json), JUnit, Markdown, custom modules, compare. */
import { afterAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, runFxperf, SPECS } from "../cli-harness.ts";
import { reportSchemaErrors } from "../report-schema.ts";

// These tests run real processes; Bun applies a preloaded default timeout to the first file only.
setDefaultTimeout(60_000);

const scratch = mkdtempSync(join(tmpdir(), "fxperf-reports-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const out = (name: string) => join(scratch, name);
const readJson = (name: string) => JSON.parse(readFileSync(out(name), "utf8"));

describe("reports", () => {
  test("json, junit and markdown files from one run; the JSON is valid against the published schema", async () => {
    const run = await runFxperf([
      "run",
      join(SPECS, "failing"),
      "--reporter",
      `json=${out("failing.json")}`,
      "--reporter",
      `junit=${out("failing.xml")}`,
      "--reporter",
      `markdown=${out("failing.md")}`,
    ]);
    expect(run.exitCode).toBe(1);
    // The console says where the reports went (issue 23).
    expect(run.stderr).toContain(`Reports: ${out("failing.json")}, ${out("failing.xml")}, ${out("failing.md")}`);
    const report = readJson("failing.json");
    expect(reportSchemaErrors(report)).toEqual([]);
    expect(report.counts).toMatchObject({ PASS: 1, FAIL: 1 });
    expect(report.specs[0]).toMatchObject({
      id: "budget > busy loop over budget",
      status: "FAIL",
      limits: [{ metric: "p50", bound: 1, passed: false }],
    });
    expect(report.git.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(readFileSync(out("failing.xml"), "utf8")).toContain('<failure message="p50 ');
    expect(readFileSync(out("failing.md"), "utf8")).toContain("## ❌ Performance Summary");
  });

  test("reports of hooks, errors, skips and load specs are valid too", async () => {
    for (const [name, args] of [
      ["hooks", ["run", join(SPECS, "hooks")]],
      ["throwing", ["run", join(SPECS, "throwing")]],
      ["tagged", ["run", join(SPECS, "tagged"), "--heap"]],
      ["load", ["run", join(SPECS, "load"), "--grep", "/^http > (GET /|404s|refused)$/"]],
    ] as const) {
      await runFxperf([...args, "--reporter", `json=${out(`${name}.json`)}`]);
      expect({ name, errors: reportSchemaErrors(readJson(`${name}.json`)) }).toEqual({ name, errors: [] });
    }
    const load = readJson("load.json");
    const refused = load.specs.find((s: { id: string }) => s.id === "http > refused");
    expect(refused.error.message).toContain("Connection refused");
    const notFound = load.specs.find((s: { id: string }) => s.id === "http > 404s");
    expect(notFound.load.median.errorRate).toBe(1);
    expect(notFound.limits[0]).toMatchObject({
      metric: "errorRate",
      unit: "fraction",
      direction: "max",
      passed: false,
    });
  });

  test("json=- puts the report alone on stdout and the summary on stderr; --perf-report is an alias", async () => {
    const run = await runFxperf(["run", join(SPECS, "tagged"), "--grep", "top level", "--reporter", "json=-"]);
    expect(JSON.parse(run.stdout).specs[0].id).toBe("top level");
    expect(run.stderr).toContain("Performance Summary");
    await runFxperf([
      "run",
      join(SPECS, "tagged"),
      "--grep",
      "top level",
      "--perf-report",
      `json=${out("alias.json")}`,
    ]);
    expect(readJson("alias.json").specs).toHaveLength(1);
  });

  test("GITHUB_STEP_SUMMARY gets the Markdown summary appended", async () => {
    const summary = out("step-summary.md");
    writeFileSync(summary, "# earlier step\n");
    await runFxperf(["run", join(SPECS, "tagged"), "--grep", "top level"], { GITHUB_STEP_SUMMARY: summary });
    const text = readFileSync(summary, "utf8");
    expect(text).toStartWith("# earlier step\n## ✅ Performance Summary");
  });

  test("a custom reporter module gets the hooks and writes through its context", async () => {
    const run = await runFxperf([
      "run",
      join(SPECS, "tagged"),
      "--grep",
      "parser > json",
      "--reporter",
      `${join(ROOT, "tests", "fixtures", "reporters", "count-reporter.ts")}=${out("custom.txt")}`,
    ]);
    expect(run.exitCode).toBe(0);
    expect(readFileSync(out("custom.txt"), "utf8")).toBe("custom reporter saw 1 specs:\nPASS parser > json\n");
  });

  test("a report path that is not a regular file is written through or refused, never replaced", async () => {
    const jsonTo = (path: string) =>
      runFxperf(["run", join(SPECS, "passing"), "--forks", "1", "--reporter", `json=${path}`]);
    // A device is written through: /dev/full fails the write (exit 6) and stays a device.
    const full = await jsonTo("/dev/full");
    expect(full.exitCode, full.stderr).toBe(6);
    expect(full.stderr).toContain('Cannot write report "/dev/full"');
    expect(statSync("/dev/full").isCharacterDevice()).toBe(true);
    const devnull = await jsonTo("/dev/null");
    expect(devnull.exitCode, devnull.stderr).toBe(0);
    expect(statSync("/dev/null").isCharacterDevice()).toBe(true);
    // A symbolic link stays a link; the file it names gets the report.
    writeFileSync(out("real.json"), "old");
    symlinkSync(out("real.json"), out("link.json"));
    const linked = await jsonTo(out("link.json"));
    expect(linked.exitCode, linked.stderr).toBe(0);
    expect(lstatSync(out("link.json")).isSymbolicLink()).toBe(true);
    expect(readJson("real.json").specs.length).toBeGreaterThan(0);
    expect(linked.stderr).toContain(`Reports: ${out("link.json")}`);
    // A link to a file not there yet (through a relative link, in a directory not there yet) creates that file.
    symlinkSync(join("later", "new.json"), out("dangling.json"));
    const dangling = await jsonTo(out("dangling.json"));
    expect(dangling.exitCode, dangling.stderr).toBe(0);
    expect(lstatSync(out("dangling.json")).isSymbolicLink()).toBe(true);
    expect(readJson(join("later", "new.json")).specs.length).toBeGreaterThan(0);
    // A directory is refused, naming it, and not listed among the reports written.
    mkdirSync(out("a-dir.json"));
    const dir = await jsonTo(out("a-dir.json"));
    expect(dir.exitCode).toBe(6);
    expect(dir.stderr).toContain("is a directory: nothing was written");
    expect(dir.stderr).not.toContain("Reports:");
  });

  test("bad reporter choices exit 2 before measuring", async () => {
    const unknown = await runFxperf(["run", join(SPECS, "passing"), "--reporter", "xml"]);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain('Unknown reporter "xml"');
    expect(unknown.stderr).not.toContain("Running");
    const missing = await runFxperf(["run", join(SPECS, "passing"), "--reporter", "./no-such-reporter.ts"]);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain('Reporter module "./no-such-reporter.ts" does not exist');
  });

  test("compare: exit 1 on a regression beyond tolerance, Markdown for a comment, clear errors", async () => {
    const base = readJson("failing.json");
    const slower = structuredClone(base);
    slower.specs[0].micro.p50Ns *= 2;
    writeFileSync(out("slower.json"), JSON.stringify(slower));
    const regressed = await runFxperf(["compare", out("failing.json"), out("slower.json")]);
    expect(regressed.exitCode).toBe(1);
    expect(regressed.stdout).toMatch(/regressed\s+budget > busy loop over budget\s+p50 .* \+100\.0% worse/);
    // One row per spec, and the counts count specs (issue 23).
    expect(regressed.stdout).toContain(
      `${slower.specs.filter((s: { kind: string }) => s.kind === "micro" || s.kind === "load").length} specs: 1 regressed`,
    );
    const same = await runFxperf(["compare", out("failing.json"), out("failing.json"), "--markdown"]);
    expect(same.exitCode).toBe(0);
    expect(same.stdout).toStartWith("## ✅ Performance comparison");
    writeFileSync(out("broken.json"), '{"schemaVersion": 1, "specs": [}');
    const broken = await runFxperf(["compare", out("broken.json"), out("failing.json")]);
    expect(broken.exitCode).toBe(2);
    expect(broken.stderr).toMatch(/Cannot read report ".*broken\.json": invalid JSON at line 1, column 32/);
  });
});

describe("a report that cannot be written", () => {
  test("does not stop the other reports, and turns an all-passing run's exit code into 6", async () => {
    const run = await runFxperf([
      "run",
      join(SPECS, "tagged"),
      "--grep",
      "top level",
      "--reporter",
      "json=/proc/no-such-dir/report.json",
      "--reporter",
      `markdown=${out("after-failure.md")}`,
    ]);
    expect(run.stderr).toContain(
      'error: a reporter failed: the json reporter (/proc/no-such-dir/report.json) failed in onRunEnd: Cannot write report "/proc/no-such-dir/report.json"',
    );
    expect(readFileSync(out("after-failure.md"), "utf8")).toContain("Performance Summary");
    expect(run.exitCode).toBe(6);
  });
});

describe("temporary files of a killed write", () => {
  test("are removed by the next write of the same file; a live writer's are kept", async () => {
    const dir = mkdtempSync(join(scratch, "tmp-"));
    // A writer that has exited: its PID names no process any more.
    const dead = Bun.spawnSync(["true"]).pid;
    const deadTemp = join(dir, `.report.json.${dead}-abc123.tmp`);
    const liveTemp = join(dir, `.report.json.${process.pid}-def456.tmp`);
    const oldUnnamed = join(dir, ".report.json.k3j4h5.tmp");
    for (const file of [deadTemp, liveTemp, oldUnnamed]) writeFileSync(file, '{"half": ');
    const hourAgo = new Date(Date.now() - 3600_000);
    utimesSync(oldUnnamed, hourAgo, hourAgo);
    const run = await runFxperf([
      "run",
      join(SPECS, "tagged"),
      "--grep",
      "top level",
      "--reporter",
      `json=${join(dir, "report.json")}`,
    ]);
    expect(run.exitCode).toBe(0);
    expect(readdirSync(dir).sort()).toEqual([".report.json." + `${process.pid}-def456.tmp`, "report.json"]);
  });
});
