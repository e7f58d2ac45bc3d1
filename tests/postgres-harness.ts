/**
 * A throw-away PostgreSQL cluster for the history tests: Debian's `postgresql` package, run as the
 * `postgres` user on a free port on 127.0.0.1, in a temporary directory; `stop()` stops it and
 * removes the directory. No mock: the tests talk to a real server.
 */
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

function run(argv: string[]): string {
  const done = Bun.spawnSync(argv, { stdout: "pipe", stderr: "pipe" });
  if (done.exitCode !== 0)
    throw new Error(`${argv.join(" ")} failed (${done.exitCode}): ${done.stderr.toString()}${done.stdout.toString()}`);
  return done.stdout.toString();
}

/** The directory of initdb and pg_ctl, or an error saying what to install. */
function binDir(): string {
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root) ? readdirSync(root).sort() : [];
  const dir = versions.map((v) => join(root, v, "bin")).findLast((d) => existsSync(join(d, "initdb")));
  if (!dir)
    throw new Error("PostgreSQL is not installed: apt-get install postgresql (scripts/install-test-tools.sh does)");
  return dir;
}

/** A free TCP port on 127.0.0.1. */
function freePort(): number {
  const server = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = server.port;
  server.stop(true);
  return port;
}

/** Starts a cluster; resolves with its URL and a stop function. */
export async function startPostgres(): Promise<{ url: string; stop(): void }> {
  const bin = binDir();
  const dir = mkdtempSync(join(tmpdir(), "fxperf-pg-"));
  chmodSync(dir, 0o777);
  const data = join(dir, "data");
  const as = (...argv: string[]) => run(["runuser", "-u", "postgres", "--", ...argv]);
  as(join(bin, "initdb"), "-D", data, "-A", "trust", "-U", "postgres", "--no-sync");
  const port = freePort();
  as(
    join(bin, "pg_ctl"),
    "-D",
    data,
    "-l",
    join(dir, "log"),
    "-w",
    "-o",
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
    "start",
  );
  return {
    url: `postgres://postgres:secret-pass@127.0.0.1:${port}/postgres`,
    stop() {
      try {
        as(join(bin, "pg_ctl"), "-D", data, "-m", "immediate", "-w", "stop");
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
