import { describe, expect, setDefaultTimeout, test } from "bun:test";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readUntil, runFxperf, SPECS, spawnFxperf } from "../cli-harness.ts";

// These tests run real processes; Bun applies a preloaded default timeout to the first file only.
setDefaultTimeout(60_000);

const dir = (name: string) => join(SPECS, name);

describe("fxperf run (from source, real processes)", () => {
  test("a passing spec dir exits 0 with a Performance Summary", async () => {
    const run = await runFxperf(["run", dir("passing")]);
    expect(run.stderr).toContain("Running 2 specs from 1 file");
    expect(run.stdout).toContain("Performance Summary");
    expect(run.stdout).toMatch(/PASS\s+math > sum 1k numbers/);
    expect(run.stdout).toMatch(/PASS\s+math > sort 1k numbers .*heap/);
    expect(run.stdout).toContain("2 specs: 2 passed, 0 failed, 0 errors, 0 skipped");
    expect(run.exitCode).toBe(0);
  });

  test("a breached budget exits 1 and explains measured against limit", async () => {
    const run = await runFxperf(["run", dir("failing")]);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(/FAIL\s+budget > busy loop over budget/);
    expect(run.stdout).toMatch(
      /p50 was .+, limit 1.00 ns \(\+[\d.]+%\), set in tests\/fixtures\/specs\/failing\/slow.perf.ts:\d+/,
    );
    expect(run.stdout).toMatch(/PASS\s+budget > within budget/);
  });

  test("a throwing spec is an ERROR, exits 5 (a crash, not a regression), and the next spec still runs", async () => {
    const run = await runFxperf(["run", dir("throwing")]);
    expect(run.exitCode).toBe(5);
    expect(run.stdout).toMatch(/ERROR\s+errors > throws inside/);
    expect(run.stdout).toContain("measured code blew up");
    expect(run.stdout).toMatch(/throws.perf.ts:5/);
    expect(run.stdout).toMatch(/PASS\s+errors > still runs after/);
  });

  test("hooks: a failing beforeAll errors its suite's specs and its afterAll still runs", async () => {
    const run = await runFxperf(["run", dir("hooks")]);
    expect(run.exitCode).toBe(5);
    // Hooks run in each fork: the broken suite's fork ran its afterAll after beforeAll threw, and
    // what the fork printed is shown with the error.
    expect(run.stdout).toContain("HOOK-LOG after broken");
    expect(run.stdout).toMatch(/PASS\s+hooks ok > uses data/);
    expect(run.stdout).toMatch(/ERROR\s+hooks broken > never measured .*beforeAll threw/);
    expect(run.stdout).toContain("beforeAll: could not start the fixture server");
  });

  test("a spec that never settles is stopped by its timeout", async () => {
    const run = await runFxperf(["run", dir("hanging")]);
    expect(run.exitCode).toBe(5);
    expect(run.stdout).toMatch(/ERROR\s+hang > never settles .*timed out/);
    expect(run.stdout).toMatch(/PASS\s+hang > after the hang/);
  });

  test("a syntax error exits 5 (the file did not load) naming the file and line, before measuring anything", async () => {
    const run = await runFxperf(["run", dir("syntax-error")]);
    expect(run.exitCode).toBe(5);
    expect(run.stderr).toMatch(
      /tests\/fixtures\/specs\/syntax-error\/broken.perf.ts:4: cannot load spec file: syntax error/,
    );
    expect(run.stdout).not.toContain("Performance Summary");
  });

  test("a bad value exits 2 naming file, line, spec and value", async () => {
    const run = await runFxperf(["run", dir("bad-value")]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('bad.perf.ts:4: spec "values > bad unit": expect.p50 is "12 parsecs"');
    expect(run.stderr).toContain('bad.perf.ts:5: spec "values > bad key": unknown expectation "p95"');
  });

  test("a missing path exits 2 naming it", async () => {
    const run = await runFxperf(["run", "no/such/dir"]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('Spec path "no/such/dir" does not exist');
    expect(run.stderr).toContain("hint:");
  });

  test("a dir without spec files exits 2, or 0 with --pass-with-no-specs", async () => {
    expect((await runFxperf(["run", dir("empty")])).exitCode).toBe(2);
    const passing = await runFxperf(["run", dir("empty"), "--pass-with-no-specs"]);
    expect(passing.exitCode).toBe(0);
  });

  test("filters that match nothing exit 2 rather than pass in silence", async () => {
    const run = await runFxperf(["run", dir("tagged"), "--tags", "no-such-tag"]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain("No spec selected: 4 loaded, none matched the filters");
  });

  test("naming a file that is not a spec file exits 2", async () => {
    const run = await runFxperf(["run", "tests/cli-harness.ts"]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('"tests/cli-harness.ts" is not a spec file');
  });

  test("--heap adds a HEAP column for every spec", async () => {
    const run = await runFxperf(["run", dir("tagged"), "--grep", "top level", "--heap"]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/HEAP/);
    expect(run.stdout).toMatch(/PASS\s+top level(\s+\S+){6}\s+\d+ B/);
  });

  test("--list prints ids and inherited tags without measuring", async () => {
    const run = await runFxperf(["run", dir("tagged"), "--list"]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("parser > json  [parse, json, hot]  key PARSER_JSON");
    expect(run.stdout).toContain("parser > nested > deep  [parse, slow]  key PARSER_NESTED_DEEP");
    expect(run.stdout).toContain("top level  key TOP_LEVEL\n");
    expect(run.stdout).toContain("4 of 4 specs selected");
    expect(run.stdout).not.toContain("Performance Summary");
  });

  test("--tags and --skip-tags select by own and inherited tags", async () => {
    const run = await runFxperf(["run", dir("tagged"), "--list", "--tags", "parse", "--skip-tags", "slow,csv"]);
    expect(run.stdout.trim().split("\n")).toEqual([
      "parser > json  [parse, json, hot]  key PARSER_JSON",
      "1 of 4 specs selected",
    ]);
  });

  test("--grep selects by id, as text or /regex/", async () => {
    const text = await runFxperf(["run", dir("tagged"), "--list", "--grep", "NESTED"]);
    expect(text.stdout).toContain("parser > nested > deep");
    expect(text.stdout).toContain("1 of 4 specs selected");
    const regex = await runFxperf(["run", dir("tagged"), "--grep", "/^parser > (json|csv)$/"]);
    expect(regex.exitCode).toBe(0);
    expect(regex.stdout).toContain("2 specs: 2 passed");
  });

  test("the guard refuses NODE_ENV=development with exit 3; --allow-unfit runs, marked unguarded", async () => {
    const refused = await runFxperf(["run", dir("passing")], { NODE_ENV: "development" });
    expect(refused.exitCode).toBe(3);
    expect(refused.stderr).toContain('Refusing to measure: NODE_ENV is "development"');
    expect(refused.stderr).toContain("--allow-unfit");
    const allowed = await runFxperf(["run", dir("tagged"), "--grep", "top level", "--allow-unfit"], {
      NODE_ENV: "development",
    });
    expect(allowed.exitCode).toBe(0);
    expect(allowed.stdout).toContain("Unguarded run (--allow-unfit)");
  });

  test("--version and --help", async () => {
    const version = await runFxperf(["--version"]);
    expect(version.stdout).toMatch(/^fxperf \d+\.\d+\.\d+ \(bun /);
    const help = await runFxperf(["run", "--help"]);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain("--grep <pattern>");
    expect(help.stdout).toContain("Examples:");
  });

  test("FORCE_COLOR colours the summary; NO_COLOR keeps it plain", async () => {
    const coloured = await runFxperf(["run", dir("tagged"), "--grep", "top level"], {
      NO_COLOR: undefined,
      FORCE_COLOR: "1",
    });
    expect(coloured.stdout).toContain("\u001b[32mPASS");
    const plain = await runFxperf(["run", dir("tagged"), "--grep", "top level"]);
    expect(plain.stdout).not.toContain("\u001b[");
  });
});

// Each value's checks are unit-tested once (tests/unit/cli/settings.test.ts); this is the smoke test
// that the real process refuses them the same way: exit 2, the culprit named, nothing on stdout.
describe("settings are checked before any spec is loaded (issue 9)", () => {
  test("bad flags and variables exit 2 naming them, before any spec is loaded or listed", async () => {
    const cases: [string[], Record<string, string>, string][] = [
      [["run", "--fast"], {}, "Unknown option `--fast`"],
      [["--bogus"], {}, "Unknown option `--bogus`"],
      [["run", dir("tagged"), "--tag", "parse"], {}, "did you mean --tags?"],
      [["run", dir("passing"), "--timeout", "soon"], {}, 'Option "--timeout" is "soon"'],
      [["run", dir("tagged"), "--retries", "abc", "--list"], {}, 'Option "--retries" is "abc"'],
      // Reported before a filter that selects nothing would be.
      [["run", dir("tagged"), "--retries", "abc", "--tags", "nope"], {}, 'Option "--retries" is "abc"'],
      [["run", dir("tagged"), "--profile", "nope", "--list"], {}, 'Profile "nope" not found'],
      [["run", dir("tagged"), "--forks", "0", "--list"], {}, 'Option "--forks" is "0"'],
      [["calibrate", dir("tagged"), "--max-time", "soon", "--dry-run"], {}, 'Option "--max-time" is "soon"'],
      [["run", dir("tagged"), "--list"], { FXPERF_WRK_GRACE: "soon" }, 'FXPERF_WRK_GRACE="soon"'],
      [["run", dir("tagged"), "--list"], { FXPERF_STRICT: "maybe" }, 'FXPERF_STRICT="maybe"'],
      [["ab", "--base", "main", "--no-pin", "--tolerance", "lots"], {}, '"--tolerance"'],
    ];
    for (const [args, env, named] of cases) {
      const run = await runFxperf(args, env);
      expect(`${args.join(" ")} → exit ${run.exitCode}, stdout ${JSON.stringify(run.stdout)}`).toBe(
        `${args.join(" ")} → exit 2, stdout ""`,
      );
      expect(run.stderr).toContain(named);
      expect(run.stderr).not.toContain("No spec selected");
    }
  });
});

describe("fxperf run: file kinds and signals", () => {
  test("*.perf.js and *.perf.mjs files are specs too", async () => {
    const run = await runFxperf(["run", dir("js")]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/PASS\s+mjs > module js/);
    expect(run.stdout).toMatch(/PASS\s+js > plain js/);
  });

  test("SIGINT stops after the spec in progress, prints the partial summary and exits 130", async () => {
    const proc = spawnFxperf(["run", dir("slow")]);
    // Wait until the first spec has finished, then interrupt.
    await readUntil(proc.stderr, "[1/5]");
    proc.kill("SIGINT");
    const [stdout, exitCode] = await Promise.all([new Response(proc.stdout).text(), proc.exited]);
    expect(exitCode).toBe(130);
    expect(stdout).toContain("Performance Summary");
    expect(stdout).toMatch(/PASS\s+slow > spec 1/);
    expect(stdout).not.toContain("slow > spec 5");
    expect(stdout).toContain("Interrupted");
  });
});

describe("fxperf run: spec code that prints or changes directory (from source, real processes)", () => {
  /** A project in a temporary directory holding `spec/<name>` with `source`. */
  function project(name: string, source: string): string {
    const root = mkdtempSync(join(tmpdir(), "fxperf-cli-"));
    mkdirSync(join(root, "spec"));
    writeFileSync(join(root, "spec", name), source);
    return root;
  }

  test("--reporter json=- keeps stdout JSON when a spec file prints with console.log", async () => {
    const root = project(
      "chatty.perf.ts",
      `import { itPerf } from "fxperf";
console.log("log from the spec file");
console.info("info from the spec file");
console.debug("debug from the spec file");
itPerf("chatty", () => Math.sqrt(2)).time("20ms").warmup(5);
`,
    );
    try {
      const run = await runFxperf(["run", "--reporter", "json=-", "--forks", "2"], {}, root);
      expect(run.exitCode).toBe(0);
      expect(JSON.parse(run.stdout).specs).toHaveLength(1);
      expect(run.stderr).toContain("log from the spec file");
      expect(run.stderr).toContain("info from the spec file");
      // Without a report on stdout, console.log goes to stdout as usual.
      const plain = await runFxperf(["run", "--forks", "2"], {}, root);
      expect(plain.stdout).toContain("log from the spec file");
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  test("a spec file that calls process.chdir() does not move the reports", async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), "fxperf-elsewhere-"));
    const root = project(
      "wanders.perf.ts",
      `import { itPerf } from "fxperf";
process.chdir(${JSON.stringify(elsewhere)});
itPerf("wanders", () => Math.sqrt(2)).time("20ms").warmup(5);
`,
    );
    try {
      const run = await runFxperf(
        ["run", "--forks", "2", "--reporter", "json=out/report.json", "--reporter", "junit=out/junit.xml"],
        { GITHUB_STEP_SUMMARY: "summary.md" },
        root,
      );
      expect(run.exitCode).toBe(0);
      expect(JSON.parse(readFileSync(join(root, "out", "report.json"), "utf8")).specs).toHaveLength(1);
      expect(existsSync(join(root, "out", "junit.xml"))).toBe(true);
      expect(readFileSync(join(root, "summary.md"), "utf8")).toContain("wanders");
      expect(readdirSync(elsewhere)).toEqual([]);
    } finally {
      rmSync(root, { recursive: true, force: true });
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});

describe("spec discovery follows symbolic links (real files)", () => {
  test("a linked folder and a linked file are found; a loop and a dangling link are named, once", async () => {
    const root = mkdtempSync(join(tmpdir(), "fxperf-links-"));
    try {
      const outside = join(root, "outside");
      mkdirSync(join(outside, "deep"), { recursive: true });
      writeFileSync(
        join(outside, "deep", "linked.perf.ts"),
        'import { itPerf } from "fxperf";\nitPerf("through a linked folder", () => 1).time("5ms");\n',
      );
      writeFileSync(
        join(outside, "file.perf.ts"),
        'import { itPerf } from "fxperf";\nitPerf("through a linked file", () => 2).time("5ms");\n',
      );
      const spec = join(root, "spec");
      mkdirSync(spec);
      symlinkSync(join(outside, "deep"), join(spec, "deep"));
      symlinkSync(join(outside, "file.perf.ts"), join(spec, "file.perf.ts"));
      // A second link to a file already found, a loop back to spec/ itself, and a link to nothing.
      symlinkSync(join(outside, "file.perf.ts"), join(spec, "again.perf.ts"));
      symlinkSync(spec, join(spec, "loop"));
      symlinkSync(join(root, "missing.perf.ts"), join(spec, "gone.perf.ts"));
      const run = await runFxperf(["run", spec, "--list"]);
      expect(run.exitCode).toBe(0);
      expect(run.stdout).toContain("through a linked folder");
      expect(run.stdout).toContain("through a linked file");
      expect(run.stdout).toContain("2 of 2 specs selected");
      expect(run.stderr).toMatch(/note: ".*spec\/loop" was skipped: it is a directory already searched/);
      expect(run.stderr).toMatch(/note: ".*spec\/gone\.perf\.ts" was skipped: a symbolic link to nothing/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe("spec code that never returns cannot hang fxperf (issue 12, item 4)", () => {
  test("a load spec's beforeAll stuck in a synchronous loop is stopped at its timeout; the run goes on", async () => {
    const started = Date.now();
    const run = await runFxperf(["run", dir("blocked"), "--timeout", "3s"]);
    expect(run.exitCode).toBe(5);
    expect(run.stdout).toMatch(/ERROR\s+blocked > never ready/);
    expect(run.stdout).toContain(
      'the beforeAll hooks of "blocked > never ready" did not finish within its timeout of 3.00 s',
    );
    // The next load spec runs against its server, and its failing afterAll is reported on its own.
    expect(run.stdout).toMatch(
      /PASS\s+after > runs then fails to clean up|NO BASELINE\s+after > runs then fails to clean up/,
    );
    expect(run.stdout).toMatch(/ERROR\s+after > runs then fails to clean up > afterAll/);
    expect(run.stdout).toContain("afterAll blew up");
    expect(run.stdout).toMatch(/(PASS|NO BASELINE)\s+fine > still measured/);
    expect(Date.now() - started).toBeLessThan(40_000);
  });

  test("Ctrl-C while a load spec's beforeAll loops forever exits 130 at once, with the summary", async () => {
    const proc = spawnFxperf(["run", dir("blocked"), "--grep", "never ready"]);
    await readUntil(proc.stderr, "Running 1 spec");
    await Bun.sleep(1000);
    const started = Date.now();
    proc.kill("SIGINT");
    const [stdout, exitCode] = await Promise.all([new Response(proc.stdout).text(), proc.exited]);
    expect(exitCode).toBe(130);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(stdout).toContain("Interrupted");
  });

  test("a spec file whose top-level code never returns is named, exit 5, within the timeout", async () => {
    const started = Date.now();
    const run = await runFxperf(["run", dir("top-level-loop"), "--timeout", "2s"]);
    expect(run.exitCode).toBe(5);
    expect(run.stderr).toMatch(
      /Spec file ".*loop\.perf\.ts" did not finish loading within 2\.00 s: its top-level code may never return/,
    );
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  test("Ctrl-C while spec files load exits 130", async () => {
    const proc = spawnFxperf(["run", dir("top-level-loop")]);
    await Bun.sleep(1500);
    proc.kill("SIGINT");
    const [stderr, exitCode] = await Promise.all([new Response(proc.stderr).text(), proc.exited]);
    expect(exitCode).toBe(130);
    expect(stderr).toContain("Interrupted while loading spec files");
  });
});

describe("spec discovery: glob patterns and .gitignore (real files)", () => {
  const spec = (name: string) =>
    `import { itPerf } from "fxperf";\nitPerf(${JSON.stringify(name)}, () => 1).time("5ms");\n`;
  test("a quoted glob finds spec files; one that matches nothing exits 2 naming it", async () => {
    const root = mkdtempSync(join(tmpdir(), "fxperf-glob-"));
    try {
      mkdirSync(join(root, "src", "deep"), { recursive: true });
      writeFileSync(join(root, "src", "a.perf.ts"), spec("a"));
      writeFileSync(join(root, "src", "deep", "b.perf.ts"), spec("b"));
      writeFileSync(join(root, "src", "deep", "c.perf.js"), spec("c"));
      const all = await runFxperf(["run", "src/**/*.perf.ts", "--list"], {}, root);
      expect(all.exitCode).toBe(0);
      expect(all.stdout).toContain("2 of 2 specs selected");
      expect(all.stdout).not.toMatch(/^c\b/m);
      const deep = await runFxperf(["run", "src/deep/*.perf.{ts,js}", "--list"], {}, root);
      expect(deep.stdout).toContain("2 of 2 specs selected");
      const none = await runFxperf(["run", "lib/**/*.perf.ts"], {}, root);
      expect(none.exitCode).toBe(2);
      expect(none.stderr).toContain('Spec pattern "lib/**/*.perf.ts" matches no spec file');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
  test("a folder search and a pattern leave out what the repository's .gitignore ignores; a named file is taken", async () => {
    const root = mkdtempSync(join(tmpdir(), "fxperf-gitignore-"));
    try {
      mkdirSync(join(root, ".git"));
      mkdirSync(join(root, "spec", "generated"), { recursive: true });
      writeFileSync(join(root, ".gitignore"), "spec/generated/\n*.local.perf.ts\n");
      writeFileSync(join(root, "spec", "kept.perf.ts"), spec("kept"));
      writeFileSync(join(root, "spec", "mine.local.perf.ts"), spec("local"));
      writeFileSync(join(root, "spec", "generated", "gen.perf.ts"), spec("generated"));
      const walked = await runFxperf(["run", "spec", "--list"], {}, root);
      expect(walked.stdout).toContain("kept");
      expect(walked.stdout).not.toContain("generated");
      expect(walked.stdout).not.toContain("local");
      const pattern = await runFxperf(["run", "spec/**/*.perf.ts", "--list"], {}, root);
      expect(pattern.stdout).toContain("1 of 1 specs selected");
      const named = await runFxperf(["run", "spec/generated/gen.perf.ts", "--list"], {}, root);
      expect(named.stdout).toContain("generated");
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
