// `castore blob put FILE|-` and `castore blob stat DIGEST`: store a blob, show its size and chunks.
import { createReadStream, statSync } from "node:fs";
import type { Readable } from "node:stream";
import { notFound } from "@castore/core";
import { UsageError } from "../args.js";
import { makeOutput } from "../output.js";
import { Progress } from "../progress.js";
import { parseBlobRef } from "../ref.js";
import { setup } from "../setup.js";
import { withStore } from "../store.js";

export const usage = "castore blob put FILE|- [--json]\n  castore blob stat DIGEST [--json]";

export async function blob(argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  if (sub === "put") return put(rest);
  if (sub === "stat") return stat(rest);
  throw new UsageError(`usage: ${usage}`);
}

async function put(argv: string[]): Promise<void> {
  const { values, positionals, cfg, log } = await setup(argv, { json: { type: "boolean" } });
  if (positionals.length !== 1) throw new UsageError("usage: castore blob put FILE|- [--json]");
  const path = positionals[0]!;
  let source: Readable;
  let size: number | undefined;
  if (path === "-") {
    source = process.stdin;
  } else {
    // Fail on a missing or unreadable file before starting or connecting to anything.
    const st = statSync(path);
    if (st.isDirectory()) throw new UsageError(`${path} is a directory; blob put stores one file`);
    size = st.size;
    source = createReadStream(path, { highWaterMark: 1024 * 1024 });
  }
  const r = await withStore(cfg, log, async ({ blobs }) => {
    const progress = Progress.forTransfer("put", size);
    try {
      return await blobs.put(progress === null ? source : source.pipe(progress.meter()));
    } finally {
      progress?.finish();
    }
  });
  makeOutput(values["json"] === true).result({
    digest: r.digest.toHex(),
    size: r.size,
    chunks: r.chunks,
    bytesUploaded: r.bytesUploaded,
    chunksUploaded: r.chunksUploaded,
    chunksSkipped: r.chunksSkipped,
  });
}

async function stat(argv: string[]): Promise<void> {
  const { values, positionals, cfg, log } = await setup(argv, { json: { type: "boolean" } });
  if (positionals.length !== 1) throw new UsageError("usage: castore blob stat DIGEST [--json]");
  const digest = parseBlobRef(positionals[0]!);
  const st = await withStore(cfg, log, ({ blobs }) => blobs.stat(digest));
  if (st === null) throw notFound(`blob ${digest} not found`);
  makeOutput(values["json"] === true).result({
    digest: st.digest.toHex(),
    size: st.size,
    // Counted like `blob put` does: a blob stored as one chunk has one, the empty blob none.
    chunks: st.chunks.length > 0 ? st.chunks.length : st.size > 0n ? 1 : 0,
    chunkList: st.chunks.map((c) => ({ digest: c.digest.toHex(), size: c.size })),
  });
}
