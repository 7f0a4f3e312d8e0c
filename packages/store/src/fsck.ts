// castore fsck: checks every record of a store kept in JetStream against what it claims, and with
// `repair` removes what is broken so that a re-import restores it — never leaving a visible record
// whose content is gone. Checked, in this order (each step uses what the previous found good):
//   chunks       BLAKE3 of the bytes equals the key; the presence index agrees (size, existence)
//   blob indexes every part present, every chunk present with its size, the whole hashes to the key
//   directories  decode canonically to their key; children present with fitting sizes; file
//                blobs present with the node's size — and, as visible directories promise a
//                complete closure, every directory above a broken one is broken too
//   path infos   decode; their root directory or blob is present and good
//   packs        each part of a good directory's packs is what its layout says, every blob
//                matching its digest; parts of directories that are not (good) in the store are
//                orphans. Missing parts are no problem (readers fill them in); --repair writes
//                them, and rewrites or removes bad ones (a pack is a copy, trusted for nothing).
// Repair removes, in that spirit, top-down: path infos, then directories (ancestors before
// descendants), then blob indexes, then chunks; the store is consistent at every step.
// The near store of a cache (`castore serve --upstream`, marked by edge.ts) holds directories and
// path infos whose file contents are fetched from the upstream when read: there, a blob that is
// absent is no problem (it is counted as left to the upstream), while one present but broken is.
// fsck reads a store that changes under it: what was written after a listing (a fill, an upload:
// children before parents, chunks before indexes) is looked up when something names it, and on a
// near store fsck holds the gc lease, so eviction (which removes) pauses while it reads.
import {
  B3Digest,
  Directory,
  blake3,
  decodePack,
  encodePack,
  formatStorePath,
  nixbase32Decode,
  nixbase32Encode,
  packLayout,
  readAll,
  type Node,
  type PackEntry,
  type PathInfo,
} from "@castore/core";
import { ChunkedBlobService, JetStreamChunkStore, SMALL_CHUNK_SIZE, TREE_PAGE_CVS, verifyCommit } from "@castore/blob";
import { JetStreamDirectoryStore } from "@castore/directory";
import { JetStreamPathInfoStore } from "@castore/pathinfo";
import type { JetStreamParams } from "@castore/service-kit";
import type { NatsConnection } from "@nats-io/nats-core";
import { nearStoreMarker } from "./edge.js";
import { takeLease } from "./gc.js";

export type FsckKind = "chunk" | "presence" | "blob" | "directory" | "pathinfo" | "pack";

export interface FsckProblem {
  readonly kind: FsckKind;
  /** Hex digest (chunk, blob, directory), store path (path info) or bucket key. */
  readonly key: string;
  readonly problem: string;
  /** Whether --repair removed (or rewrote) the record. */
  readonly repaired: boolean;
}

export interface FsckReport {
  readonly chunks: number;
  readonly blobs: number;
  /** Good blobs without their BLAKE3 tree (stored before trees existed): not a problem, reads build it. */
  readonly treesMissing: number;
  /** Of those, trees built now (--repair). */
  readonly treesBuilt: number;
  readonly directories: number;
  readonly pathInfos: number;
  /** Pack parts checked, parts that good directories lack (not a problem), and of those built now (--repair). */
  readonly packs: number;
  readonly packsMissing: number;
  readonly packsBuilt: number;
  readonly problems: number;
  readonly repaired: number;
  /** The upstreams, if the store is the near store of a cache; else null. */
  readonly upstreams: readonly string[] | null;
  /** Near store: file contents named by its directories and path infos that are left to the upstream. */
  readonly leftToUpstream: number;
}

export interface FsckOptions {
  readonly repair?: boolean;
  /** Called for each problem as it is found (and, with repair, handled). */
  readonly onProblem?: (p: FsckProblem) => void;
  /** Called as records are checked, with a running count. */
  readonly onProgress?: (checked: number) => void;
}

/** How long fsck on a near store waits for an eviction (or a gc) to end. */
const LEASE_WAIT_MS = 60_000;

export async function fsck(nc: NatsConnection, params: JetStreamParams, opts: FsckOptions = {}): Promise<FsckReport> {
  const marker = await nearStoreMarker(nc, params.prefix, params.domain);
  if (marker === null) return check(nc, params, opts, marker);
  const lease = await takeLease(nc, params, { waitMs: LEASE_WAIT_MS, what: "castore fsck" });
  try {
    return await check(nc, params, opts, marker);
  } finally {
    await lease.release();
  }
}

async function check(nc: NatsConnection, params: JetStreamParams, opts: FsckOptions, marker: { upstreams: string[] } | null): Promise<FsckReport> {
  const repair = opts.repair === true;
  const chunks = await JetStreamChunkStore.open(nc, params);
  const blobService = new ChunkedBlobService(chunks);
  const dirs = await JetStreamDirectoryStore.open(nc, { ...params, blobs: blobService });
  const infos = await JetStreamPathInfoStore.open(nc, params);
  /** Blobs found broken (not merely absent): a problem also in a near store. */
  const brokenBlobs = new Set<string>();
  const leftUpstream = new Set<string>();
  let problems = 0;
  let repaired = 0;
  let checked = 0;
  const tick = (): void => {
    if (++checked % 1000 === 0) opts.onProgress?.(checked);
  };
  const report = async (kind: FsckKind, key: string, problem: string, fix?: () => Promise<void>): Promise<void> => {
    problems++;
    let done = false;
    if (repair && fix) {
      await fix();
      done = true;
      repaired++;
    }
    opts.onProblem?.({ kind, key, problem, repaired: done });
  };

  // 1. Chunks: good ones with their sizes (the basis of everything else).
  const chunkSize = new Map<string, number>();
  let chunkCount = 0;
  for await (const hex of chunks.keys("chunks")) {
    chunkCount++;
    tick();
    const data = await chunks.rawChunk(hex);
    if (data === null) continue; // removed meanwhile
    if (Buffer.from(blake3(data)).toString("hex") !== hex) {
      brokenBlobs.add(hex);
      await report("chunk", hex, `stored bytes (${data.length}) do not hash to the chunk's digest`, () => chunks.removeChunk(hex));
      continue;
    }
    chunkSize.set(hex, data.length);
    if (data.length > SMALL_CHUNK_SIZE && (await chunks.presence(hex)) !== data.length) {
      await report("presence", hex, `the presence index lacks or misstates this ${data.length}-byte chunk`, () => chunks.setPresence(hex, data.length));
    }
  }
  /** A chunk written after the listing (a fill or an upload since): checked now; its size or null. */
  const lateChunk = async (hex: string): Promise<number | null> => {
    if (chunkSize.has(hex)) return chunkSize.get(hex)!;
    if (brokenBlobs.has(hex)) return null;
    const data = await chunks.rawChunk(hex);
    if (data === null || Buffer.from(blake3(data)).toString("hex") !== hex) return null;
    chunkSize.set(hex, data.length);
    return data.length;
  };
  for await (const hex of chunks.keys("sizes")) {
    tick();
    if ((await lateChunk(hex)) === null) await report("presence", hex, "the presence index names a chunk the store does not have", () => chunks.removePresence(hex));
  }

  // 2. Blob indexes of multi-chunk blobs.
  const blobSize = new Map<string, bigint>();
  let blobCount = 0;
  let treesMissing = 0;
  let treesBuilt = 0;
  const heads: string[] = [];
  const parts: string[] = [];
  for await (const key of chunks.keys("blobs")) (key.includes(".") ? parts : heads).push(key);
  const headSet = new Set(heads);
  for (const key of parts) {
    if (!headSet.has(key.slice(0, key.indexOf(".")))) await report("blob", key, "a blob index part whose blob has no index", () => chunks.removeBlobIndexKey(key));
  }
  for (const hex of heads) {
    blobCount++;
    tick();
    const r = await checkBlob(chunks, hex, lateChunk);
    if ("why" in r) {
      if (r.why !== null) {
        brokenBlobs.add(hex);
        await report("blob", hex, r.why, () => chunks.removeBlobIndex(hex));
      }
      continue;
    }
    // The content is whole: its tree, just computed from it, is stored where it is wrong or missing.
    const store = () => chunks.storeTree(B3Digest.parse(hex), r.levels);
    if (r.tree === "differs") await report("blob", hex, r.problem!, async () => void (await store()));
    blobSize.set(hex, r.size);
    if (r.tree === "missing") {
      treesMissing++;
      if (repair && (await store())) treesBuilt++;
    }
  }
  /** The size of a good blob (a multi-chunk blob or a single chunk), or null. */
  const storedBlob = (hex: string): bigint | null => blobSize.get(hex) ?? (chunkSize.has(hex) ? BigInt(chunkSize.get(hex)!) : null);
  /** A good blob's size; in a near store, an absent (not broken) blob is the upstream's: "upstream". */
  const goodBlob = (hex: string): bigint | "upstream" | null => {
    const have = storedBlob(hex);
    if (have !== null || marker === null || brokenBlobs.has(hex)) return have;
    leftUpstream.add(hex);
    return "upstream";
  };

  // 3. Directories: each on its own, then brokenness spreads to every ancestor.
  const good = new Map<string, Directory>();
  const broken = new Map<string, string>();
  const parents = new Map<string, string[]>();
  let dirCount = 0;
  const checkDir = async (hex: string): Promise<void> => {
    const why = await checkDirectory(dirs, blobService, hex, storedBlob, goodBlob, (dir) => {
      good.set(hex, dir);
      for (const c of dir.directories) {
        const k = c.digest.toHex();
        const ps = parents.get(k);
        if (ps) ps.push(hex);
        else parents.set(k, [hex]);
      }
    });
    if (why !== null) broken.set(hex, why);
  };
  for await (const hex of dirs.keys()) {
    dirCount++;
    tick();
    await checkDir(hex);
  }
  /** A directory written after the listing (children first: its closure too), checked now. */
  const lateSeen = new Set<string>();
  const lateDir = async (hex: string): Promise<void> => {
    const stack = [hex];
    while (stack.length > 0) {
      const k = stack.pop()!;
      if (good.has(k) || broken.has(k) || lateSeen.has(k)) continue;
      lateSeen.add(k);
      await checkDir(k);
      for (const c of good.get(k)?.directories ?? []) stack.push(c.digest.toHex());
    }
  };
  // Children referenced but absent, or present with a size the parent does not accept.
  for (const [hex, dir] of good) {
    for (const c of dir.directories) {
      const k = c.digest.toHex();
      await lateDir(k);
      const child = good.get(k);
      if (child === undefined && !broken.has(k)) broken.set(hex, `directory ${k} (entry ${Buffer.from(c.name).toString()}) is not in the store`);
      else if (child !== undefined && !child.acceptsSize(c.size)) broken.set(hex, `child ${k} has size ${child.size()}, the entry says ${c.size}`);
    }
  }
  // Ancestors of broken directories are broken: a visible directory promises its whole closure.
  const queue = [...broken.keys()];
  const order: string[] = [];
  while (queue.length > 0) {
    const k = queue.shift()!;
    order.push(k);
    for (const p of parents.get(k) ?? []) {
      if (broken.has(p)) continue;
      broken.set(p, `directory ${k} below it is broken or missing`);
      queue.push(p);
    }
  }
  for (const k of broken.keys()) good.delete(k);
  // Removed ancestors first (the reverse of the order found), so no visible directory ever
  // refers to a removed one.
  for (const hex of order.reverse()) await report("directory", hex, broken.get(hex)!, () => dirs.remove(hex));

  /**
   * After step 3: a directory written since the listing is checked with its closure, and is good
   * only if every directory below it is (what is found broken here is reported now).
   */
  const lateLook = async (hex: string): Promise<void> => {
    if (good.has(hex) || broken.has(hex)) return;
    await lateDir(hex);
    const fine = (k: string, seen = new Set<string>()): boolean => {
      if (seen.has(k)) return good.has(k);
      seen.add(k);
      const d = good.get(k);
      return d !== undefined && d.directories.every((c) => fine(c.digest.toHex(), seen) && good.get(c.digest.toHex())!.acceptsSize(c.size));
    };
    if (good.has(hex) && !fine(hex)) {
      good.delete(hex);
      broken.set(hex, "a directory below it is broken or missing");
      await report("directory", hex, broken.get(hex)!, () => dirs.remove(hex));
    } else if (broken.has(hex)) await report("directory", hex, broken.get(hex)!, () => dirs.remove(hex));
  };

  // 4. Path infos: their root content must be present and good.
  let infoCount = 0;
  for await (const key of infos.keys()) {
    infoCount++;
    tick();
    const hash = nixbase32Decode32(key);
    let info: PathInfo | null;
    try {
      info = hash === null ? null : await infos.get(hash);
    } catch (e) {
      await report("pathinfo", key, `the record does not decode: ${(e as Error).message}`, () => infos.removeKey(key));
      continue;
    }
    if (info === null) continue;
    if (info.node.type === "directory") await lateLook(info.node.digest.toHex());
    const why = rootProblem(info.node, good, goodBlob);
    if (why !== null) await report("pathinfo", formatStorePath(info.storePath), why, () => infos.remove(info!.storePath.digest));
  }

  // 5. Packs: copies of good directories' small files. Built from the chunks (every blob good).
  let packCount = 0;
  let packsMissing = 0;
  let packsBuilt = 0;
  const wanted = new Map<string, { dir: Directory; part: number; parts: number; entries: PackEntry[] }>();
  for (const [hex, dir] of good) {
    const layout = packLayout(dir);
    layout.forEach((entries, part) => wanted.set(`${hex}.${part}`, { dir, part, parts: layout.length, entries }));
  }
  const build = async (key: string): Promise<boolean> => {
    const w = wanted.get(key)!;
    const blobs: { digest: B3Digest; data: Uint8Array }[] = [];
    for (const e of w.entries) {
      const data = await chunks.rawChunk(e.digest.toHex());
      if (data === null || data.length !== e.size) return false; // removed meanwhile
      blobs.push({ digest: e.digest, data });
    }
    await chunks.putPack(key, w.part, encodePack(w.parts, blobs));
    return true;
  };
  const seenPacks = new Set<string>();
  for await (const key of chunks.keys("packs")) {
    packCount++;
    tick();
    seenPacks.add(key);
    let w = wanted.get(key);
    if (w === undefined && !good.has(key.slice(0, key.indexOf(".")))) {
      // A directory filled (with its packs) after the listing.
      const dirHex = key.slice(0, key.indexOf("."));
      await lateLook(dirHex);
      const dir = good.get(dirHex);
      if (dir !== undefined) {
        const layout = packLayout(dir);
        layout.forEach((entries, part) => wanted.set(`${dirHex}.${part}`, { dir, part, parts: layout.length, entries }));
        w = wanted.get(key);
      }
    }
    if (w === undefined) {
      await report("pack", key, "a pack part of a directory that is not in the store (or is broken), or past its last part", () => chunks.removePack(key));
      continue;
    }
    const why = packProblem(await chunks.getPack(key), w.parts, w.entries);
    if (why !== null) {
      await report("pack", key, why, async () => {
        if (!(await build(key))) await chunks.removePack(key);
      });
    }
  }
  for (const key of wanted.keys()) {
    if (seenPacks.has(key)) continue;
    packsMissing++;
    if (repair && (await build(key))) packsBuilt++;
  }

  return {
    chunks: chunkCount,
    blobs: blobCount,
    treesMissing,
    treesBuilt,
    directories: dirCount,
    pathInfos: infoCount,
    packs: packCount,
    packsMissing,
    packsBuilt,
    problems,
    repaired,
    upstreams: marker?.upstreams ?? null,
    leftToUpstream: leftUpstream.size,
  };
}

/** What is wrong with a stored pack part against its layout, or null. */
function packProblem(bytes: Uint8Array | null, parts: number, entries: readonly PackEntry[]): string | null {
  if (bytes === null) return null; // removed meanwhile
  let pack;
  try {
    pack = decodePack(bytes);
  } catch (e) {
    return `the part does not decode: ${(e as Error).message}`;
  }
  if (pack.parts !== parts) return `the part says its directory has ${pack.parts} parts; its layout has ${parts}`;
  if (pack.blobs.length !== entries.length || pack.blobs.some((b, i) => !b.digest.equals(entries[i]!.digest) || b.data.length !== entries[i]!.size)) {
    return "the part's blobs are not those its layout names";
  }
  const bad = pack.blobs.findIndex((b) => !b.digest.equals(blake3(b.data)));
  return bad < 0 ? null : `blob ${bad} (${pack.blobs[bad]!.digest}) of the part does not match its digest`;
}

type BlobCheck =
  | { readonly why: string | null } // broken (why), or removed meanwhile (null)
  | { readonly size: bigint; readonly levels: Uint8Array[]; readonly tree: "ok" | "missing" | "differs"; readonly problem?: string };

/** A blob index against its chunks and digest, and its stored tree against the one its content gives. */
async function checkBlob(chunks: JetStreamChunkStore, hex: string, chunkSize: (hex: string) => Promise<number | null>): Promise<BlobCheck> {
  let index;
  try {
    index = await chunks.blobIndex(hex);
  } catch (e) {
    return { why: `the blob index is unreadable: ${(e as Error).message}` };
  }
  if (index === null) return { why: null };
  for (const [i, c] of index.chunks.entries()) {
    const have = await chunkSize(c.digest.toHex());
    if (have === null) return { why: `chunk ${i} (${c.digest}) is missing or corrupt` };
    if (have !== c.size) return { why: `chunk ${i} (${c.digest}) is ${have} bytes, the index says ${c.size}` };
  }
  const total = index.chunks.reduce((a, c) => a + BigInt(c.size), 0n);
  if (total !== index.size) return { why: `the index says ${index.size} bytes, its chunks add up to ${total}` };
  let levels: Uint8Array[];
  try {
    // Every chunk and the whole against the blob digest, computing its tree on the way (no
    // repair here: fsck decides what to remove).
    levels = (await verifyCommit(B3Digest.parse(hex), index.chunks, (d) => chunks.rawChunk(d.toHex()))).levels;
  } catch (e) {
    return { why: `the chunks do not make up the blob: ${(e as Error).message}` };
  }
  if (!(await chunks.hasTree(hex))) return { size: index.size, levels, tree: "missing" };
  for (const [level, want] of levels.entries()) {
    const pages = Math.ceil(want.length / (TREE_PAGE_CVS * 32));
    const have = await chunks.treePages(B3Digest.parse(hex), level, 0, pages);
    if (have === null || Buffer.compare(Buffer.from(have), Buffer.from(want)) !== 0) {
      return { size: index.size, levels, tree: "differs", problem: `its stored tree differs from its content at level ${level}` };
    }
  }
  return { size: index.size, levels, tree: "ok" };
}

async function checkDirectory(
  dirs: JetStreamDirectoryStore,
  blobs: ChunkedBlobService,
  hex: string,
  storedBlob: (hex: string) => bigint | null,
  goodBlob: (hex: string) => bigint | "upstream" | null,
  onGood: (d: Directory) => void,
): Promise<string | null> {
  const raw = await dirs.raw(hex);
  if (raw === null) return null; // removed meanwhile
  let bytes: Uint8Array;
  if (raw instanceof Uint8Array) bytes = raw;
  else {
    // Kept in this store's own blobs, also in a near store.
    if (storedBlob(hex) === null) return "the directory is kept as a blob, which is missing or broken";
    bytes = await readAll((await blobs.read(B3Digest.parse(hex)))!);
  }
  let dir: Directory;
  try {
    dir = Directory.decode(bytes);
  } catch (e) {
    return `the record does not decode as a directory: ${(e as Error).message}`;
  }
  if (dir.digest().toHex() !== hex) return `the record hashes to ${dir.digest()}, not to its key`;
  for (const f of dir.files) {
    if (f.size === 0n) continue; // the empty blob always exists
    const have = goodBlob(f.digest.toHex());
    if (have === null) return `file ${Buffer.from(f.name).toString()}: blob ${f.digest} is missing or broken`;
    if (have !== "upstream" && have !== f.size) return `file ${Buffer.from(f.name).toString()}: blob ${f.digest} has ${have} bytes, the entry says ${f.size}`;
  }
  onGood(dir);
  return null;
}

function rootProblem(node: Node, good: Map<string, Directory>, goodBlob: (hex: string) => bigint | "upstream" | null): string | null {
  if (node.type === "directory") {
    const d = good.get(node.digest.toHex());
    if (d === undefined) return `its root directory ${node.digest} is missing or broken`;
    if (!d.acceptsSize(node.size)) return `its root directory ${node.digest} has size ${d.size()}, the node says ${node.size}`;
  } else if (node.type === "file" && node.size > 0n) {
    const have = goodBlob(node.digest.toHex());
    if (have === null) return `its root blob ${node.digest} is missing or broken`;
    if (have !== "upstream" && have !== node.size) return `its root blob ${node.digest} has ${have} bytes, the node says ${node.size}`;
  }
  return null;
}

/** The 20-byte hash a path-info key (nixbase32) stands for, or null if it is not one. */
function nixbase32Decode32(key: string): Uint8Array | null {
  try {
    const h = nixbase32Decode(key);
    return h.length === 20 && nixbase32Encode(h) === key ? h : null;
  } catch {
    return null;
  }
}
