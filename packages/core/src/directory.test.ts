import assert from "node:assert/strict";
import { test } from "node:test";
import { tvix } from "@castore/proto";
import { Directory, decodeNode, encodeDirect, encodeNode, toLong } from "./directory.js";
import { B3Digest } from "./digest.js";
import { isStoreError } from "./errors.js";
import { DIRECTORY_COMPLICATED, DIRECTORY_WITH_KEEP, EMPTY_BLOB_DIGEST } from "./fixtures.js";
import { U64_MAX, directoryNode, fileNode, symlinkNode, validateNode, type Node } from "./nodes.js";

const pb = tvix.castore.v1;
const D = EMPTY_BLOB_DIGEST;

function rejects(fn: () => unknown, message: string | RegExp): void {
  assert.throws(fn, (e) => {
    assert.ok(isStoreError(e), `expected a StoreError, got ${String(e)}`);
    assert.equal(e.code, 400);
    if (typeof message === "string") assert.equal(e.message, message);
    else assert.match(e.message, message);
    return true;
  });
}

// --- golden vectors from outside tools ---

test("the empty directory encodes to zero bytes and has BLAKE3('') as digest", () => {
  // snix castore/src/proto/tests/directory.rs; also: printf '' | b3sum
  assert.equal(Directory.empty().encode().length, 0);
  assert.equal(Directory.empty().digest().toHex(), "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262");
});

test("DIRECTORY_WITH_KEEP encodes and hashes as protoc + b3sum say", () => {
  // printf 'files { name: ".keep" digest: "<empty blob digest as \x escapes>" }' |
  //   protoc -I packages/proto/proto --encode=tvix.castore.v1.Directory tvix/castore/v1/castore.proto | xxd -p
  assert.equal(
    Buffer.from(DIRECTORY_WITH_KEEP.encode()).toString("hex"),
    "12290a052e6b6565701220af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262",
  );
  // ... | b3sum
  assert.equal(DIRECTORY_WITH_KEEP.digest().toHex(), "8b5b5d642b646bb8ed504b0862c39413e87e57491497de7bd075953f7b83810e");
});

test("DIRECTORY_COMPLICATED's digest equals protoc + b3sum", () => {
  // printf 'directories { name: "keep" digest: "<DIRECTORY_WITH_KEEP digest>" size: 1 }
  //   files { name: ".keep" digest: "<empty blob digest>" }
  //   symlinks { name: "aa" target: "/nix/store/somewhereelse" }' |
  //   protoc ... --encode=tvix.castore.v1.Directory ... | b3sum
  assert.equal(DIRECTORY_COMPLICATED.digest().toHex(), "3f951a15afd586fb3121ef4d13d582e811ce0e5a7f21c0497fd87490e9e2355a");
});

test("names that sort differently as UTF-16 than as bytes, a non-UTF-8 name and a u64::MAX size hash as protoc + b3sum say", () => {
  // U+FFFF is EF BF BF in UTF-8 and U+1F600 is F0 9F 98 80: bytewise U+FFFF sorts first,
  // while as JS (UTF-16) strings U+1F600 (D83D DE00) sorts first.
  assert.ok("\u{1F600}" < "\uFFFF");
  const dir = Directory.fromEntries([
    fileNode(Uint8Array.from([0xff, 0xfe]), D, 42),
    fileNode("\u{1F600}", D, 1),
    fileNode("\uFFFF", D, U64_MAX, true),
  ]);
  assert.deepEqual(
    dir.files.map((f) => Buffer.from(f.name).toString("hex")),
    ["efbfbf", "f09f9880", "fffe"],
  );
  // printf 'files { name: "\357\277\277" digest: "<empty>" size: 18446744073709551615 executable: true }
  //   files { name: "\360\237\230\200" digest: "<empty>" size: 1 }
  //   files { name: "\377\376" digest: "<empty>" size: 42 }' | protoc ... --encode=tvix.castore.v1.Directory ... | b3sum
  assert.equal(dir.digest().toHex(), "2a208d88ff7df0aa3e74a6a02440c314bf886fa7acf47b5d3f5e19f6bad58150");
  assert.equal(Directory.decode(dir.encode()).files[0]!.size, U64_MAX);
});

// --- canonical form ---

test("decoding and re-encoding a canonical directory gives the same bytes", () => {
  const bytes = DIRECTORY_COMPLICATED.encode();
  assert.deepEqual(Directory.decode(bytes).encode(), bytes);
});

test("explicit proto3 defaults and unknown fields are dropped, giving the canonical digest", () => {
  // size: 0 and executable: false written explicitly, plus an unknown field 15.
  const w = pb.Directory.encode({
    files: [{ name: Buffer.from(".keep"), digest: D.bytes, size: toLong(0n), executable: false }],
  });
  w.uint32((15 << 3) | 2).bytes(Buffer.from("junk"));
  const nonCanonical = w.finish();
  assert.notDeepEqual(nonCanonical, DIRECTORY_WITH_KEEP.encode());
  assert.ok(Directory.decode(nonCanonical).digest().equals(DIRECTORY_WITH_KEEP.digest()));
});

test("malformed protobuf is an InvalidArgument", () => {
  rejects(() => Directory.decode(Uint8Array.from([0x0a, 0x05, 0x01])), /^malformed Directory protobuf/);
});

test("entries() yields all three lists merged in bytewise name order", () => {
  assert.deepEqual(
    [...DIRECTORY_COMPLICATED.entries()].map((n) => Buffer.from(n.name).toString()),
    [".keep", "aa", "keep"],
  );
  assert.equal(DIRECTORY_COMPLICATED.get(Buffer.from("aa"))?.type, "symlink");
  assert.equal(DIRECTORY_COMPLICATED.get(Buffer.from("nope")), null);
});

test("a Node round-trips through its protobuf, anonymous or named", () => {
  for (const n of [directoryNode("", DIRECTORY_WITH_KEEP.digest(), 1), fileNode("x", D, 5n, true), symlinkNode("l", "../t")]) {
    const back = decodeNode(encodeNode(n));
    assert.equal(back.type, n.type);
    assert.ok(Buffer.from(back.name).equals(n.name));
    assert.deepEqual(encodeNode(back), encodeNode(n));
  }
});

test("a Node with no type set is rejected", () => {
  rejects(() => decodeNode(new Uint8Array(0)), "node has no type: none of directory, file, symlink is set");
});

// --- one test per validation rule ---

const bad = (entries: Node[]): (() => Directory) => () => Directory.fromEntries(entries);

test("an empty name is rejected", () => {
  rejects(bad([fileNode("", D, 0)]), 'invalid name "": name is empty');
});

test('the name "." is rejected', () => {
  rejects(bad([fileNode(".", D, 0)]), 'invalid name ".": name is "."');
});

test('the name ".." is rejected', () => {
  rejects(bad([directoryNode("..", D, 0)]), 'invalid name "..": name is ".."');
});

test('a name containing "/" is rejected', () => {
  rejects(bad([symlinkNode("a/b", "t")]), 'invalid name "a/b": name contains "/"');
});

test("a name containing NUL is rejected", () => {
  rejects(bad([fileNode("a\0b", D, 0)]), 'invalid name "a\\x00b": name contains NUL');
});

test("a name of 256 bytes is rejected and one of 255 accepted", () => {
  rejects(bad([fileNode("x".repeat(256), D, 0)]), /name is 256 bytes, more than 255$/);
  assert.equal(Directory.fromEntries([fileNode("x".repeat(255), D, 0)]).length, 1);
});

test("an empty symlink target is rejected", () => {
  rejects(bad([symlinkNode("l", "")]), 'symlink "l": target is empty');
});

test("a symlink target containing NUL is rejected", () => {
  rejects(bad([symlinkNode("l", "a\0")]), 'symlink "l": target contains NUL');
});

test("a symlink target of 4096 bytes is rejected and one of 4095 with slashes accepted", () => {
  rejects(bad([symlinkNode("l", "a".repeat(4096))]), 'symlink "l": target is 4096 bytes, more than 4095');
  assert.equal(Directory.fromEntries([symlinkNode("l", "/" + "a/".repeat(2047))]).length, 1);
});

test("a file digest that is not 32 bytes is rejected", () => {
  const bytes = pb.Directory.encode({ files: [{ name: Buffer.from("f"), digest: new Uint8Array(31) }] }).finish();
  rejects(() => Directory.decode(bytes), 'file "f": digest must be 32 bytes, got 31');
});

test("a directory digest that is not 32 bytes is rejected", () => {
  const bytes = pb.Directory.encode({ directories: [{ name: Buffer.from("d"), digest: new Uint8Array(33) }] }).finish();
  rejects(() => Directory.decode(bytes), 'directory "d": digest must be 32 bytes, got 33');
});

test("a list that is not sorted bytewise is rejected as wrong sorting", () => {
  rejects(
    () => Directory.fromLists([], [fileNode("b", D, 0), fileNode("a", D, 0)], []),
    'wrong sorting in files: "a" comes after "b"',
  );
});

test("a list sorted as UTF-16 strings but not as bytes is rejected", () => {
  rejects(
    () => Directory.fromLists([], [fileNode("\u{1F600}", D, 0), fileNode("\uFFFF", D, 0)], []),
    /^wrong sorting in files/,
  );
});

test("equal neighbours in one list are rejected as a duplicate name", () => {
  rejects(
    () => Directory.fromLists([], [], [symlinkNode("a", "x"), symlinkNode("a", "y")]),
    'duplicate name "a" in symlinks',
  );
});

test("the same name in two lists is rejected as a duplicate name", () => {
  rejects(bad([fileNode("a", D, 0), directoryNode("a", D, 1)]), 'duplicate name "a"');
});

test("entry sizes whose sum overflows u64 are rejected", () => {
  rejects(
    bad([directoryNode("a", D, U64_MAX - 1n), directoryNode("b", D, 0)]),
    'size overflow at "b": entry sizes exceed u64',
  );
  // U64_MAX - 1 + 1 fits exactly.
  assert.equal(Directory.fromEntries([directoryNode("a", D, U64_MAX - 1n)]).size(), U64_MAX);
});

test("a node size that does not fit in a u64 is rejected", () => {
  assert.throws(() => validateNode(fileNode("f", D, U64_MAX + 1n)), /size 18446744073709551616 is not a u64/);
});

test("an anonymous root node must have an empty name", () => {
  validateNode(fileNode("", D, 0), { anonymous: true });
  assert.throws(() => validateNode(fileNode("x", D, 0), { anonymous: true }), /must be anonymous/);
});

// --- size rule ---

test("a directory's size is its entry count plus the sizes of its child directories", () => {
  assert.equal(DIRECTORY_WITH_KEEP.size(), 1n);
  assert.equal(DIRECTORY_COMPLICATED.size(), 3n + 1n);
  assert.equal(Directory.empty().size(), 0n);
});

test("edge sizes from the documented value up to 2 × entries + child sizes are accepted", () => {
  // DIRECTORY_COMPLICATED: 3 entries, child size 1 -> emit 4, accept 4..7.
  assert.equal(DIRECTORY_COMPLICATED.maxAcceptedSize(), 7n);
  assert.ok(!DIRECTORY_COMPLICATED.acceptsSize(3n));
  assert.ok(DIRECTORY_COMPLICATED.acceptsSize(4n));
  assert.ok(DIRECTORY_COMPLICATED.acceptsSize(7n));
  assert.ok(!DIRECTORY_COMPLICATED.acceptsSize(8n));
});

test("the direct encoder writes exactly what protobufjs writes, for every kind of entry and size", () => {
  const pbDir = tvix.castore.v1.Directory;
  const rnd = (() => {
    let x = 12345;
    return () => (x = (x * 1103515245 + 12345) >>> 0) / 2 ** 32;
  })();
  const sizes = [0n, 1n, 127n, 128n, 16383n, 16384n, 2n ** 32n, 2n ** 53n - 1n];
  for (let round = 0; round < 200; round++) {
    const entries: Node[] = [];
    const names = new Set<string>();
    const n = Math.floor(rnd() * 12);
    for (let i = 0; i < n; i++) {
      const len = 1 + Math.floor(rnd() * (rnd() < 0.1 ? 250 : 20));
      const name = Buffer.from(Array.from({ length: len }, () => 1 + Math.floor(rnd() * 254)).map((b) => (b === 0x2f ? 0x30 : b)));
      if (names.has(name.toString("hex")) || (len <= 2 && /^2e(2e)?$/.test(name.toString("hex")))) continue;
      names.add(name.toString("hex"));
      const digest = B3Digest.of(name);
      const size = sizes[Math.floor(rnd() * sizes.length)]!;
      const kind = rnd();
      if (kind < 0.3) entries.push(directoryNode(name, digest, size));
      else if (kind < 0.8) entries.push(fileNode(name, digest, size, rnd() < 0.5));
      else entries.push(symlinkNode(name, Buffer.from(Array.from({ length: 1 + Math.floor(rnd() * 200) }, () => 1 + Math.floor(rnd() * 254)))));
    }
    const dir = Directory.fromEntries(entries);
    const direct = encodeDirect(dir.directories, dir.files, dir.symlinks)!;
    const viaPb = pbDir
      .encode(
        pbDir.create({
          // proto3 defaults omitted, as prost writes them (protobufjs writes any field that is set)
          directories: dir.directories.map((d) => ({ name: d.name, digest: d.digest.bytes, ...(d.size !== 0n ? { size: toLong(d.size) } : {}) })),
          files: dir.files.map((f) => ({
            name: f.name,
            digest: f.digest.bytes,
            ...(f.size !== 0n ? { size: toLong(f.size) } : {}),
            ...(f.executable ? { executable: true } : {}),
          })),
          symlinks: dir.symlinks.map((l) => ({ name: l.name, target: l.target })),
        }),
      )
      .finish();
    assert.ok(Buffer.from(direct).equals(Buffer.from(viaPb)), `round ${round}`);
    assert.ok(Directory.decode(direct).digest().equals(dir.digest()));
  }
  assert.equal(encodeDirect([], [fileNode("x", B3Digest.of(new Uint8Array(1)), 2n ** 53n, false)], []), null, "past 2^53: protobufjs encodes it");
});
