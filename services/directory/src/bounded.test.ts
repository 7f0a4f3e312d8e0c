// An upload is validated and stored without holding its directories as Directory objects: the
// service reads its staged pages one at a time (twice), the in-process putter holds encodings.
// Checked by structure: how many Directory objects a heap snapshot finds alive.
import assert from "node:assert/strict";
import { test } from "node:test";
import { B3Digest, Directory, directoryNode, fileNode, type EncodedDirectory } from "@castore/core";
import { liveInstances } from "@castore/core/testing";
import { castore } from "@castore/proto";
import { MemoryPageStaging } from "@castore/service-kit";
import { directoryHandlers } from "./handlers.js";
import { StoreDirectoryService, writeLeavesToRoot, type DirectoryStore } from "./store.js";

const pb = castore.nats.v1;
const LEAVES = 3000;
// Well below LEAVES, well above what one page and a window of writes hold.
const BOUND = 300;

/** LEAVES directories of 20 files, then one root over them, made as consumed (none kept here). */
function* upload(): Generator<Directory> {
  const edges = [];
  for (let i = 0; i < LEAVES; i++) {
    const digest = B3Digest.of(Buffer.from(`file ${i}`));
    const leaf = Directory.fromEntries(Array.from({ length: 20 }, (_, k) => fileNode(`file-${k}`, digest, i)));
    yield leaf;
    edges.push(directoryNode(`d${i}`, leaf.digest(), leaf.size()));
  }
  yield Directory.fromEntries(edges);
}

/** Keeps bytes, not objects, and counts live Directory objects as putClosure starts and halfway. */
class BytesStore implements DirectoryStore {
  readonly records = new Map<string, Uint8Array>();
  live: { atStart: number; halfway: number } | null = null;

  async getMany(digests: readonly B3Digest[]): Promise<(Directory | null)[]> {
    return digests.map((d) => {
      const b = this.records.get(d.toHex());
      return b === undefined ? null : Directory.decode(b);
    });
  }

  async putClosure(root: B3Digest, leavesToRoot: AsyncIterable<EncodedDirectory>): Promise<void> {
    const atStart = await liveInstances("Directory");
    let halfway = -1;
    await writeLeavesToRoot(root, leavesToRoot, 8, async (dir) => {
      this.records.set(dir.digest().toHex(), Uint8Array.from(dir.encode()));
      if (this.records.size === LEAVES / 2) halfway = await liveInstances("Directory");
    });
    this.live = { atStart, halfway };
  }

  async close(): Promise<void> {}
}

test("the service validates and stores a many-page upload holding at most a page of directories", async (t) => {
  const store = new BytesStore();
  const h = directoryHandlers(store, null, new MemoryPageStaging(), 1 << 20);
  const uploadId = Buffer.alloc(16, 1);
  let sequence = 0;
  let items: { encoded: Uint8Array }[] = [];
  let bytes = 0;
  let root: B3Digest | null = null;
  for (const dir of upload()) {
    if (bytes > 128 * 1024) {
      await h.put(pb.PutDirectoriesRequest.encode({ uploadId, sequence: sequence++, directories: items, last: false }).finish());
      items = [];
      bytes = 0;
    }
    items.push({ encoded: dir.encode() });
    bytes += dir.encode().length;
    root = dir.digest();
  }
  const reply = await h.put(pb.PutDirectoriesRequest.encode({ uploadId, sequence, directories: items, last: true }).finish());
  assert.ok(sequence > 10, `${sequence + 1} pages`);
  assert.ok(root!.equals(pb.PutDirectoriesResponse.decode(reply).rootDigest));
  assert.equal(store.records.size, LEAVES + 1);
  // The validator's state, and the second pass halfway through writing.
  t.diagnostic(`Directory objects alive: ${store.live!.atStart} after validation, ${store.live!.halfway} halfway through storing`);
  assert.ok(store.live!.atStart < BOUND, `${store.live!.atStart} Directory objects alive after validation`);
  assert.ok(store.live!.halfway >= 0 && store.live!.halfway < BOUND, `${store.live!.halfway} alive halfway`);
});

test("the in-process putter holds encodings, not Directory objects, until close()", async (t) => {
  const store = new BytesStore();
  const p = new StoreDirectoryService(store).putter();
  let root: B3Digest | null = null;
  for (const dir of upload()) {
    await p.put(dir);
    root = dir.digest();
  }
  assert.equal(store.records.size, 0, "nothing is stored before close()");
  assert.ok((await p.close()).equals(root!));
  assert.equal(store.records.size, LEAVES + 1);
  t.diagnostic(`Directory objects alive: ${store.live!.atStart} after validation, ${store.live!.halfway} halfway through storing`);
  assert.ok(store.live!.atStart < BOUND, `${store.live!.atStart} Directory objects alive after validation`);
  assert.ok(store.live!.halfway >= 0 && store.live!.halfway < BOUND, `${store.live!.halfway} alive halfway`);
});
