import assert from "node:assert/strict";
import { before, after, describe, test } from "node:test";
import { ERROR_CODE_HEADER, ERROR_HEADER, blake3, directorySubjects, toLong } from "@castore/core";
import { DIRECTORY_WITH_KEEP, EMPTY_BLOB_DIGEST } from "@castore/core/testing";
import { ChunkedBlobService, JetStreamChunkStore } from "@castore/blob";
import { withNatsServer } from "@castore/nats-server";
import { castore, tvix } from "@castore/proto";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { Kvm } from "@nats-io/kv";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { JetStreamDirectoryStore } from "./jetstream.js";
import { startDirectoryServer } from "./server.js";

const pb = castore.nats.v1;
const D = tvix.castore.v1;
const subjects = directorySubjects("castore");
const digest = EMPTY_BLOB_DIGEST.bytes;
const name = (s: string | number[]) => (typeof s === "string" ? Buffer.from(s) : Buffer.from(s));
const u64 = toLong;

describe("directory service over the wire", () => {
  let nc: NatsConnection;
  const cleanups: (() => unknown)[] = [];
  before(async () => {
    const server = await withNatsServer({ after: (fn) => void cleanups.push(fn) });
    nc = await connect({ servers: server.url });
    const blobs = new ChunkedBlobService(await JetStreamChunkStore.open(nc, { prefix: "castore" }));
    const store = await JetStreamDirectoryStore.open(nc, { prefix: "castore", blobs });
    const svc = await startDirectoryServer(nc, { prefix: "castore", store, blobs });
    cleanups.push(() => svc.stop(), () => nc.close());
  });
  after(async () => {
    for (const fn of cleanups.reverse()) await fn();
  });

  async function stored(): Promise<number> {
    const jsm = await jetstreamManager(nc);
    return (await jsm.streams.info("KV_castore-dirs_castore")).state.messages;
  }

  async function put(dirs: Uint8Array[], extra: Partial<castore.nats.v1.IPutDirectoriesRequest> = {}): Promise<{ code: number; error: string }> {
    const req = pb.PutDirectoriesRequest.encode({ last: true, directories: dirs.map((encoded) => ({ encoded })), ...extra }).finish();
    const m = await nc.request(subjects.put, req, { timeout: 5000 });
    return { code: Number(m.headers?.get(ERROR_CODE_HEADER) ?? 200), error: m.headers?.get(ERROR_HEADER) ?? "" };
  }

  const enc = (d: tvix.castore.v1.IDirectory) => D.Directory.encode(d).finish();
  const file = (n: Buffer, dg = digest) => ({ name: n, digest: dg });

  const rules: [string, Uint8Array[], RegExp][] = [
    ["an empty name", [enc({ files: [file(name(""))] })], /name is empty/],
    ['the name "."', [enc({ files: [file(name("."))] })], /name is "\."/],
    ['the name ".."', [enc({ files: [file(name(".."))] })], /name is "\.\."/],
    ['a name with "/"', [enc({ files: [file(name("a/b"))] })], /name contains "\/"/],
    ["a name with NUL", [enc({ files: [file(name([0x61, 0]))] })], /name contains NUL/],
    ["a 256-byte name", [enc({ files: [file(name("n".repeat(256)))] })], /256 bytes, more than 255/],
    ["an empty symlink target", [enc({ symlinks: [{ name: name("l"), target: name("") }] })], /target is empty/],
    ["a symlink target with NUL", [enc({ symlinks: [{ name: name("l"), target: name([0x61, 0]) }] })], /target contains NUL/],
    ["a 4096-byte symlink target", [enc({ symlinks: [{ name: name("l"), target: name("t".repeat(4096)) }] })], /4096 bytes, more than 4095/],
    ["a 31-byte file digest", [enc({ files: [file(name("f"), new Uint8Array(31))] })], /digest must be 32 bytes, got 31/],
    ["a 33-byte directory digest", [enc({ directories: [{ name: name("d"), digest: new Uint8Array(33), size: 1 }] })], /digest must be 32 bytes, got 33/],
    ["unsorted names", [enc({ files: [file(name("b")), file(name("a"))] })], /wrong sorting in files/],
    ["a duplicate name in one list", [enc({ files: [file(name("a")), file(name("a"))] })], /duplicate name "a" in files/],
    ["a duplicate name across lists", [enc({ files: [file(name("a"))], symlinks: [{ name: name("a"), target: name("t") }] })], /duplicate name "a"/],
    [
      "entry sizes overflowing u64",
      [enc({ directories: [{ name: name("a"), digest, size: u64(2n ** 64n - 2n) }, { name: name("b"), digest, size: u64(5n) }] })],
      /size overflow/,
    ],
    ["a reference to an unknown directory", [enc({ directories: [{ name: name("d"), digest, size: 1 }] })], /unknown directory was referenced/],
    [
      "a wrong child size",
      [DIRECTORY_WITH_KEEP.encode(), enc({ directories: [{ name: name("k"), digest: DIRECTORY_WITH_KEEP.digest().bytes, size: 7 }] })],
      /wrong size: .* with size 7, but that directory has size 1/,
    ],
    [
      "a parent sent before its child",
      [enc({ directories: [{ name: name("k"), digest: DIRECTORY_WITH_KEEP.digest().bytes, size: 1 }] }), DIRECTORY_WITH_KEEP.encode()],
      /directory [0-9a-f]{64} was sent after [0-9a-f]{64} which refers to it \(uploads go leaves to root\)/,
    ],
    ["two roots", [DIRECTORY_WITH_KEEP.encode(), enc({ files: [file(name("other"))] })], /disconnected roots/],
    ["no directories", [], /got no directories/],
    ["malformed protobuf", [Uint8Array.from([0x0a, 0xff, 0x01])], /malformed Directory protobuf/],
  ];

  test("a retried last page of a multi-page upload whose closure is stored succeeds (its reply was lost)", async () => {
    const uploadId = Buffer.alloc(16, 9);
    const child = enc({ files: [file(name("only-in-the-retry-test"))] });
    const first = pb.PutDirectoriesRequest.encode({ uploadId, sequence: 0, directories: [{ encoded: child }] }).finish();
    const parent = enc({ directories: [{ name: name("keep"), digest: blake3(child), size: 1 }] });
    const last = pb.PutDirectoriesRequest.encode({ uploadId, sequence: 1, last: true, directories: [{ encoded: parent }] }).finish();
    assert.equal((await nc.request(subjects.put, first, { timeout: 5000 })).headers?.get(ERROR_CODE_HEADER) ?? null, null);
    const r1 = await nc.request(subjects.put, last, { timeout: 5000 });
    assert.equal(r1.headers?.get(ERROR_CODE_HEADER) ?? null, null, r1.headers?.get(ERROR_HEADER));
    const r2 = await nc.request(subjects.put, last, { timeout: 5000 });
    assert.equal(r2.headers?.get(ERROR_CODE_HEADER) ?? null, null, r2.headers?.get(ERROR_HEADER));
    assert.deepEqual(Buffer.from(pb.PutDirectoriesResponse.decode(r2.data).rootDigest), Buffer.from(pb.PutDirectoriesResponse.decode(r1.data).rootDigest));
  });

  test("a directory sent in a non-canonical encoding is stored in its canonical one", async () => {
    const canonical = enc({ files: [file(name("sent-with-an-unknown-field"))] });
    // Field 15 (varint 1) is not in the schema: decoding drops it, so the digest is of `canonical`.
    const sent = Buffer.concat([canonical, Uint8Array.of(0x78, 0x01)]);
    const parent = enc({ directories: [{ name: name("c"), digest: blake3(canonical), size: 1 }] });
    const r = await put([sent, parent]);
    assert.equal(r.code, 200, r.error);
    const kv = await new Kvm(jetstream(nc)).open("castore-dirs_castore");
    const record = await kv.get(Buffer.from(blake3(canonical)).toString("hex"));
    assert.ok(record !== null && Buffer.from(record.value).equals(canonical));
  });

  for (const [what, dirs, reason] of rules) {
    test(`an upload with ${what} gets 400 with the reason and stores nothing`, async () => {
      const before = await stored();
      const r = await put(dirs);
      assert.equal(r.code, 400, r.error);
      assert.match(r.error, reason);
      assert.equal(await stored(), before);
    });
  }

  test("a malformed request message gets 400", async () => {
    for (const s of Object.values(subjects)) {
      const m = await nc.request(s, Uint8Array.from([0x0a, 0xff, 0xff, 0x01]), { timeout: 5000 });
      assert.equal(m.headers?.get(ERROR_CODE_HEADER), "400", s);
    }
  });

  test("a last page whose earlier pages never arrived gets 400 naming the page", async () => {
    const r = await put([DIRECTORY_WITH_KEEP.encode()], { uploadId: Buffer.alloc(16, 7), sequence: 2 });
    assert.equal(r.code, 400);
    assert.match(r.error, /upload page 0 of 3 was not received/);
  });

  test("a batch get over the limit gets 413 and an oversized request 413", async () => {
    const many = Array.from({ length: 1025 }, () => digest);
    const m = await nc.request(subjects.get, pb.GetDirectoriesRequest.encode({ digests: many }).finish(), { timeout: 5000 });
    assert.equal(m.headers?.get(ERROR_CODE_HEADER), "413");
    const big = await nc.request(subjects.get, new Uint8Array(100 * 1024), { timeout: 5000 });
    assert.equal(big.headers?.get(ERROR_CODE_HEADER), "413");
  });

  test("a valid upload after all the bad ones is stored", async () => {
    const before = await stored();
    const r = await put([DIRECTORY_WITH_KEEP.encode()]);
    assert.equal(r.code, 200, r.error);
    assert.equal(await stored(), before + 1);
  });

  test("the directory service is discoverable with $SRV.PING", async () => {
    const ping = JSON.parse(new TextDecoder().decode((await nc.request("$SRV.PING.castore-directory", undefined, { timeout: 2000 })).data));
    assert.equal(ping.metadata.prefix, "castore");
  });
});
