import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { B3Digest } from "./digest.js";
import { hashPath, type FileSink } from "./hash-path.js";
import type { FileNode } from "./nodes.js";

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
