// Depth: a 10,000-deep chain (as `import-nar` can bring in) through every walker that does not
// touch the filesystem, and a chain as deep as PATH_MAX allows on disk through hash, dump and
// restore. Nothing may overflow the stack or cost time or memory quadratic in the depth.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { after, describe, test } from "node:test";
import { B3Digest } from "./digest.js";
import type { Directory } from "./directory.js";
import { LeavesToRootValidator, RootToLeavesValidator } from "./graph.js";
import { hashPath } from "./hash-path.js";
import { ingestNar } from "./nar-ingest.js";
import { readNar } from "./nar-parse.js";
import { restoreNar } from "./nar-restore.js";
import { readNarTree, type NarTree } from "./nar-tree.js";
import { narOfPath, renderNar, type NarSources } from "./nar-writer.js";
import { deepChainNar } from "./testing.js";

const NIX_ENV = { ...process.env, NIX_CONFIG: "experimental-features = nix-command\nsubstituters =" };
const DEPTH = 10_000;

async function collect(it: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const p of it) parts.push(p);
  return Buffer.concat(parts);
}

const sha256 = (b: Uint8Array): string => createHash("sha256").update(b).digest("hex");

/** Pieces of `b` of `n` bytes, so tokens straddle chunk boundaries. */
function* pieces(b: Uint8Array, n: number): Generator<Uint8Array> {
  for (let i = 0; i < b.length; i += n) yield b.subarray(i, i + n);
}

describe(`a ${DEPTH}-deep NAR`, () => {
  const nar = deepChainNar(DEPTH);

  test("is read event by event, each event with its depth and name", async () => {
    const reader = readNar(pieces(nar, 4099));
    let events = 0;
    let depth = -1;
    let fileAt: { depth: number; name: string } | null = null;
    for await (const ev of reader) {
      events++;
      if (ev.type === "directory") {
        assert.equal(ev.depth, depth + 1);
        assert.equal(Buffer.from(ev.name).toString(), ev.depth === 0 ? "" : "d");
        depth = ev.depth;
      } else if (ev.type === "directory-end") {
        assert.equal(ev.depth, depth);
        depth--;
      } else if (ev.type === "file") {
        fileAt = { depth: ev.depth, name: Buffer.from(ev.name).toString() };
      }
    }
    assert.equal(depth, -1);
    assert.deepEqual(fileAt, { depth: DEPTH + 1, name: "file" });
    assert.equal(events, 2 * (DEPTH + 1) + 1);
    assert.equal(reader.summary.narSize, BigInt(nar.length));
    assert.equal(Buffer.from(reader.summary.narSha256).toString("hex"), sha256(nar));
  });

  test("reads into a tree as deep", async () => {
    const { root } = await readNarTree([nar]);
    let node: NarTree = root;
    let levels = 0;
    while (node.type === "directory") {
      assert.equal(node.entries.length, 1);
      node = node.entries[0]!.node;
      levels++;
    }
    assert.equal(levels, DEPTH + 1);
    assert.equal(node.type, "file");
  });

  test("an error at its bottom names the offset and the end of the path", async () => {
    const bad = Buffer.from(nar);
    // The file's name, "file", sits after DEPTH levels of 136 bytes and the bottom's
    // ( type directory entry ( name (104 bytes).
    const at = 24 + 136 * DEPTH + 104;
    assert.equal(bad.subarray(at + 8, at + 12).toString(), "file");
    bad.write("..", at + 8);
    bad.writeUInt32LE(2, at);
    bad.fill(0, at + 10, at + 16);
    await assert.rejects(readNarTree([bad]), (e: Error) => {
      const where = `…"(/d)+" \\(a path of ${2 * DEPTH - 1} bytes, depth ${DEPTH}\\)`;
      assert.match(e.message, new RegExp(`^invalid NAR at byte ${at} in ${where}: invalid entry name "\\.\\.": name is "\\.\\."$`));
      return true;
    });
  });

  test("ingests, validates both ways, and renders back byte for byte", async () => {
    const blobs = new Map<string, Uint8Array>();
    const dirs = new Map<string, Directory>();
    const upload = new LeavesToRootValidator();
    const sent: Directory[] = [];
    const got = await ingestNar(pieces(nar, 65_536), {
      putBlob: async (data) => {
        const bytes = data instanceof Uint8Array ? data : await collect(data);
        const d = B3Digest.of(bytes);
        blobs.set(d.toHex(), bytes);
        return d;
      },
      putDirectory: async (dir) => {
        upload.add(dir);
        sent.push(dir);
        dirs.set(dir.digest().toHex(), dir);
      },
    });
    assert.equal(got.narSize, BigInt(nar.length));
    assert.equal(Buffer.from(got.narSha256).toString("hex"), sha256(nar));
    assert.equal(dirs.size, DEPTH + 1);
    assert.equal(got.node.type, "directory");
    if (got.node.type !== "directory") return;
    assert.equal(got.node.size, BigInt(DEPTH + 1));

    const validated = upload.finish();
    assert.ok(validated.root.equals(got.node.digest));
    const stored: Directory[] = [];
    for await (const d of validated.leavesToRoot(sent)) stored.push(d);
    assert.equal(stored.length, DEPTH + 1);
    const read = new RootToLeavesValidator(got.node.digest);
    for (const d of stored.reverse()) read.add(d);
    read.finish();

    const sources: NarSources = {
      getDirectory: async (d) => dirs.get(d.toHex()) ?? null,
      readBlob: async (d) => {
        const b = blobs.get(d.toHex());
        return b === undefined ? null : (async function* () { yield* pieces(b, 4096); })();
      },
    };
    const rendered = await collect(renderNar(got.node, sources));
    assert.ok(rendered.equals(nar), "the rendered NAR is the NAR ingested");
  });
});

describe("a chain of directories as deep as PATH_MAX allows", () => {
  // A short base: every path below it, at 2 bytes a level, must stay under PATH_MAX (4096).
  const base = mkdtempSync("/tmp/cd-");
  // rm(1), not rmSync: Node 20's recursive remove recurses, and overflows at this depth.
  after(() => execFileSync("rm", ["-rf", base]));
  const LEVELS = 1_900;
  const root = `${base}/t`;
  let p = root;
  mkdirSync(p);
  for (let i = 0; i < LEVELS; i++) mkdirSync((p += "/d"));
  writeFileSync(`${p}/file`, "at the bottom\n");
  const nixNar = execFileSync("nix-store", ["--dump", root], { env: NIX_ENV, maxBuffer: 1 << 26 });

  test("narOfPath writes what nix-store --dump writes", async () => {
    assert.ok((await collect(narOfPath(root))).equals(nixNar));
  });

  test("hashPath gives the NAR figures of nix-store --dump and every directory, leaves first", async () => {
    const upload = new LeavesToRootValidator();
    const h = await hashPath(root, { onDirectory: (d) => void upload.add(d) });
    assert.equal(h.narSize, BigInt(nixNar.length));
    assert.equal(Buffer.from(h.narSha256).toString("hex"), sha256(nixNar));
    assert.equal(upload.finish().count, LEVELS + 1);
  });

  test("restoreNar writes it back as nix-store --dump reads it", async () => {
    const dest = `${base}/r`;
    const summary = await restoreNar(pieces(nixNar, 65_536), dest);
    assert.equal(summary.narSize, BigInt(nixNar.length));
    assert.ok(execFileSync("nix-store", ["--dump", dest], { env: NIX_ENV, maxBuffer: 1 << 26 }).equals(nixNar));
  });
});
