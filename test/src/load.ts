// The mixed load of issue 15: concurrent clients, each on its own NATS connection (openStore of a
// nats:// URL), looping for a fixed time over blob put/stat/read, directory put/get and path-info
// get/list, every answer checked exact; latencies per operation. Shared by deploy-load.test.ts and
// bench/cluster.mjs. Clients run in `procs` forked worker processes (this file run as a script),
// so that one event loop does not pace them all; 0 runs them in the calling process.
import { fork } from "node:child_process";
import { randomFillSync } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { B3Digest, Directory, directoryNode, fileNode, nixbase32Decode, parseStorePath } from "@castore/core";
import { bytes } from "@castore/cli/testing";
import { openStore, type Store } from "@castore/store";

export const OPS = [
  "blob put small",
  "blob put 1 MiB",
  "blob stat",
  "blob read full",
  "blob read range",
  "directory put",
  "directory get",
  "path-info get",
  "path-info list",
] as const;
export type Op = (typeof OPS)[number];

/** Relative weights of the operations in the mix: reads dominate, as in a store that serves builds. */
export const WEIGHTS: Readonly<Record<Op, number>> = {
  "blob put small": 12,
  "blob put 1 MiB": 4,
  "blob stat": 14,
  "blob read full": 14,
  "blob read range": 14,
  "directory put": 6,
  "directory get": 12,
  "path-info get": 16,
  "path-info list": 4,
};

/** What every client may read: blobs made from a seed (not shipped to workers), closures, store paths. */
export interface Fixture {
  readonly blobs: readonly { seed: number; size: number; digest: string }[];
  readonly closures: readonly { root: string; digests: readonly string[] }[];
  readonly paths: readonly { storePath: string; narHash: string; narSize: string }[];
}

export interface LoadOptions {
  readonly url: string;
  readonly clients: number;
  readonly seconds: number;
  readonly fixture: Fixture;
  /** Worker processes the clients are spread over (default 2); 0: this process. */
  readonly procs?: number;
  readonly seed?: number;
}

/** Raw results: latencies in ms per operation, bytes moved, every failure's message. */
export interface LoadResult {
  readonly seconds: number;
  readonly clients: number;
  readonly procs: number;
  readonly latencies: Record<Op, number[]>;
  bytesWritten: number;
  bytesRead: number;
  readonly errors: string[];
}

export interface OpFigures {
  readonly op: Op | "all";
  readonly count: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
}

export interface LoadSummary {
  readonly ops: number;
  readonly opsPerSecond: number;
  readonly mbPerSecond: number;
  readonly errors: number;
  readonly perOp: readonly OpFigures[];
}

/**
 * The store address for a server list as cluster.sh prints it (`nats://u:p@h:p,nats://u:p@h:p,…`,
 * what the CLI's --nats takes): openStore wants `nats://u:p@h:p,h:p`.
 */
export function storeUrl(natsUrl: string): string {
  const urls = natsUrl.split(",").map((u) => new URL(u.includes("://") ? u : `nats://${u}`));
  const first = urls[0]!;
  const auth = first.username === "" ? "" : `${first.username}${first.password === "" ? "" : `:${first.password}`}@`;
  return `nats://${auth}${urls.map((u) => u.host).join(",")}`;
}

const SMALL_BLOB_SEEDS = 24;
const BIG_BLOB_SEEDS = 4;
const MiB = 1 << 20;

/** Nearest-rank percentile of unsorted values (0 for none). */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

export function summarize(r: LoadResult): LoadSummary {
  const all = OPS.flatMap((op) => r.latencies[op]);
  const fig = (op: Op | "all", xs: readonly number[]): OpFigures => ({
    op,
    count: xs.length,
    perSecond: xs.length / r.seconds,
    p50: percentile(xs, 50),
    p99: percentile(xs, 99),
  });
  return {
    ops: all.length,
    opsPerSecond: all.length / r.seconds,
    mbPerSecond: (r.bytesWritten + r.bytesRead) / 1e6 / r.seconds,
    errors: r.errors.length,
    perOp: [...OPS.map((op) => fig(op, r.latencies[op])), fig("all", all)],
  };
}

/** The summary as text lines (for t.diagnostic and the benchmark's log). */
export function describe(r: LoadResult): string[] {
  const s = summarize(r);
  const lines = [
    `${r.clients} clients (${r.procs === 0 ? "in this process" : `in ${r.procs} worker processes`}), ${r.seconds.toFixed(1)} s: ` +
      `${s.ops} operations, ${s.opsPerSecond.toFixed(0)} ops/s, ${s.mbPerSecond.toFixed(1)} MB/s ` +
      `(${(r.bytesWritten / 1e6).toFixed(0)} MB written, ${(r.bytesRead / 1e6).toFixed(0)} MB read), ${s.errors} errors`,
  ];
  for (const f of s.perOp) lines.push(`  ${f.op.padEnd(16)} ${String(f.count).padStart(6)} ops ${f.perSecond.toFixed(1).padStart(7)}/s  p50 ${f.p50.toFixed(1).padStart(7)} ms  p99 ${f.p99.toFixed(1).padStart(7)} ms`);
  for (const e of r.errors.slice(0, 10)) lines.push(`  error: ${e}`);
  return lines;
}

/**
 * Stores what the clients read: small blobs of 1–64 KiB and 1 MiB ones, four small directory
 * closures, and four store paths (small trees imported from `work`). One connection, closed after.
 */
export async function prepareFixture(url: string, work: string): Promise<Fixture> {
  const store = await openStore(storeUrl(url));
  try {
    const blobs: { seed: number; size: number; digest: string }[] = [];
    for (let i = 0; i < SMALL_BLOB_SEEDS + BIG_BLOB_SEEDS; i++) {
      const seed = 1000 + i;
      const size = fixtureSize(i);
      const r = await store.blobs.put(bytes(size, seed));
      blobs.push({ seed, size, digest: r.digest.toHex() });
    }
    const closures: { root: string; digests: string[] }[] = [];
    for (let i = 0; i < 4; i++) {
      const c = closure(`fixture${i}`, blobs.map((b) => ({ digest: B3Digest.parse(b.digest), size: b.size })), i);
      const p = store.directories.putter();
      for (const d of c) await p.put(d);
      const root = await p.close();
      closures.push({ root: root.toHex(), digests: c.map((d) => d.digest().toHex()) });
    }
    const paths: { storePath: string; narHash: string; narSize: string }[] = [];
    for (let i = 0; i < 4; i++) {
      const dir = join(work, `load-path-${i}`);
      mkdirSync(join(dir, "sub"), { recursive: true });
      for (let f = 0; f < 5; f++) writeFileSync(join(dir, f < 3 ? `f${f}` : `sub/f${f}`), bytes(512 + f * 1500 + i, 7000 + i * 10 + f));
      const r = await store.importPath(dir, { name: `load-${i}` });
      paths.push({ storePath: r.storePath, narHash: r.narHash, narSize: String(r.narSize) });
    }
    return { blobs, closures, paths };
  } finally {
    await store.close();
  }
}

const fixtureSize = (i: number): number => (i < SMALL_BLOB_SEEDS ? 1024 + ((i * 7919) % (63 * 1024)) : MiB + i * 4099);

/**
 * A small closure, leaves to root: three leaves of 2–5 files (existing blobs), a middle directory
 * over two of them and a symlink-free root over the middle and the third. Names carry `tag`, so
 * each call with a new tag makes new directories.
 */
function closure(tag: string, pool: readonly { digest: B3Digest; size: number }[], n: number): Directory[] {
  const leaves = [0, 1, 2].map((l) =>
    Directory.fromEntries(
      Array.from({ length: 2 + ((n + l) % 4) }, (_, k) => {
        const b = pool[(n * 3 + l * 5 + k) % pool.length]!;
        return fileNode(`${tag}-l${l}-f${k}`, b.digest, b.size, k === 0);
      }),
    ),
  );
  const mid = Directory.fromEntries([directoryNode("a", leaves[0]!.digest(), leaves[0]!.size()), directoryNode("b", leaves[1]!.digest(), leaves[1]!.size())]);
  const root = Directory.fromEntries([directoryNode(`${tag}-mid`, mid.digest(), mid.size()), directoryNode("c", leaves[2]!.digest(), leaves[2]!.size())]);
  return [...leaves, mid, root];
}

function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

interface KnownBlob {
  readonly digest: B3Digest;
  readonly data: Buffer;
}

const fixtureData = new Map<number, Buffer>();
/** The fixture's blobs, their bytes made once per process from their seeds. */
function fixtureBlobs(f: Fixture): KnownBlob[] {
  return f.blobs.map((b) => {
    let data = fixtureData.get(b.seed);
    if (data === undefined) fixtureData.set(b.seed, (data = bytes(b.size, b.seed)));
    return { digest: B3Digest.parse(b.digest), data };
  });
}

async function readAll(s: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const p of s) parts.push(p);
  return Buffer.concat(parts);
}

class Mismatch extends Error {}
function check(ok: boolean, what: string): void {
  if (!ok) throw new Mismatch(what);
}

/** One client: its own connection, its own random sequence, until `deadline` (ms, performance.now()). */
async function client(store: Store, fixture: Fixture, id: number, seed: number, deadline: number, out: LoadResult): Promise<void> {
  const rand = rng(seed * 7919 + id * 104_729 + 1);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const fixed = fixtureBlobs(fixture);
  const ownSmall: KnownBlob[] = [];
  const ownBig: KnownBlob[] = [];
  const closures = fixture.closures.map((c) => ({ root: B3Digest.parse(c.root), digests: c.digests }));
  const total = OPS.reduce((s, op) => s + WEIGHTS[op], 0);
  const known = (): KnownBlob => (rand() < 0.3 && ownSmall.length + ownBig.length > 0 ? pick([...ownSmall, ...ownBig]) : pick(fixed));
  let n = 0;

  const put = async (size: number, keep: KnownBlob[], max: number): Promise<void> => {
    const data = randomFillSync(Buffer.allocUnsafe(size));
    const digest = B3Digest.of(data);
    const r = await store.blobs.put(data);
    check(r.digest.equals(digest) && r.size === BigInt(size), `put of ${size} bytes answered ${r.digest.toHex()} (${r.size} bytes), expected ${digest.toHex()}`);
    out.bytesWritten += size;
    keep.push({ digest, data });
    if (keep.length > max) keep.shift();
  };

  const run: Record<Op, () => Promise<void>> = {
    "blob put small": () => put(1 + Math.floor(rand() * 16 * 1024), ownSmall, 32),
    "blob put 1 MiB": () => put(MiB - 4096 + Math.floor(rand() * 8192), ownBig, 2),
    "blob stat": async () => {
      const b = known();
      const s = await store.blobs.stat(b.digest);
      check(s !== null, `stat of ${b.digest.toHex()} answered null`);
      const sum = s!.chunks.reduce((a, c) => a + c.size, 0);
      check(s!.size === BigInt(b.data.length) && (s!.chunks.length === 0 || sum === b.data.length), `stat of ${b.digest.toHex()}: size ${s!.size}, chunks sum ${sum}, expected ${b.data.length}`);
    },
    "blob read full": async () => {
      const b = known();
      const r = await store.blobs.read(b.digest);
      check(r !== null, `read of ${b.digest.toHex()} answered null`);
      const got = await readAll(r!);
      check(got.equals(b.data), `read of ${b.digest.toHex()}: ${got.length} bytes differ from the ${b.data.length} put`);
      out.bytesRead += got.length;
    },
    "blob read range": async () => {
      const b = known();
      const offset = Math.floor(rand() * b.data.length);
      const length = 1 + Math.floor(rand() * Math.min(256 * 1024, b.data.length - offset));
      const r = await store.blobs.read(b.digest, { offset, length });
      check(r !== null, `read of ${b.digest.toHex()} answered null`);
      const got = await readAll(r!);
      check(got.equals(b.data.subarray(offset, offset + length)), `range ${offset}+${length} of ${b.digest.toHex()} differs (${got.length} bytes)`);
      out.bytesRead += got.length;
    },
    "directory put": async () => {
      const pool = [...fixed, ...ownSmall].map((b) => ({ digest: b.digest, size: b.data.length }));
      const c = closure(`c${id}-${n}`, pool, Math.floor(rand() * 1000));
      const p = store.directories.putter();
      for (const d of c) await p.put(d);
      const root = await p.close();
      check(root.equals(c.at(-1)!.digest()), `closure put answered root ${root.toHex()}, expected ${c.at(-1)!.digest().toHex()}`);
      closures.push({ root, digests: c.map((d) => d.digest().toHex()) });
      if (closures.length > fixture.closures.length + 16) closures.splice(fixture.closures.length, 1);
    },
    "directory get": async () => {
      const c = pick(closures);
      const got: string[] = [];
      for await (const d of store.directories.getRecursive(c.root)) got.push(d.digest().toHex());
      check(got[0] === c.root.toHex() && [...got].sort().join() === [...c.digests].sort().join(), `closure of ${c.root.toHex()}: got ${got.length} directories, expected ${c.digests.length}`);
    },
    "path-info get": async () => {
      const p = pick(fixture.paths);
      const sp = parseStorePath(p.storePath);
      const info = await store.pathInfos.get(sp.digest);
      check(info !== null, `path-info get of ${p.storePath} answered null`);
      check(
        info!.storePath.name === sp.name &&
          Buffer.from(info!.storePath.digest).equals(sp.digest) &&
          Buffer.from(info!.narSha256).equals(nixbase32Decode(p.narHash.replace(/^sha256:/, ""))) &&
          String(info!.narSize) === p.narSize,
        `path-info get of ${p.storePath} answered another path info`,
      );
    },
    "path-info list": async () => {
      const seen = new Set<string>();
      for await (const info of store.pathInfos.list()) seen.add(`${Buffer.from(info.storePath.digest).toString("hex")}-${info.storePath.name}`);
      for (const p of fixture.paths) {
        const sp = parseStorePath(p.storePath);
        check(seen.has(`${Buffer.from(sp.digest).toString("hex")}-${sp.name}`), `path-info list lacks ${p.storePath} (${seen.size} listed)`);
      }
    },
  };

  while (performance.now() < deadline) {
    let x = rand() * total;
    let op: Op = OPS[0];
    for (const o of OPS) if ((x -= WEIGHTS[o]) < 0) { op = o; break; }
    n++;
    const t0 = performance.now();
    try {
      await run[op]();
      out.latencies[op].push(performance.now() - t0);
    } catch (e) {
      out.errors.push(`client ${id} ${op}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}

const emptyResult = (clients: number, procs: number): LoadResult => ({
  seconds: 0,
  clients,
  procs,
  latencies: Object.fromEntries(OPS.map((op) => [op, []])) as unknown as Record<Op, number[]>,
  bytesWritten: 0,
  bytesRead: 0,
  errors: [],
});

/** Connects `ids.length` clients, then calls `ready` and runs them from `go()` for `seconds`. */
async function runClients(url: string, ids: readonly number[], seconds: number, fixture: Fixture, seed: number, go: () => Promise<void>): Promise<LoadResult> {
  const out = emptyResult(ids.length, 0);
  const stores = await Promise.all(ids.map(() => openStore(storeUrl(url))));
  try {
    // A first stat on each connection, so that connecting and the services' checks are not timed.
    const first = B3Digest.parse(fixture.blobs[0]!.digest);
    await Promise.all(stores.map((s) => s.blobs.stat(first)));
    await go();
    const t0 = performance.now();
    const deadline = t0 + seconds * 1000;
    await Promise.all(stores.map((s, i) => client(s, fixture, ids[i]!, seed, deadline, out)));
    return { ...out, seconds: (performance.now() - t0) / 1000 };
  } finally {
    await Promise.all(stores.map((s) => s.close().catch(() => undefined)));
  }
}

/** Runs the load and returns every latency; never throws for a failed operation (see `errors`). */
export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const procs = o.procs ?? 2;
  const seed = o.seed ?? 1;
  const ids = Array.from({ length: o.clients }, (_, i) => i);
  if (procs === 0) return { ...(await runClients(o.url, ids, o.seconds, o.fixture, seed, async () => {})), procs: 0 };

  const script = fileURLToPath(import.meta.url);
  const workers = Array.from({ length: procs }, () => fork(script, ["--worker"], { stdio: ["ignore", "inherit", "inherit", "ipc"] }));
  const exited = workers.map((w) => new Promise<void>((resolve) => w.once("exit", () => resolve())));
  try {
    const handles = workers.map((w, k) => {
      const ready = deferred<void>();
      const result = deferred<LoadResult>();
      const fail = (why: string): void => {
        const e = new Error(`load worker ${k}: ${why}`);
        ready.reject(e);
        result.reject(e);
      };
      w.on("message", (m: { ready?: true; result?: LoadResult; error?: string }) => {
        if (m.ready) ready.resolve();
        else if (m.result) result.resolve(m.result);
        else if (m.error) fail(m.error);
      });
      w.once("exit", (code, signal) => fail(`exited (${code ?? signal})`));
      w.send({ url: o.url, ids: ids.filter((i) => i % procs === k), seconds: o.seconds, fixture: o.fixture, seed });
      return { ready: ready.promise, result: result.promise };
    });
    // Started together once every worker has connected its clients.
    await Promise.all(handles.map((h) => h.ready));
    for (const w of workers) w.send({ go: true });
    const parts = await Promise.all(handles.map((h) => h.result));
    const out = emptyResult(o.clients, procs);
    for (const p of parts) {
      for (const op of OPS) out.latencies[op].push(...p.latencies[op]);
      out.bytesWritten += p.bytesWritten;
      out.bytesRead += p.bytesRead;
      out.errors.push(...p.errors);
    }
    return { ...out, seconds: Math.max(...parts.map((p) => p.seconds)) };
  } finally {
    for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill("SIGTERM");
    await Promise.all(exited);
  }
}

/** A promise with its resolve and reject; a rejection nobody awaited yet is not "unhandled". */
function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: Error) => void } {
  let resolve!: (v: T) => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

// Worker: take the job, connect, say ready, wait for go, run, send the result, exit.
if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] === "--worker") {
  process.once("message", (job: { url: string; ids: number[]; seconds: number; fixture: Fixture; seed: number }) => {
    const go = (): Promise<void> =>
      new Promise((resolve) => {
        process.send!({ ready: true });
        process.once("message", () => resolve());
      });
    runClients(job.url, job.ids, job.seconds, job.fixture, job.seed, go).then(
      (result) => process.send!({ result }, () => process.exit(0)),
      (e: unknown) => process.send!({ error: e instanceof Error ? e.stack ?? e.message : String(e) }, () => process.exit(1)),
    );
  });
}
