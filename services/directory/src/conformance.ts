// describeDirectoryService: scenarios every DirectoryService backend must pass. Run against
// memory, JetStream, and client -> NATS -> server -> JetStream.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { B3Digest, Directory, directoryNode, fileNode, isStoreError } from "@castore/core";
import { DIRECTORY_COMPLICATED, DIRECTORY_WITH_KEEP, EMPTY_BLOB_DIGEST } from "@castore/core/testing";
import type { DirectoryService } from "./service.js";

export interface Scope {
  after(fn: () => unknown): void;
}

export interface DirectoryFixture {
  readonly dirs: DirectoryService;
  /** Overwrites a stored record behind the service's back (null: not possible for this backend). */
  readonly tamper: ((digest: B3Digest, bytes: Uint8Array) => Promise<void>) | null;
}

const ref = (name: string, d: Directory, size = d.size()) => directoryNode(name, d.digest(), size);
const leaf = (tag: string): Directory => Directory.fromEntries([fileNode(tag, EMPTY_BLOB_DIGEST, 0)]);

async function collect(it: AsyncIterable<Directory>): Promise<Directory[]> {
  const out: Directory[] = [];
  for await (const d of it) out.push(d);
  return out;
}

async function putAll(dirs: DirectoryService, list: Directory[]): Promise<B3Digest> {
  const p = dirs.putter();
  for (const d of list) await p.put(d);
  return p.close();
}

const is400 = (re: RegExp) => (e: unknown) => isStoreError(e) && e.code === 400 && re.test(e.message);

export function describeDirectoryService(name: string, make: (scope: Scope) => Promise<DirectoryFixture>, opts: { closure?: number } = {}): void {
  describe(`DirectoryService conformance: ${name}`, () => {
    let f: DirectoryFixture;
    const cleanups: (() => unknown)[] = [];
    before(async () => {
      f = await make({ after: (fn) => void cleanups.push(fn) });
    });
    after(async () => {
      for (const fn of cleanups.reverse()) await fn();
    });

    test("a directory put on its own reads back equal", async () => {
      const d = await f.dirs.put(DIRECTORY_WITH_KEEP);
      assert.ok(d.equals(DIRECTORY_WITH_KEEP.digest()));
      assert.deepEqual((await f.dirs.get(d))?.encode(), DIRECTORY_WITH_KEEP.encode());
    });

    test("the empty directory can be stored and read", async () => {
      const d = await f.dirs.put(Directory.empty());
      assert.equal((await f.dirs.get(d))?.length, 0);
    });

    test("get of an unknown digest is null and a recursive get of it is empty", async () => {
      const unknown = leaf("never stored").digest();
      assert.equal(await f.dirs.get(unknown), null);
      assert.deepEqual(await collect(f.dirs.getRecursive(unknown)), []);
    });

    test("a closure uploaded leaves to root reads back root to leaves", async () => {
      const root = await putAll(f.dirs, [DIRECTORY_WITH_KEEP, DIRECTORY_COMPLICATED]);
      assert.ok(root.equals(DIRECTORY_COMPLICATED.digest()));
      const got = await collect(f.dirs.getRecursive(root));
      assert.deepEqual(got.map((d) => d.digest().toHex()), [DIRECTORY_COMPLICATED.digest().toHex(), DIRECTORY_WITH_KEEP.digest().toHex()]);
    });

    test("a recursive get is breadth-first and sends a shared subtree once (diamond)", async () => {
      const a = leaf("a");
      const b = Directory.fromEntries([ref("x", a)]);
      const c = Directory.fromEntries([ref("y", a), leafRef("z")]);
      const root = Directory.fromEntries([ref("b", b), ref("c", c)]);
      function leafRef(n: string) {
        return ref(n, leaf(`z-${n}`));
      }
      await putAll(f.dirs, [a, leaf("z-z"), b, c, root]);
      const got = (await collect(f.dirs.getRecursive(root.digest()))).map((d) => d.digest().toHex());
      assert.deepEqual(got, [root, b, c, a, leaf("z-z")].map((d) => d.digest().toHex()));
    });

    test("an upload may refer to directories the store already has", async () => {
      const base = leaf("stored before");
      await f.dirs.put(base);
      const top = Directory.fromEntries([ref("old", base), ref("new", leaf("new"))]);
      const root = await putAll(f.dirs, [leaf("new"), top]);
      assert.equal((await collect(f.dirs.getRecursive(root))).length, 3);
    });

    test("a reference to a directory neither uploaded nor stored is rejected and nothing stored", async () => {
      const top = Directory.fromEntries([ref("ghost", leaf("ghost"))]);
      await assert.rejects(putAll(f.dirs, [top]), is400(/unknown directory was referenced/));
      assert.equal(await f.dirs.get(top.digest()), null);
    });

    test("a disconnected upload is rejected and nothing is stored", async () => {
      const a = leaf("disc-a");
      const b = leaf("disc-b");
      await assert.rejects(putAll(f.dirs, [a, b]), is400(/disconnected roots/));
      assert.equal(await f.dirs.get(a.digest()), null);
      assert.equal(await f.dirs.get(b.digest()), null);
    });

    test("a wrong child size is rejected and nothing is stored", async () => {
      const child = leaf("sized");
      const parent = Directory.fromEntries([ref("c", child, 9n)]);
      await assert.rejects(putAll(f.dirs, [child, parent]), is400(/wrong size/));
      assert.equal(await f.dirs.get(child.digest()), null);
      assert.equal(await f.dirs.get(parent.digest()), null);
    });

    test("a wrong size on a reference to a stored directory is rejected", async () => {
      const child = leaf("stored-sized");
      await f.dirs.put(child);
      const parent = Directory.fromEntries([ref("c", child, 0n)]);
      await assert.rejects(f.dirs.put(parent), is400(/wrong size/));
      assert.equal(await f.dirs.get(parent.digest()), null);
    });

    test("an empty upload is rejected", async () => {
      await assert.rejects(putAll(f.dirs, []), is400(/got no directories/));
    });

    test("a directory of 60k entries (larger than a message) works both ways", async () => {
      const entries = Array.from({ length: 60_000 }, (_, i) => fileNode(`file-${String(i).padStart(6, "0")}`, EMPTY_BLOB_DIGEST, i, i % 7 === 0));
      const big = Directory.fromEntries(entries);
      assert.ok(big.encode().length > 1 << 20);
      const top = Directory.fromEntries([ref("big", big)]);
      const root = await putAll(f.dirs, [big, top]);
      assert.deepEqual((await f.dirs.get(big.digest()))?.encode(), big.encode());
      const got = await collect(f.dirs.getRecursive(root));
      assert.equal(got.length, 2);
      assert.equal(got[1]!.length, 60_000);
    });

    test(`a closure of ${opts.closure ?? 100_000} directories round-trips`, async () => {
      const n = opts.closure ?? 100_000;
      const fanout = 100;
      const leaves = Array.from({ length: n - 1 - Math.ceil((n - 1) / (fanout + 1)) }, (_, i) => leaf(`leaf-${i}`));
      const mids: Directory[] = [];
      for (let i = 0; i < leaves.length; i += fanout) {
        mids.push(Directory.fromEntries(leaves.slice(i, i + fanout).map((l, k) => ref(`l${k}`, l))));
      }
      const root = Directory.fromEntries(mids.map((m, k) => ref(`m${String(k).padStart(5, "0")}`, m)));
      const all = [...leaves, ...mids, root];
      const digest = await putAll(f.dirs, all);
      assert.ok(digest.equals(root.digest()));
      let count = 0;
      for await (const _ of f.dirs.getRecursive(digest)) count++;
      assert.equal(count, all.length);
    });

    test("a stored directory whose bytes were tampered with fails verification", async (t) => {
      if (!f.tamper) return t.skip("this backend stores validated objects, not bytes");
      const d = leaf("to be tampered");
      await f.dirs.put(d);
      await f.tamper(d.digest(), leaf("something else").encode());
      // In-process the message says what is wrong; through NATS a service keeps details of an
      // internal failure in its log and the client gets a reference to them.
      await assert.rejects(f.dirs.get(d.digest()), (e) => isStoreError(e) && /hash to|internal error \(ref [0-9a-f]+/.test(e.message));
    });
  });
}
