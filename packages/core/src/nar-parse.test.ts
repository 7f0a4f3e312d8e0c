import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { isStoreError } from "./errors.js";
import { pseudoRandomBytes } from "./fixtures.js";
import { readNar, type NarEvent, type NarSource } from "./nar-parse.js";
import {
  NIX_ENV,
  b,
  cases,
  describe,
  diskTree,
  emptyDir,
  fresh,
  hex,
  loneFile,
  nastyTree,
  nixDump,
  pieces,
  sha,
} from "./nar-test-trees.js";
import { readNarTree } from "./nar-tree.js";
import { narOfPath } from "./nar-writer.js";

/** `nix-hash --flat` of bytes, through a file: the oracle for narSha256. */
function nixHashFlat(bytes: Uint8Array): string {
  const f = fresh("hash-input");
  writeFileSync(f, bytes);
  return execFileSync("nix-hash", ["--type", "sha256", "--flat", f], { env: NIX_ENV, encoding: "utf8" }).trim();
}

// --- consumers used by the tests ---

/** Paths from events' depths and names, as a consumer keeps them: one stack of names. */
function pathKeeper(show: (name: Uint8Array) => string): (ev: NarEvent) => string {
  const names: string[] = [];
  return (ev) => {
    names.length = Math.max(0, ev.depth - 1);
    if (ev.depth > 0) names.push(show(ev.name));
    return names.join("/");
  };
}

/** Everything a reader reports, with contents joined, as comparable text. */
async function transcript(source: NarSource): Promise<string[]> {
  const nar = readNar(source);
  const out: string[] = [];
  const pathOf = pathKeeper(hex);
  for await (const ev of nar) {
    const path = pathOf(ev);
    if (ev.type === "file") {
      const h = createHash("sha256");
      let n = 0;
      for await (const piece of ev.contents) {
        h.update(piece);
        n += piece.length;
      }
      out.push(`file ${path} exec=${ev.executable} size=${ev.size} got=${n} ${h.digest("hex")}`);
    } else if (ev.type === "symlink") {
      out.push(`symlink ${path} -> ${hex(ev.target)}`);
    } else {
      out.push(`${ev.type} ${path}`);
    }
  }
  out.push(`narSize=${nar.summary.narSize} narSha256=${hex(nar.summary.narSha256)}`);
  return out;
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

async function* asAsync(chunks: Iterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  for (const c of chunks) yield c;
}

// --- reading what Nix writes ---

for (const [label, make] of cases) {
  test(`${label} dumped by nix-store reads back as the tree on disk, with Nix's hash and size`, async () => {
    const path = make();
    const nar = nixDump(path);
    const got = await readNarTree(asAsync([nar]));
    assert.deepEqual(describe(got.root), describe(diskTree(b(path))));
    assert.equal(got.narSize, BigInt(nar.length));
    assert.equal(hex(got.narSha256), nixHashFlat(nar));
  });
}

test("events come in NAR order, each with its depth and name", async () => {
  const root = fresh("order");
  mkdirSync(root);
  mkdirSync(join(root, "d"));
  writeFileSync(join(root, "d", "f"), "hi");
  symlinkSync("d/f", join(root, "l"));
  const events: string[] = [];
  const pathOf = pathKeeper((n) => Buffer.from(n).toString());
  for await (const ev of readNar([nixDump(root)])) events.push(`${ev.type} ${ev.depth} ${pathOf(ev)}`);
  assert.deepEqual(events, [
    "directory 0 ",
    "directory 1 d",
    "file 2 d/f",
    "directory-end 1 d",
    "symlink 1 l",
    "directory-end 0 ",
  ]);
});

test("a NAR read in 1-byte pieces, odd pieces and one piece gives identical events and hash", async () => {
  const nar = nixDump(nastyTree());
  const whole = await transcript([nar]);
  const rand = rng(99);
  // Byte by byte without the 1 MiB file, which would only add time, not cases.
  const small = nixDump(nastyTree({ big: false }));
  assert.deepEqual(await transcript(asAsync(pieces(small, 1))), await transcript([small]));
  assert.deepEqual(await transcript(asAsync(pieces(nar, () => 1 + Math.floor(rand() * 20_000)))), whole);
  assert.deepEqual(await transcript(pieces(nar, 65_536)), whole);
  // Empty chunks are allowed anywhere.
  assert.deepEqual(await transcript([new Uint8Array(0), ...pieces(nar, 4096), new Uint8Array(0)]), whole);
});

test("file contents left unread, or read in part, are skipped and still hashed", async () => {
  const nar = nixDump(nastyTree());
  const full = await transcript([nar]);
  const expectedSummary = full[full.length - 1];
  for (const readPieces of [0, 1]) {
    const reader = readNar(pieces(nar, 1000));
    let files = 0;
    for await (const ev of reader) {
      if (ev.type !== "file") continue;
      files++;
      let n = 0;
      for await (const _ of ev.contents) if (++n >= readPieces) break;
    }
    assert.ok(files > 10);
    assert.equal(`narSize=${reader.summary.narSize} narSha256=${hex(reader.summary.narSha256)}`, expectedSummary);
  }
});

test("file contents pass through as views of the source's chunks, never gathered", async () => {
  const chunk = new Uint8Array(1 << 20);
  const count = 64;
  async function* source(): AsyncGenerator<Uint8Array> {
    yield frame(MAGIC, "(", "type", "regular", "contents", u64(BigInt(count * chunk.length)));
    for (let i = 0; i < count; i++) yield chunk;
    yield frame(")");
  }
  const nar = readNar(source());
  let pieces = 0;
  for await (const ev of nar) {
    assert.ok(ev.type === "file");
    for await (const piece of ev.contents) {
      assert.equal(piece.buffer, chunk.buffer);
      assert.equal(piece.length, chunk.length);
      pieces++;
    }
  }
  assert.equal(pieces, count);
  assert.equal(nar.summary.narSize, BigInt(96 + count * chunk.length + 16));
});

// --- misuse of the event protocol ---

function assertMisuse(e: unknown, message: string): true {
  assert.ok(isStoreError(e));
  assert.equal(e.code, 500);
  assert.equal(e.message, message);
  return true;
}

test("file contents cannot be read once the next event has been requested", async () => {
  const it = readNar([nixDump(loneFile(false, b("abc")))])[Symbol.asyncIterator]();
  const first = await it.next();
  assert.ok(!first.done && first.value.type === "file");
  const contents = first.value.contents;
  assert.equal((await it.next()).done, true);
  await assert.rejects(
    async () => {
      for await (const _ of contents);
    },
    (e) => assertMisuse(e, "NAR reader misuse: file contents read after the next event was requested"),
  );
});

test("file contents can be read only once", async () => {
  for await (const ev of readNar([nixDump(loneFile(false, b("abc")))])) {
    assert.ok(ev.type === "file");
    for await (const _ of ev.contents);
    await assert.rejects(
      async () => {
        for await (const _ of ev.contents);
      },
      (e) => assertMisuse(e, "NAR reader misuse: file contents can be read only once"),
    );
  }
});

test("the summary is not available before the NAR has been read to the end", async () => {
  const nar = readNar([nixDump(emptyDir())]);
  assert.throws(
    () => nar.summary,
    (e) => assertMisuse(e, "NAR reader misuse: summary read before the NAR was read to the end"),
  );
});

test("a NAR can be iterated only once", async () => {
  const nar = readNar([nixDump(emptyDir())]);
  for await (const _ of nar);
  assert.throws(
    () => nar[Symbol.asyncIterator](),
    (e) => assertMisuse(e, "NAR reader misuse: a NAR can be iterated only once"),
  );
});

test("stopping early closes the source", async () => {
  let closed = false;
  async function* source(): AsyncGenerator<Uint8Array> {
    try {
      yield* pieces(nixDump(nastyTree()), 100);
    } finally {
      closed = true;
    }
  }
  for await (const ev of readNar(source())) if (ev.type === "file") break;
  assert.equal(closed, true);
});

// --- rejections: malicious NARs framed by hand ---

class Raw {
  constructor(readonly bytes: Uint8Array) {}
}
type Part = string | Uint8Array | Raw | Part[];
const raw = (x: Uint8Array | number[]): Raw => new Raw(Uint8Array.from(x));
const u64 = (n: bigint): Raw => {
  const r = Buffer.alloc(8);
  r.writeBigUInt64LE(n);
  return new Raw(r);
};

/** NAR bytes: strings and byte arrays are framed as NAR strings, Raw goes in as is. */
function frame(...parts: Part[]): Buffer {
  const out: Uint8Array[] = [];
  const add = (p: Part): void => {
    if (Array.isArray(p)) return p.forEach(add);
    if (p instanceof Raw) return void out.push(p.bytes);
    const s = typeof p === "string" ? b(p) : p;
    const len = Buffer.alloc(8);
    len.writeBigUInt64LE(BigInt(s.length));
    out.push(len, s, new Uint8Array((8 - (s.length % 8)) % 8));
  };
  parts.forEach(add);
  return Buffer.concat(out);
}

const MAGIC = "nix-archive-1";
const file = (contents: string | Uint8Array, executable = false): Part[] => [
  "(", "type", "regular", ...(executable ? ["executable", ""] : []), "contents", contents, ")",
];
const symlink = (target: string | Uint8Array): Part[] => ["(", "type", "symlink", "target", target, ")"];
const entry = (name: string | Uint8Array, node: Part[]): Part[] => ["entry", "(", "name", name, "node", node, ")"];
const dir = (...entries: Part[][]): Part[] => ["(", "type", "directory", ...entries, ")"];

/** Offsets used below: the magic is 24 bytes; a token of up to 8 bytes is 16; "" is 8. */
async function rejects(nar: Uint8Array, message: string): Promise<void> {
  // Whole and byte by byte: where the chunks fall must not change what is reported.
  for (const source of [[nar], pieces(nar, 1)]) {
    await assert.rejects(transcript(asAsync(source)), (e) => {
      assert.ok(isStoreError(e), `expected a StoreError, got ${String(e)}`);
      assert.equal(e.code, 400);
      assert.equal(e.message, message);
      return true;
    });
  }
}

test("the framing helper writes what nix-store --dump writes", () => {
  const root = fresh("frame");
  mkdirSync(root);
  writeFileSync(join(root, "f"), "hello");
  chmodSync(join(root, "f"), 0o755);
  symlinkSync("f", join(root, "l"));
  assert.deepEqual(frame(MAGIC, dir(entry("f", file("hello", true)), entry("l", symlink("f")))), nixDump(root));
});

test("a NAR without the nix-archive-1 magic is rejected", async () => {
  await rejects(
    frame("nix-archive-2", file("")),
    'invalid NAR at byte 0 in the root node: not a NAR: expected "nix-archive-1", got "nix-archive-2"',
  );
});

test("a token string of absurd length is rejected from its length alone", async () => {
  // Nothing follows the length: were it read (or allocated for), the error would differ.
  await rejects(
    frame(MAGIC, u64(2n ** 64n - 1n)),
    'invalid NAR at byte 24 in the root node: expected "(", got a string of 18446744073709551615 bytes',
  );
});

test("a wrong token where another is expected is rejected", async () => {
  await rejects(frame(MAGIC, "[", "type", "regular"), 'invalid NAR at byte 24 in the root node: expected "(", got "["');
});

test("an unknown node type is rejected", async () => {
  await rejects(
    frame(MAGIC, "(", "type", "fifo", ")"),
    'invalid NAR at byte 56 in the root node: unknown node type "fifo" (expected "regular", "symlink" or "directory")',
  );
});

test("an unknown token in a regular file is rejected", async () => {
  await rejects(
    frame(MAGIC, "(", "type", "regular", "size", u64(0n), ")"),
    'invalid NAR at byte 72 in the root node: expected "executable" or "contents", got "size"',
  );
});

test("an executable marker with a non-empty value is rejected", async () => {
  await rejects(
    frame(MAGIC, "(", "type", "regular", "executable", "1", "contents", "", ")"),
    'invalid NAR at byte 96 in the root node: "executable" must be followed by an empty string, got "1"',
  );
});

test("an executable marker after the first is rejected", async () => {
  await rejects(
    frame(MAGIC, "(", "type", "regular", "executable", "", "executable", "", "contents", "", ")"),
    'invalid NAR at byte 104 in the root node: expected "contents", got "executable"',
  );
});

test("a file size beyond 2^53 - 1 bytes is rejected", async () => {
  await rejects(
    frame(MAGIC, "(", "type", "regular", "contents", u64(2n ** 53n)),
    "invalid NAR at byte 88 in the root node: file size 9007199254740992 is larger than this reader supports (2^53 - 1 bytes)",
  );
});

test("an unknown token in a directory is rejected", async () => {
  await rejects(
    frame(MAGIC, "(", "type", "directory", "entries", ")"),
    'invalid NAR at byte 80 in the root node: expected "entry" or ")", got "entries"',
  );
});

test("an extra token in a symlink node is rejected", async () => {
  await rejects(
    frame(MAGIC, "(", "type", "symlink", "target", "x", "target", "y", ")"),
    'invalid NAR at byte 104 in the root node: expected ")", got "target"',
  );
});

test("directory entries out of bytewise order are rejected", async () => {
  // As UTF-16 strings the order would be right; as bytes EF BF BF < F0 9F 98 80.
  await rejects(
    frame(MAGIC, dir(entry("\u{1F600}", file("")), entry("\uFFFF", file("")))),
    'invalid NAR at byte 312 in the root node: entry "\\xef\\xbf\\xbf" comes after "\\xf0\\x9f\\x98\\x80" (entries must be sorted bytewise)',
  );
});

test("duplicate directory entries are rejected", async () => {
  await rejects(
    frame(MAGIC, dir(entry("a", file("")), entry("a", symlink("x")))),
    'invalid NAR at byte 312 in the root node: duplicate entry name "a"',
  );
});

const firstNameAt = 24 + 16 + 16 + 24 + 16 + 16 + 16; // magic ( type directory entry ( name

test("an entry name containing a slash is rejected", async () => {
  await rejects(
    frame(MAGIC, dir(entry("a/b", file("")))),
    `invalid NAR at byte ${firstNameAt} in the root node: invalid entry name "a/b": name contains "/"`,
  );
});

test("an entry name containing NUL is rejected", async () => {
  await rejects(
    frame(MAGIC, dir(entry("a\0", file("")))),
    `invalid NAR at byte ${firstNameAt} in the root node: invalid entry name "a\\x00": name contains NUL`,
  );
});

test('an entry named "." is rejected', async () => {
  await rejects(
    frame(MAGIC, dir(entry(".", file("")))),
    `invalid NAR at byte ${firstNameAt} in the root node: invalid entry name ".": name is "."`,
  );
});

test('an entry named ".." is rejected', async () => {
  await rejects(
    frame(MAGIC, dir(entry("..", file("")))),
    `invalid NAR at byte ${firstNameAt} in the root node: invalid entry name "..": name is ".."`,
  );
});

test("an empty entry name is rejected", async () => {
  await rejects(
    frame(MAGIC, dir(entry("", file("")))),
    `invalid NAR at byte ${firstNameAt} in the root node: invalid entry name "": name is empty`,
  );
});

test("an entry name longer than 255 bytes is rejected from its length alone", async () => {
  await rejects(
    frame(MAGIC, dir(entry("n".repeat(256), file("")))),
    `invalid NAR at byte ${firstNameAt} in the root node: invalid entry name: name is 256 bytes, more than 255`,
  );
  await rejects(
    frame(MAGIC, "(", "type", "directory", "entry", "(", "name", u64(2n ** 40n)),
    `invalid NAR at byte ${firstNameAt} in the root node: invalid entry name: name is 1099511627776 bytes, more than 255`,
  );
});

test("errors below the root name the path of the node", async () => {
  await rejects(
    frame(MAGIC, dir(entry("d", dir(entry(b([0x78, 0xff]), dir(entry("..", file("")))))))),
    'invalid NAR at byte 400 in "d/x\\xff": invalid entry name "..": name is ".."',
  );
});

test("nesting is not limited, and an error deep down shows the end of its path", async () => {
  // Built flat: nested helpers would recurse as deep as the chain.
  const chain = (depth: number, leaf: Part[]): Part[] => [
    ...Array<Part[]>(depth).fill(["(", "type", "directory", "entry", "(", "name", "d", "node"]),
    leaf,
    ...Array<Part[]>(depth).fill([")", ")"]),
  ];
  const depth = 5000;
  let deepest = -1;
  for await (const ev of readNar([frame(MAGIC, chain(depth, file("x")))])) {
    if (ev.type === "file") deepest = ev.depth;
  }
  assert.equal(deepest, depth);
  // Each level is 136 bytes: ( type directory entry ( name d node; then ( type, and the bad type.
  const at = 24 + 136 * depth + 32;
  await rejects(
    frame(MAGIC, chain(depth, ["(", "type", "fifo", ")"])),
    `invalid NAR at byte ${at} in …"${"/d".repeat(128)}" (a path of ${2 * depth - 1} bytes, depth ${depth}): ` +
      'unknown node type "fifo" (expected "regular", "symlink" or "directory")',
  );
});

test("an empty symlink target is rejected", async () => {
  await rejects(
    frame(MAGIC, symlink("")),
    'invalid NAR at byte 88 in the root node: invalid symlink target "": target is empty',
  );
});

test("a symlink target containing NUL is rejected", async () => {
  await rejects(
    frame(MAGIC, symlink("a\0b")),
    'invalid NAR at byte 88 in the root node: invalid symlink target "a\\x00b": target contains NUL',
  );
});

test("a symlink target longer than 4095 bytes is rejected from its length alone", async () => {
  await rejects(
    frame(MAGIC, "(", "type", "symlink", "target", u64(4096n)),
    "invalid NAR at byte 88 in the root node: invalid symlink target: target is 4096 bytes, more than 4095",
  );
});

test("non-zero padding after a string is rejected", async () => {
  // "(" is a length of 1, the byte, then 7 padding bytes; the fourth one is set.
  await rejects(
    frame(MAGIC, u64(1n), raw([0x28, 0, 0, 0, 9, 0, 0, 0]), "type", "regular", "contents", "", ")"),
    'invalid NAR at byte 36 in the root node: non-zero padding byte 0x09 after token "("',
  );
});

test("non-zero padding after file contents is rejected", async () => {
  await rejects(
    frame(MAGIC, "(", "type", "regular", "contents", u64(3n), raw([1, 2, 3, 0, 0, 0, 0, 0x80]), ")"),
    "invalid NAR at byte 103 in the root node: non-zero padding byte 0x80 after file contents",
  );
});

test("an empty source is rejected as truncated", async () => {
  await rejects(new Uint8Array(0), "invalid NAR at byte 0 in the root node: NAR ends early, in the magic");
});

test("a NAR that ends inside a string is rejected as truncated", async () => {
  await rejects(
    frame(MAGIC, dir(entry("dir", dir(entry("f", file("x")))))).subarray(0, 200),
    'invalid NAR at byte 200 in "dir": NAR ends early, in the node type',
  );
});

test("a NAR that ends inside file contents is rejected as truncated", async () => {
  await rejects(
    frame(MAGIC, "(", "type", "regular", "contents", u64(1000n), raw(new Uint8Array(100))),
    "invalid NAR at byte 196 in the root node: NAR ends early, in file contents (900 of 1000 bytes missing)",
  );
});

test("a NAR whose root directory is not closed is rejected as truncated", async () => {
  await rejects(
    frame(MAGIC, "(", "type", "directory", entry("f", file(""))),
    'invalid NAR at byte 264 in the root node: NAR ends early, in token',
  );
});

test("bytes after the root node are rejected", async () => {
  const nar = frame(MAGIC, file("x"));
  await rejects(Buffer.concat([nar, b([0])]), `invalid NAR at byte ${nar.length} in the root node: trailing data after the root node`);
  // Also when they come in a chunk of their own after the NAR.
  await assert.rejects(transcript([nar, new Uint8Array(0), b("junk")]), {
    message: `invalid NAR at byte ${nar.length} in the root node: trailing data after the root node`,
  });
});

test("a truncation inside file contents surfaces from the contents and again from the events", async () => {
  const nar = frame(MAGIC, "(", "type", "regular", "contents", u64(10n), raw([1, 2, 3]));
  const message = "invalid NAR at byte 99 in the root node: NAR ends early, in file contents (7 of 10 bytes missing)";
  const it = readNar([nar])[Symbol.asyncIterator]();
  const ev = (await it.next()).value as NarEvent;
  assert.ok(ev.type === "file");
  await assert.rejects(async () => {
    for await (const _ of ev.contents);
  }, { message });
  await assert.rejects(it.next(), { message });
});

// --- round trip through the writer ---

/** A random tree of awkward names (bytes, not text), sizes around the padding and modes. */
function randomTree(root: Buffer, rand: () => number, depth: number): void {
  mkdirSync(root);
  const alphabet = [0x61, 0x62, 0x2e, 0x20, 0x2d, 0xff, 0xc3, 0xa9, 0x5a, 0x0a, 0x7e];
  const names = new Set<string>();
  const n = Math.floor(rand() * 7);
  for (let i = 0; i < n; i++) {
    const name = Buffer.from(Array.from({ length: 1 + Math.floor(rand() * 12) }, () => alphabet[Math.floor(rand() * alphabet.length)]!));
    const key = name.toString("hex");
    if (names.has(key) || name.equals(b(".")) || name.equals(b(".."))) continue;
    names.add(key);
    const p = Buffer.concat([root, b("/"), name]);
    const kind = rand();
    if (kind < 0.25 && depth > 0) {
      randomTree(p, rand, depth - 1);
    } else if (kind < 0.4) {
      symlinkSync(Buffer.concat([b("../"), name]), p);
    } else {
      const sizes = [0, 1, 7, 8, 9, 4096, Math.floor(rand() * 200_000)];
      writeFileSync(p, pseudoRandomBytes(sizes[Math.floor(rand() * sizes.length)]!, i + 1));
      if (rand() < 0.3) chmodSync(p, 0o755);
    }
  }
}

test("random trees rendered by narOfPath read back as the tree on disk", async () => {
  const rand = rng(2024);
  for (let i = 0; i < 25; i++) {
    const root = b(fresh("random"));
    randomTree(root, rand, 3);
    const chunks: Uint8Array[] = [];
    for await (const c of narOfPath(root)) chunks.push(c);
    const got = await readNarTree(asAsync(chunks));
    assert.deepEqual(describe(got.root), describe(diskTree(root)));
    assert.equal(hex(got.narSha256), sha(nixDump(root.toString())));
  }
});
