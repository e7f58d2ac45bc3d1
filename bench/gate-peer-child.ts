/**
 * One peer process of bench/gate-quality.ts: measures one workload of a generated
 * workload module (bench/gate-workloads.ts) once, with raw mitata or tinybench at
 * their defaults as bench/stability-child.ts runs them, and prints
 * `{"p50Ns":…,"wallMs":…}` on stdout.
 *
 * Usage: bun bench/gate-peer-child.ts <mitata|tinybench> <work.ts path> <cpu|alloc|tiny>
 */
import { measure } from "mitata";
import { Bench } from "tinybench";

/** What one peer child prints, as one JSON line. */
export interface PeerFigures {
  readonly p50Ns: number;
  readonly wallMs: number;
}

/** The peer methods. */
export const PEERS = ["mitata", "tinybench"] as const;
/** One of {@link PEERS}. */
export type Peer = (typeof PEERS)[number];

async function measureP50Ns(peer: Peer, fn: () => unknown): Promise<number> {
  if (peer === "mitata") return (await measure(fn)).p50;
  const bench = new Bench({ time: 500 });
  bench.add("w", fn);
  await bench.run();
  const result = bench.getTask("w")?.result;
  if (result?.state !== "completed") throw new Error(`tinybench task ended "${result?.state}"`);
  return result.latency.p50 * 1e6; // tinybench reports milliseconds
}

if (import.meta.main) {
  const [peer, modulePath, workload] = process.argv.slice(2);
  if (!PEERS.includes(peer as Peer)) throw new Error(`Peer is "${peer}": expected one of ${PEERS.join(", ")}`);
  const fn = (await import(modulePath!))[workload!];
  if (typeof fn !== "function") throw new Error(`"${modulePath}" exports no function "${workload}"`);
  // Wall time of the measuring call, warm-up included, as in bench/stability-child.ts.
  const start = Bun.nanoseconds();
  const p50Ns = await measureP50Ns(peer as Peer, fn);
  const wallMs = (Bun.nanoseconds() - start) / 1e6;
  process.stdout.write(`${JSON.stringify({ p50Ns, wallMs } satisfies PeerFigures)}\n`);
}
