// `castore cat REF [--offset N] [--length N]`: a blob's bytes on stdout, every chunk verified
// before it is written (and a full read verified against the blob digest before its last bytes).
import { pipeline } from "node:stream/promises";
import { invalid, notFound, type B3Digest } from "@castore/core";
import type { BlobService } from "@castore/blob";
import { UsageError } from "../args.js";
import { Progress } from "../progress.js";
import { looksLikeStorePath, parseBlobRef, parseTreeRef } from "../ref.js";
import { byteCount, setup } from "../setup.js";
import { withStore } from "../store.js";
import { resolveRef } from "../tree.js";

export const usage = "castore cat REF [--offset N] [--length N]";

export async function cat(argv: string[]): Promise<void> {
  const { values, positionals, cfg, log } = await setup(argv, {
    offset: { type: "string" },
    length: { type: "string" },
  });
  if (positionals.length !== 1) throw new UsageError(`usage: ${usage}`);
  const text = positionals[0]!;
  // A digest names a blob; a store path (with a subpath) names a file inside a PathInfo's tree.
  const ref = looksLikeStorePath(text) ? parseTreeRef(text) : null;
  const bare = ref === null ? parseBlobRef(text) : null;
  const offset = byteCount(values, "offset");
  const length = byteCount(values, "length");
  await withStore(cfg, log, async (store) => {
    const { blobs } = store;
    let digest: B3Digest;
    if (bare !== null) {
      digest = bare;
    } else {
      const { node } = await resolveRef(store, ref!, text);
      if (node.type !== "file") throw invalid(`${text} is a ${node.type}, not a file`);
      digest = node.digest;
    }
    const stream = await blobs.read(digest, {
      ...(offset === undefined ? {} : { offset }),
      ...(length === undefined ? {} : { length }),
    });
    if (stream === null) throw notFound(`blob ${digest} not found`);
    const progress = process.stderr.isTTY ? Progress.forTransfer("cat", await rangeSize(blobs, digest, offset, length)) : null;
    try {
      if (progress === null) await pipeline(stream, process.stdout);
      else await pipeline(stream, progress.meter(), process.stdout);
    } finally {
      progress?.finish();
    }
  }, ref === null ? {} : { pathinfo: true });
}

async function rangeSize(blobs: BlobService, digest: B3Digest, offset = 0n, length?: bigint): Promise<bigint> {
  const size = (await blobs.stat(digest))?.size ?? 0n;
  const end = length === undefined || offset + length > size ? size : offset + length;
  return end > offset ? end - offset : 0n;
}
