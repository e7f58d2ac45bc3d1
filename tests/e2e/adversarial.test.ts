/**
 * Issue 23's faults, found by trying fxperf adversarially, walked through the compiled binary
 * copied alone into an empty directory. Each case is what a user or the machine did; none may be
 * answered with "internal error ... a bug in fxperf", and none may leave a process or a temporary
 * directory behind.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { execFileSync } from "node:child_process";
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
import { buildBinary, type CliRun, ROOT, runProcess } from "../cli-harness.ts";

setDefaultTimeout(120_000);

let work: string;
let binary: string;
const PATH = "/usr/bin:/bin";
// A TMPDIR of these tests' own: whatever fxperf leaves in it is seen.
let temp: string;

const QUICK = ["--forks", "1", "--max-time", "1s"];

const fxperf = (args: string[], env: Record<string, string> = {}): Promise<CliRun> =>
  runProcess([binary, ...args], work, { PATH, TMPDIR: temp, ...env });

/** Starts the binary without waiting, for the cases that signal it mid-run. */
const start = (args: string[]) =>
  Bun.spawn([binary, ...args], {
    cwd: work,
    env: { PATH, TMPDIR: temp, NO_COLOR: "1", HOME: work },
    stdout: "pipe",
    stderr: "pipe",
  });

/** Writes a spec file under `work` and returns its relative path. */
function spec(path: string, text: string): string {
  mkdirSync(join(work, path, ".."), { recursive: true });
  writeFileSync(join(work, path), text);
  return path;
}

/** Nothing anywhere may say fxperf has a bug when the user or the machine is at fault. */
function noBug(run: CliRun): void {
  expect(run.stderr).not.toContain("internal error");
  expect(run.stderr).not.toContain("a bug in fxperf");
}

/** The processes whose command line holds `marker`. */
function processesWith(marker: string): string[] {
  try {
    return execFileSync("pgrep", ["-f", marker], { encoding: "utf8" }).trim().split("\n").filter(Boolean);
  } catch {
    return [];
  }
}

beforeAll(async () => {
  await buildBinary();
  work = mkdtempSync(join(tmpdir(), "fxperf-adversarial-"));
  temp = join(work, "tmp");
  mkdirSync(temp);
  mkdirSync(join(work, "bin"));
  binary = join(work, "bin", "fxperf");
  cpSync(join(ROOT, "dist", "fxperf"), binary);
  spec(
    "quiet/sum.perf.ts",
    'import { itPerf } from "fxperf";\nitPerf("sum", () => [1, 2, 3].reduce((a, b) => a + b, 0)).time("20ms");\n',
  );
}, 120_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("faults found by trying fxperf adversarially (issue 23), through the binary", () => {
  test("1. a report path that is a device or a link is written through or followed, never replaced", async () => {
    const link = join(work, "report-link.json");
    const real = join(work, "report-real.json");
    writeFileSync(real, "old");
    execFileSync("ln", ["-sf", real, link]);
    const run = await fxperf(["run", "quiet", ...QUICK, "--reporter", "json=/dev/null", "--reporter", `junit=${link}`]);
    noBug(run);
    expect(run.exitCode).toBe(0);
    expect(lstatSync("/dev/null").isCharacterDevice()).toBe(true);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, "utf8")).toContain("<testsuites");
  });

  test("2. a profile lock that is a directory is an error naming it, not a spin", async () => {
    const slug = (await fxperf(["fingerprint"])).stdout.match(/^slug\s+(\S+)/m)![1]!;
    const out = join(work, "locked-profiles");
    mkdirSync(join(out, `${slug}.json.lock`), { recursive: true });
    const run = await fxperf(["calibrate", "quiet", "--out", out, ...QUICK]);
    noBug(run);
    expect(run.exitCode).toBe(3);
    expect(run.stderr).toContain(`${slug}.json.lock" is a directory, not a lock file`);
    // Found before measuring, and by --dry-run too.
    expect(run.stdout + run.stderr).not.toMatch(/\[1\/\d+\]/);
    const dry = await fxperf(["calibrate", "quiet", "--out", out, "--dry-run"]);
    expect(dry.exitCode).toBe(3);
    expect(dry.stderr).toContain("is a directory, not a lock file");
    // A profile path that is a directory is refused the same way, before measuring.
    const dirProfile = join(work, "dir-profiles");
    mkdirSync(join(dirProfile, `${slug}.json`), { recursive: true });
    const refused = await fxperf(["calibrate", "quiet", "--out", dirProfile, "--dry-run"]);
    noBug(refused);
    expect(refused.exitCode).toBe(3);
    expect(refused.stderr).toContain("cannot be written: it is a directory");
  });

  test("3. processes a spec starts do not outlive their fork: at its end, at its timeout, at Ctrl-C", async () => {
    const marker = `fxperf-orphan-${process.pid}`;
    const path = spec(
      "spawns/spawns.perf.ts",
      `import { beforeAll, describePerf, itPerf } from "fxperf";
import { spawn } from "node:child_process";
describePerf("spawner", () => {
  beforeAll(() => {
    spawn("sh", ["-c", "sleep 600 # ${marker}"], { stdio: "ignore" });
    spawn("sh", ["-c", "while :; do :; done # ${marker}"], { stdio: "inherit" });
  });
  itPerf("work", () => 1 + 1).time("20ms");
  itPerf("hangs", () => { const end = Date.now() + 60_000; while (Date.now() < end) {} }).timeout("2s");
});
`,
    );
    const run = await fxperf(["run", path, ...QUICK]);
    noBug(run);
    expect(run.stdout).toContain("did not finish within its timeout");
    await Bun.sleep(300);
    expect(processesWith(marker)).toEqual([]);
    // Ctrl-C while a fork runs.
    const child = start(["run", path, ...QUICK]);
    await Bun.sleep(1500);
    child.kill("SIGINT");
    expect(await child.exited).toBe(130);
    await Bun.sleep(300);
    expect(processesWith(marker)).toEqual([]);
  });

  test("4. --forks is a decimal whole number up to 40", async () => {
    for (const value of ["1e9", "0x10", "41", "0"]) {
      const run = await fxperf(["run", "quiet", "--forks", value]);
      noBug(run);
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toContain(`Option "--forks" is "${value}": expected a whole number from 1 to 40`);
    }
  });

  test("5. SIGHUP stops the run like SIGTERM and leaves no temporary directory", async () => {
    const child = start(["run", "spawns", ...QUICK]);
    await Bun.sleep(1500);
    child.kill("SIGHUP");
    expect(await child.exited).toBe(130);
    expect(readdirSync(temp).filter((name) => name.startsWith("fxperf-forks-"))).toEqual([]);
  });

  test("6. an unwritable profile target is refused before measuring, --dry-run too (exit 3)", async () => {
    writeFileSync(join(work, "a-file"), "x");
    for (const extra of [[], ["--dry-run"]]) {
      const run = await fxperf(["calibrate", "quiet", "--out", "a-file/profiles", ...QUICK, ...extra]);
      noBug(run);
      expect(run.exitCode).toBe(3);
      expect(run.stderr).toContain("cannot be written:");
      expect(run.stderr).not.toContain("Measuring");
    }
  });

  test("7. --reporter json=- stays JSON whatever a spec writes to stdout", async () => {
    const path = spec(
      "noisy/noisy.perf.ts",
      `import { itPerf } from "fxperf";
process.stdout.write("raw write\\n");
console.table([{ a: 1 }]);
console.log("a log line");
await Bun.write(Bun.stdout, "bun write\\n");
itPerf("noisy", () => 1 + 1).time("20ms");
`,
    );
    const run = await fxperf(["run", path, ...QUICK, "--reporter", "json=-"]);
    noBug(run);
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout).specs[0].id).toBe("noisy");
    expect(run.stderr).toContain("raw write");
    expect(run.stderr).toContain("bun write");
  });

  test("9. a missing TMPDIR is exit 3 naming TMPDIR, not a spec error or a bug", async () => {
    const run = await fxperf(["run", "quiet", ...QUICK], { TMPDIR: join(work, "no-such-tmp") });
    noBug(run);
    expect(run.exitCode).toBe(3);
    expect(run.stderr).toContain(`Cannot create a temporary directory in "${join(work, "no-such-tmp")}" (TMPDIR)`);
  });

  test("9. a full TMPDIR is exit 3 naming it (a small tmpfs, where the machine lets root mount one)", async () => {
    const full = join(work, "full-tmp");
    mkdirSync(full);
    let mounted = false;
    try {
      execFileSync("mount", ["-t", "tmpfs", "-o", "size=16k", "tmpfs", full], { stdio: "ignore" });
      mounted = true;
    } catch {
      // No mount here (not root, or no capability): the missing TMPDIR above walks the same path.
    }
    if (!mounted) return;
    try {
      // Fill it: the fork's temporary directory can still be made, its result cannot be written.
      try {
        writeFileSync(join(full, "fill"), Buffer.alloc(64 * 1024));
      } catch {
        // ENOSPC once it is full: as intended.
      }
      const run = await fxperf(["run", "quiet", ...QUICK], { TMPDIR: full });
      noBug(run);
      expect(run.exitCode).toBe(3);
      expect(run.stderr).toContain("ENOSPC");
      expect(run.stderr).toContain("TMPDIR");
    } finally {
      execFileSync("umount", [full]);
    }
  });

  test("10. negative durations and percentages name their option", async () => {
    for (const [option, value] of [
      ["--max-time", "-1s"],
      ["--tolerance", "-5%"],
    ] as const) {
      const run = await fxperf(["run", "quiet", option, value]);
      noBug(run);
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toContain(option);
      expect(run.stderr).not.toContain("Unknown option `-1`");
    }
  });

  test("10. two reporters on one path are refused before measuring", async () => {
    const run = await fxperf(["run", "quiet", "--reporter", "json=r.json", "--reporter", "html=./r.json"]);
    noBug(run);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain("one report would be lost");
    expect(existsSync(join(work, "r.json"))).toBe(false);
  });

  test("10. a FIFO named *.perf.ts is noted in a folder and refused when named", async () => {
    mkdirSync(join(work, "fifo"));
    writeFileSync(join(work, "fifo", "ok.perf.ts"), readFileSync(join(work, "quiet", "sum.perf.ts")));
    execFileSync("mkfifo", [join(work, "fifo", "x.perf.ts")]);
    const listed = await fxperf(["run", "fifo", "--list"]);
    expect(listed.exitCode).toBe(0);
    expect(listed.stderr).toContain('x.perf.ts" was skipped: it is not a regular file');
    const named = await fxperf(["run", "fifo/x.perf.ts"]);
    noBug(named);
    expect(named.exitCode).toBe(2);
    expect(named.stderr).toContain("is not a regular file");
  });

  test("10. init onto a file is refused naming it", async () => {
    writeFileSync(join(work, "init-file"), "x");
    const run = await fxperf(["init", "init-file"]);
    noBug(run);
    expect(run.exitCode).toBe(3);
    expect(run.stderr).toContain('Cannot write the starter into "init-file"');
  });

  test("10. init with a file where the starter needs a directory names it and writes nothing", async () => {
    const dir = join(work, "init-blocked");
    mkdirSync(dir);
    writeFileSync(join(dir, "types"), "a file named like the starter's directory");
    const run = await fxperf(["init", "init-blocked"]);
    noBug(run);
    expect(run.exitCode).toBe(3);
    expect(run.stderr).toContain('"types" is a file, where types/fxperf.d.ts needs a directory');
    expect(readdirSync(dir)).toEqual(["types"]);
    const forced = await fxperf(["init", "init-blocked", "--force"]);
    expect(forced.exitCode).toBe(3);
    expect(readdirSync(dir)).toEqual(["types"]);
  });

  test("10. an unhandled rejection or a throw in a timer fails the spec instead of being measured", async () => {
    const path = spec(
      "async/bad.perf.ts",
      `import { itPerf } from "fxperf";
itPerf("rejects", () => { Promise.reject(new Error("nobody awaits me")); return 1; }).time("20ms");
itPerf("timer throws", () => { setTimeout(() => { throw new Error("timer blew up"); }, 0); return 1; }).time("20ms");
`,
    );
    const run = await fxperf(["run", path, ...QUICK]);
    noBug(run);
    expect(run.exitCode).toBe(5);
    expect(run.stdout).toContain("a promise rejected with no handler: nobody awaits me");
    expect(run.stdout).toContain("a throw outside the measured call: timer blew up");
  });

  test("10. a load spec whose requests mostly fail is warned about", async () => {
    // The spec file's own server drops 49 connections in 50 without answering.
    const path = spec(
      "dropping/dropping.perf.ts",
      `import { afterAll, describePerf, loadPerf } from "fxperf";
import { createServer } from "node:http";
let n = 0;
const server = createServer((req, res) => (n++ % 50 === 0 ? res.end("ok") : req.socket.destroy()));
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const { port } = server.address() as { port: number };
describePerf("dropping", () => {
  afterAll(() => server.close());
  loadPerf("mostly dropped", { url: \`http://127.0.0.1:\${port}/\`, connections: 2, duration: "1s" }).expect({ rps: 1 });
});
`,
    );
    const run = await fxperf(["run", path]);
    noBug(run);
    expect(run.stdout).toMatch(/\d+% of requests failed \((connect|read|write) \d+/);
    expect(run.stdout).toContain("no errorRate limit judges them");
  });

  test("10. an interrupted run's JUnit says so, and its Markdown does not show a pass", async () => {
    const child = start([
      "run",
      "spawns",
      ...QUICK,
      "--reporter",
      "junit=stopped.xml",
      "--reporter",
      "markdown=stopped.md",
    ]);
    await Bun.sleep(1500);
    child.kill("SIGINT");
    expect(await child.exited).toBe(130);
    expect(readFileSync(join(work, "stopped.xml"), "utf8")).toContain('type="interrupted"');
    expect(readFileSync(join(work, "stopped.md"), "utf8")).toStartWith("## ⏹️ Performance Summary (interrupted)");
  });

  test("10. a custom reporter whose onRunEnd never settles is given up on (exit 6)", async () => {
    writeFileSync(join(work, "hangs.ts"), "export default { onRunEnd: () => new Promise(() => {}) };\n");
    const run = await fxperf(["run", "quiet", ...QUICK, "--reporter", "./hangs.ts=hangs.txt"]);
    noBug(run);
    expect(run.exitCode).toBe(6);
    expect(run.stderr).toContain("onRunEnd did not settle within 30 s");
  });

  test("10. ab --base-dir at the head's own tree or at a file says so", async () => {
    writeFileSync(join(work, "not-a-dir"), "x");
    const itself = await fxperf(["ab", "--base-dir", ".", "quiet"]);
    noBug(itself);
    expect(itself.exitCode).toBe(2);
    expect(itself.stderr).toContain("that is the head's own tree");
    const file = await fxperf(["ab", "--base-dir", "not-a-dir", "quiet"]);
    expect(file.exitCode).toBe(2);
    expect(file.stderr).toContain("a file, not a directory");
  });

  test("10. a profile that starts with a byte-order mark is read", async () => {
    const out = join(work, "bom-profiles");
    const calibrated = await fxperf(["calibrate", "quiet", "--out", out, ...QUICK]);
    expect(calibrated.exitCode).toBe(0);
    const [name] = readdirSync(out).filter((file) => file.endsWith(".json"));
    const path = join(out, name!);
    writeFileSync(path, `\uFEFF${readFileSync(path, "utf8")}`);
    const run = await fxperf(["run", "quiet", ...QUICK], { FXPERF_PROFILE: path });
    noBug(run);
    expect(run.stderr).not.toContain("invalid symbol");
    expect(run.stdout).toContain(name!);
    expect([0, 1]).toContain(run.exitCode);
  });

  test("10. Markdown shows control characters from spec ids as visible escapes, never raw bytes", async () => {
    const path = spec(
      "hostile/hostile.perf.ts",
      'import { itPerf } from "fxperf";\nitPerf("bell\\u0007 esc\\u001b[31m", () => 1 + 1).time("20ms");\n',
    );
    const run = await fxperf(["run", path, ...QUICK, "--reporter", "markdown=hostile.md"]);
    noBug(run);
    const markdown = readFileSync(join(work, "hostile.md"), "utf8");
    expect(markdown).toContain("\\x07");
    expect(markdown).not.toMatch(/[\u0007\u001b]/);
  });

  test("nothing was left in TMPDIR by any case above", () => {
    expect(readdirSync(temp).filter((name) => name.startsWith("fxperf-"))).toEqual([]);
  });
});
