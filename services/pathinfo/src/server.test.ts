import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { B3Digest, ERROR_CODE_HEADER, ERROR_HEADER, Directory, fileNode, nodeToProto, pathInfoSubjects, toLong } from "@castore/core";
import { memoryBlobService } from "@castore/blob";
import { memoryDirectoryService } from "@castore/directory";
import { withNatsServer } from "@castore/nats-server";
import { castore, tvix } from "@castore/proto";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { MemoryPathInfoStore } from "./memory.js";
import { calculateNar } from "./nar.js";
import { startPathInfoServer } from "./server.js";

const s = pathInfoSubjects("castore");
const P = tvix.store.v1;
const HASH = "00bgd045z0d4icpbc2yyz4gx48ak44la";
const REF = "/nix/store/00bgd045z0d4icpbc2yyz4gx48ak44la-net-tools-1.60_p20170221182432";
describe("path-info service over the wire", () => {
  let nc: NatsConnection;
  let store: MemoryPathInfoStore;
  const cleanups: (() => unknown)[] = [];
  const blobs = memoryBlobService();
  const dirs = memoryDirectoryService();
  let dirDigest: B3Digest;
  let figures: { narSize: bigint; narSha256: Uint8Array };
  before(async () => {
    const server = await withNatsServer({ after: (fn) => void cleanups.push(fn) });
    nc = await connect({ servers: server.url });
    store = new MemoryPathInfoStore();
    const svc = await startPathInfoServer(nc, { prefix: "castore", store, blobs, dirs });
    cleanups.push(() => svc.stop(), () => nc.close());
    const empty = Directory.fromEntries([fileNode("f", B3Digest.of(new Uint8Array(0)), 0)]);
    dirDigest = await dirs.put(empty);
    figures = await calculateNar({ type: "directory", name: new Uint8Array(0), digest: dirDigest, size: 1n }, blobs, dirs);
  });
  after(async () => {
    for (const fn of cleanups.reverse()) await fn();
  });

  async function call(subject: string, payload: Uint8Array): Promise<{ code: number; error: string; data: Uint8Array }> {
    const m = await nc.request(subject, payload, { timeout: 5000 });
    return { code: Number(m.headers?.get(ERROR_CODE_HEADER) ?? 200), error: m.headers?.get(ERROR_HEADER) ?? "", data: m.data };
  }

  const node = (name = `${HASH}-tree`) => nodeToProto({ type: "directory", name: Buffer.from(name), digest: dirDigest, size: 1n });
  const valid = (): tvix.store.v1.IPathInfo => ({
    node: node(),
    references: [],
    narinfo: { narSize: toLong(figures.narSize), narSha256: figures.narSha256, signatures: [], referenceNames: [] },
  });
  const put = (m: tvix.store.v1.IPathInfo) => call(s.put, P.PathInfo.encode(m).finish());
  // Built when the test runs: the fixture directory exists only after before().
  const variant = (f: (m: tvix.store.v1.IPathInfo) => void) => (): tvix.store.v1.IPathInfo => {
    const m = valid();
    f(m);
    return m;
  };

  const rules: [string, () => tvix.store.v1.IPathInfo, RegExp][] = [
    ["no narinfo", variant((m) => delete m.narinfo), /narinfo is missing/],
    ["no node", variant((m) => delete m.node), /node is missing/],
    ["a node with no type", variant((m) => (m.node = {})), /node has no type/],
    ["a node name that is not a store path basename", variant((m) => (m.node = node("not-a-store-path"))), /not a store path basename/],
    ["a node name with a bad hash character", variant((m) => (m.node = node(`${"e".repeat(32)}-x`))), /not a store path basename/],
    ["a node with a 31-byte digest", variant((m) => (m.node = { directory: { name: Buffer.from(`${HASH}-x`), digest: new Uint8Array(31), size: 1 } })), /digest must be 32 bytes, got 31/],
    ["a 19-byte reference", variant((m) => { m.references = [new Uint8Array(19)]; m.narinfo!.referenceNames = [REF.slice(11)]; }), /reference 0 must be 20 bytes, got 19/],
    ["more references than reference names", variant((m) => { m.references = [new Uint8Array(20)]; }), /1 references but 0 reference names/],
    ["a reference name that does not match its digest", variant((m) => { m.references = [new Uint8Array(20)]; m.narinfo!.referenceNames = [REF.slice(11)]; }), /does not match reference digest 0/],
    ["a reference name that is not a store path", variant((m) => { m.references = [new Uint8Array(20)]; m.narinfo!.referenceNames = ["nope"]; }), /reference name 0 "nope" is not a store path basename/],
    ["a 31-byte nar_sha256", variant((m) => (m.narinfo!.narSha256 = new Uint8Array(31))), /nar_sha256 must be 32 bytes, got 31/],
    ["a 63-byte signature", variant((m) => (m.narinfo!.signatures = [{ name: "k", data: new Uint8Array(63) }])), /signature 0 must be 64 bytes, got 63/],
    ["a deriver with a 19-byte digest", variant((m) => (m.narinfo!.deriver = { name: "foo", digest: new Uint8Array(19) })), /deriver digest must be 20 bytes, got 19/],
    ["a deriver with an invalid name", variant((m) => (m.narinfo!.deriver = { name: "bad name", digest: new Uint8Array(20) })), /deriver name "bad name" is not valid/],
    ["a CA digest of the wrong length", variant((m) => (m.narinfo!.ca = { type: 0, digest: new Uint8Array(20) })), /CA digest for NAR_SHA256 must be 32 bytes, got 20/],
    ["an unknown CA hash type", variant((m) => (m.narinfo!.ca = { type: 42 as never, digest: new Uint8Array(32) })), /unknown CA hash type 42/],
  ];

  for (const [what, msg, reason] of rules) {
    test(`a put with ${what} gets 400 with the reason and stores nothing`, async () => {
      const r = await put(msg());
      assert.equal(r.code, 400, r.error);
      assert.match(r.error, reason);
      assert.equal((await store.listPage(null, 10)).infos.length, 0);
    });
  }

  test("a valid put is stored and returned", async () => {
    const r = await put(valid());
    assert.equal(r.code, 200, r.error);
    assert.equal(P.PathInfo.decode(r.data).node?.directory?.digest?.length, 32);
    assert.equal((await store.listPage(null, 10)).infos.length, 1);
  });

  test("get with a 19-byte hash gets 400, without by_what 400, and an unknown hash 404", async () => {
    assert.equal((await call(s.get, P.GetPathInfoRequest.encode({ byOutputHash: new Uint8Array(19) }).finish())).code, 400);
    assert.match((await call(s.get, new Uint8Array(0))).error, /by_output_hash is required/);
    assert.equal((await call(s.get, P.GetPathInfoRequest.encode({ byOutputHash: new Uint8Array(20).fill(7) }).finish())).code, 404);
  });

  test("calculate_nar of a named node gets 400 and of missing content 404", async () => {
    const named = tvix.castore.v1.Node.encode(node()).finish();
    assert.match((await call(s.calculateNar, named)).error, /must be anonymous/);
    const missing = tvix.castore.v1.Node.encode({ directory: { digest: B3Digest.of(Uint8Array.of(1)).bytes, size: 1 } }).finish();
    assert.equal((await call(s.calculateNar, missing)).code, 404);
  });

  test("calculate_nar with a wrong file size gets 400 with the right figures, and no 500", async () => {
    const big = Buffer.alloc(2_000_000, 7);
    const { digest } = await blobs.put(big);
    for (const size of [5, 2_000_001]) {
      const node = tvix.castore.v1.Node.encode({ file: { digest: digest.bytes, size: toLong(BigInt(size)) } }).finish();
      const r = await call(s.calculateNar, node);
      assert.equal(r.code, 400, r.error);
      assert.equal(r.error, `blob ${digest} has 2000000 bytes, but the file node that names it says ${size}`);
    }
  });

  test("a list cursor the service did not make gets 400", async () => {
    for (const cursor of [Buffer.from("made-up"), Buffer.alloc(12, 0xff), Buffer.from("e".repeat(32))]) {
      const r = await call(s.list, castore.nats.v1.ListPathInfoPageRequest.encode({ cursor, limit: 10 }).finish());
      assert.equal(r.code, 400, cursor.toString());
      assert.match(r.error, /list cursor of \d+ bytes is not one this service made/);
    }
  });

  test("malformed protobuf on every subject gets 400; a list page over the limit 413", async () => {
    for (const subject of Object.values(s)) {
      assert.equal((await call(subject, Uint8Array.from([0x0a, 0xff, 0xff, 0x01]))).code, 400, subject);
    }
    assert.equal((await call(s.list, castore.nats.v1.ListPathInfoPageRequest.encode({ limit: 5000 }).finish())).code, 413);
  });
});
