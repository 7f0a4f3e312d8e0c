import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { B3Digest } from "./digest.js";
import { Directory } from "./directory.js";
import { pseudoRandomBytes } from "./fixtures.js";
import { hashPath, type FileSink } from "./hash-path.js";
import { ingestNar } from "./nar-ingest.js";
import { cases, nixDump } from "./nar-test-trees.js";
import type { FileNode, Node } from "./nodes.js";

const work = mkdtempSync(join(tmpdir(), "castore-hash-path-test-"));
after(() => rmSync(work, { recursive: true, force: true }));

function tree(name: string, big: Buffer): string {
  const root = join(work, name);
  mkdirSync(join(root, "sub"), { recursive: true });
  writeFileSync(join(root, "a"), "alpha");
  writeFileSync(join(root, "sub", "big"), big);
  writeFileSync(join(root, "sub", "empty"), "");
  symlinkSync("a", join(root, "link"));
  return root;
}

test("onFile sinks get every file's bytes from the one read, in NAR order, and the same node", async () => {
  const big = Buffer.alloc(3 * 1024 * 1024 + 17, 7);
  const root = tree("sinks", big);
  const seen: { path: string; size: bigint; data: Buffer; node?: FileNode }[] = [];
  const plain = await hashPath(root);
  const r = await hashPath(root, {
    onFile: async (f) => {
      const entry: (typeof seen)[number] = { path: f.path.toString(), size: f.size, data: Buffer.alloc(0) };
      seen.push(entry);
      const sink: FileSink = {
        // The walker reuses its buffer: a sink that keeps bytes must copy them.
        write: async (piece) => void (entry.data = Buffer.concat([entry.data, piece])),
        end: (node) => void (entry.node = node),
        abort: () => assert.fail("nothing failed"),
      };
      return sink;
    },
  });
  assert.deepEqual(r, plain, "a sink changes nothing about the result");
  assert.deepEqual(
    seen.map((s) => s.path),
    [join(root, "a"), join(root, "sub", "big"), join(root, "sub", "empty")],
  );
  assert.deepEqual(seen[1]!.data, big);
  assert.equal(seen[1]!.size, BigInt(big.length));
  assert.ok(seen[1]!.node!.digest.equals(B3Digest.of(big)));
  assert.equal(seen[2]!.data.length, 0);
});

test("a failing walk aborts the open sink and rejects with the walk's error", async () => {
  const root = tree("abort", Buffer.alloc(10, 1));
  const aborted: unknown[] = [];
  const boom = new Error("sink refused");
  await assert.rejects(
    hashPath(root, {
      onFile: (f) =>
        f.path.toString().endsWith("big")
          ? {
              write: () => Promise.reject(boom),
              end: () => assert.fail("never ends"),
              abort: (e) => void aborted.push(e),
            }
          : undefined,
    }),
    boom,
  );
  assert.deepEqual(aborted, [boom]);
});

test("onDirectory may be async and is awaited, children before parents", async () => {
  const root = tree("dirs", Buffer.alloc(1, 1));
  const order: string[] = [];
  const r = await hashPath(root, {
    onDirectory: async (d) => {
      await new Promise((res) => setTimeout(res, 5));
      order.push(d.digest().toHex());
    },
  });
  assert.equal(order.length, 2);
  assert.equal(order[1], (r.node as { digest: B3Digest }).digest.toHex(), "the root comes last");
});

// --- the NAR figures and file nodes against Nix and an independent BLAKE3 ---

/** A node with its byte fields as hex, to compare nodes whatever Uint8Array subclass they hold. */
const plain = (n: Node): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(n).map(([k, v]) => [k, v instanceof Uint8Array ? Buffer.from(v).toString("hex") : v instanceof B3Digest ? v.toHex() : v]),
  );

function regularFilesInNarOrder(p: Buffer): Buffer[] {
  const st = lstatSync(p);
  if (st.isFile()) return [p];
  if (!st.isDirectory()) return [];
  return readdirSync(p, { encoding: "buffer" })
    .sort(Buffer.compare)
    .flatMap((n) => regularFilesInNarOrder(Buffer.concat([p, Buffer.from("/"), n])));
}

async function checkAgainstNix(root: string): Promise<void> {
  const files = new Map<string, { data: Buffer[]; node?: FileNode }>();
  const events: string[] = [];
  const ended = new Set<string>();
  const delivered: Directory[] = [];
  const r = await hashPath(root, {
    onFile: (f) => {
      const entry: { data: Buffer[]; node?: FileNode } = { data: [] };
      files.set(f.path.toString("latin1"), entry);
      events.push(`file ${f.path.toString("latin1")}`);
      assert.equal(f.size, BigInt(lstatSync(f.path).size));
      return {
        write: (piece) => void entry.data.push(Buffer.from(piece)),
        end: (node) => {
          events.push(`end ${f.path.toString("latin1")}`);
          ended.add(node.digest.toHex());
          entry.node = node;
        },
        abort: () => assert.fail("nothing failed"),
      };
    },
    onDirectory: (d) => {
      // Every file of this directory has ended before it is delivered.
      for (const f of d.files) assert.ok(ended.has(f.digest.toHex()), "a file's end comes before its directory");
      events.push(`dir ${d.digest().toHex()}`);
      delivered.push(d);
    },
  });
  const nar = nixDump(root);
  assert.equal(r.narSize, BigInt(nar.length), "NAR size as nix-store --dump");
  assert.equal(Buffer.from(r.narSha256).toString("hex"), createHash("sha256").update(nar).digest("hex"), "NAR SHA-256");
  // The same walk without callbacks (which encodes directories itself) gives the same result...
  assert.deepEqual(await hashPath(root), r);
  assert.deepEqual(await hashPath(root, { onFile: () => undefined }), r);
  // ...and so does ingesting Nix's NAR of it, which builds its directories independently.
  const ingested = await ingestNar([nar], {
    putBlob: async (data) => {
      const parts: Uint8Array[] = [];
      if (data instanceof Uint8Array) parts.push(data);
      else for await (const piece of data) parts.push(piece);
      return B3Digest.of(Buffer.concat(parts));
    },
    putDirectory: async () => {},
  });
  assert.deepEqual(plain({ ...ingested.node, name: r.node.name }), plain(r.node), "the root node as ingestNar gives it");
  // The directories handed out are not changed by the rest of the walk.
  for (const d of delivered) assert.ok(Directory.fromLists(d.directories, d.files, d.symlinks).digest().equals(d.digest()));
  for (const [path, f] of files) {
    const disk = readFileSync(Buffer.from(path, "latin1"));
    assert.deepEqual(Buffer.concat(f.data), disk, `bytes given for ${path}`);
    assert.ok(f.node!.digest.equals(B3Digest.of(disk)), `digest of ${path}`);
    assert.equal(f.node!.size, BigInt(disk.length));
    assert.equal(f.node!.executable, (statSync(Buffer.from(path, "latin1")).mode & 0o100) !== 0);
  }
  // Files come in NAR order (bytewise sorted names, depth first)...
  assert.deepEqual([...files.keys()], regularFilesInNarOrder(Buffer.from(root)).map((p) => p.toString("latin1")));
  // ...and each is announced, then ended, before the next one is announced.
  for (let i = 0; i < events.length; i++) {
    if (events[i]!.startsWith("file ")) assert.equal(events[i + 1], `end ${events[i]!.slice(5)}`);
  }
}

for (const [label, make] of cases) {
  test(`hashPath of ${label}: the NAR of nix-store --dump, BLAKE3 of each file`, async () => {
    await checkAgainstNix(make());
  });
}

test("hashPath around its read sizes and buffer boundaries matches nix-store --dump", async () => {
  const root = join(work, "sizes");
  mkdirSync(join(root, "many"), { recursive: true });
  const K = 1024;
  const sizes = [0, 1, 7, 8, 9, 4095, 4096, 64 * K - 1, 64 * K, 64 * K + 1, 300 * K, 512 * K + 5, 1024 * K, 1024 * K + 1, 3 * 1024 * K + 17];
  for (const [i, n] of sizes.entries()) {
    writeFileSync(join(root, `s${String(i).padStart(2, "0")}`), pseudoRandomBytes(n, i + 1), { mode: i % 3 === 0 ? 0o755 : 0o644 });
  }
  // Enough small files, with names and symlinks between them, to fill the NAR buffer many times.
  for (let i = 0; i < 600; i++) {
    const name = join(root, "many", `f${i}`);
    if (i % 50 === 7) symlinkSync(`target-${"x".repeat(i % 300)}`, name);
    else writeFileSync(name, pseudoRandomBytes((i * 997) % (60 * K), i));
  }
  mkdirSync(join(root, "many", "zz-empty-dir"));
  await checkAgainstNix(root);
});

test("the root may be a file or a symlink, which is not followed", async () => {
  const f = join(work, "root-file");
  writeFileSync(f, pseudoRandomBytes(5000, 3), { mode: 0o755 });
  await checkAgainstNix(f);
  const l = join(work, "root-link");
  symlinkSync(f, l);
  const r = await hashPath(l, { onFile: () => assert.fail("a symlink is not read") });
  assert.equal(r.node.type, "symlink");
  assert.deepEqual(Buffer.from(r.narSha256), createHash("sha256").update(nixDump(l)).digest());
});

test("an unsupported file type is an InvalidArgument naming it", async () => {
  const root = join(work, "fifo");
  mkdirSync(root);
  writeFileSync(join(root, "a"), "a");
  execFileSync("mkfifo", [join(root, "pipe")]);
  await assert.rejects(hashPath(root), /unsupported file type at .*pipe/);
});

test("a chain of directories as deep as PATH_MAX allows: the same with and without Directory objects", async () => {
  // A short base: every path below it, at 2 bytes a level, must stay under PATH_MAX (4096).
  const base = mkdtempSync("/tmp/hp-");
  try {
    const root = `${base}/t`;
    let p = root;
    mkdirSync(p);
    for (let i = 0; i < 1_900; i++) mkdirSync((p += "/d"));
    writeFileSync(`${p}/file`, "at the bottom\n");
    symlinkSync("file", `${p}/link`);
    let dirs = 0;
    const withObjects = await hashPath(root, { onDirectory: () => void dirs++ });
    assert.equal(dirs, 1_901);
    const plainWalk = await hashPath(root);
    assert.deepEqual(plain(plainWalk.node), plain(withObjects.node));
    assert.deepEqual(plainWalk, withObjects);
    const nar = nixDump(root);
    assert.equal(plainWalk.narSize, BigInt(nar.length));
    assert.deepEqual(Buffer.from(plainWalk.narSha256), createHash("sha256").update(nar).digest());
  } finally {
    execFileSync("rm", ["-rf", base]); // Node 20's recursive rmSync overflows at this depth
  }
});
