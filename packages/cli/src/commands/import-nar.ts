// `castore import-nar FILE|- --name NAME [--json]`: ingests a NAR (strict reader) into the blob
// and directory services and registers its PathInfo as the recursive CA path (fixed:r:sha256)
// of that content and name. The NAR hash and size are computed while it streams; a malformed
// NAR fails before anything is registered (its directories are never committed either).
import { createReadStream, statSync } from "node:fs";
import type { Readable } from "node:stream";
import { ingestNar, type B3Digest } from "@castore/core";
import type { DirectoryPutter } from "@castore/directory";
import { UsageError } from "../args.js";
import { makeOutput } from "../output.js";
import { registerCaPath } from "../register.js";
import { setup } from "../setup.js";
import { withStore } from "../store.js";
import { hashJson, storePathName } from "./hash.js";

export const usage = "castore import-nar FILE|- --name NAME [--json]";

export async function importNar(argv: string[]): Promise<void> {
  const { values, positionals, cfg, log } = await setup(argv, { json: { type: "boolean" }, name: { type: "string" } });
  const nameArg = values["name"];
  if (positionals.length !== 1 || typeof nameArg !== "string") throw new UsageError(`usage: ${usage}`);
  const path = positionals[0]!;
  const name = storePathName(path, nameArg);
  let source: Readable;
  if (path === "-") {
    source = process.stdin;
  } else {
    if (statSync(path).isDirectory()) throw new UsageError(`${path} is a directory, not a NAR file`);
    source = createReadStream(path, { highWaterMark: 1024 * 1024 });
  }
  const stats = { bytesUploaded: 0, chunksUploaded: 0, chunksSkipped: 0 };
  const r = await withStore(
    cfg,
    log,
    async (store) => {
      let putter: DirectoryPutter | null = null;
      const got = await ingestNar(source as AsyncIterable<Uint8Array>, {
        putBlob: async (data): Promise<B3Digest> => {
          const p = await store.blobs.put(data);
          stats.bytesUploaded += p.bytesUploaded;
          stats.chunksUploaded += p.chunksUploaded;
          stats.chunksSkipped += p.chunksSkipped;
          return p.digest;
        },
        putDirectory: async (dir) => {
          putter ??= store.dirs.putter();
          await putter.put(dir);
        },
      });
      // Directories become visible only now, after the whole NAR was read and checked.
      if (putter !== null) await (putter as DirectoryPutter).close();
      await registerCaPath(store.infos, got, name);
      return got;
    },
    { pathinfo: true },
  );
  makeOutput(values["json"] === true).result({ ...hashJson(r, name), ...stats });
}
