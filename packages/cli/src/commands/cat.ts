// `castore cat REF [--offset N] [--length N]`: a blob's bytes on stdout, every chunk verified
// before it is written (and a full read verified against the blob digest before its last bytes).
import { pipeline } from "node:stream/promises";
import { invalid, notFound, type B3Digest } from "@castore/core";
import type { BlobService } from "@castore/blob";
import { needsPathInfo, parseTreeRef } from "@castore/store";
import { bulkStdout } from "../output.js";
import { Progress } from "../progress.js";
import { REF_NOTE, byteCount, positionals, setup, storeCommand, withStore, type CommandDef } from "../setup.js";

export const command: CommandDef = {
  name: "cat",
  help: storeCommand({
    usage: ["castore cat REF [--offset N] [--length N]"],
    summary: "Writes a blob's bytes (or a range of them) to stdout; nothing unverified is written.",
    options: {
      offset: { type: "string", value: "N", help: "first byte to write (default 0)" },
      length: { type: "string", value: "N", help: "how many bytes at most (default: to the end)" },
    },
    notes: [REF_NOTE + " For cat a bare digest names a blob."],
  }),
  async run(argv) {
    const { values, positionals: p, cfg, log } = await setup(argv, command.help);
    const [text] = positionals(p, ["REF"], command.help) as [string];
    // A bare digest names a blob; a digest with a subpath names a file in that directory tree, and
    // a store path (with or without a subpath) a file in its PathInfo's tree.
    const ref = parseTreeRef(text);
    const bare = ref.digest !== undefined && ref.subpath.length === 0 ? ref.digest : null;
    const offset = byteCount(values, "offset");
    const length = byteCount(values, "length");
    await withStore(
      cfg,
      log,
      async (store) => {
        let digest: B3Digest;
        if (bare !== null) {
          digest = bare;
        } else {
          const { node } = await store.resolve(text);
          if (node.type !== "file") throw invalid(`${text} is a ${node.type}, not a file`);
          digest = node.digest;
        }
        const stream = await store.blobs.read(digest, {
          ...(offset === undefined ? {} : { offset }),
          ...(length === undefined ? {} : { length }),
        });
        if (stream === null) throw notFound(`blob ${digest} not found`);
        const progress = process.stderr.isTTY ? Progress.forTransfer("cat", await rangeSize(store.blobs, digest, offset, length)) : null;
        try {
          if (progress === null) await pipeline(stream, bulkStdout());
          else await pipeline(stream, progress.meter(), bulkStdout());
        } finally {
          progress?.finish();
        }
      },
      bare !== null ? ["blobs"] : ["blobs", "directories", ...(needsPathInfo(ref) ? (["pathInfos"] as const) : [])],
    );
  },
};

async function rangeSize(blobs: BlobService, digest: B3Digest, offset = 0n, length?: bigint): Promise<bigint> {
  const size = (await blobs.stat(digest))?.size ?? 0n;
  const end = length === undefined || offset + length > size ? size : offset + length;
  return end > offset ? end - offset : 0n;
}
