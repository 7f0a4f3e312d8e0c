// `castore nar REF`: the NAR of a node or store path on stdout, rendered from the blob and
// directory services (in-process on the embedded default, their NATS clients with --nats) with
// file contents fetched ahead of the writer. Nothing but NAR bytes goes to stdout.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { renderNarFromStore } from "@castore/pathinfo";
import { UsageError } from "../args.js";
import { parseTreeRef } from "../ref.js";
import { setup } from "../setup.js";
import { withStore } from "../store.js";
import { needsPathInfo, resolveRef } from "../tree.js";

export const usage = "castore nar REF";

export async function nar(argv: string[]): Promise<void> {
  const { positionals, cfg, log } = await setup(argv, {});
  if (positionals.length !== 1) throw new UsageError(`usage: ${usage}`);
  const text = positionals[0]!;
  const ref = parseTreeRef(text);
  await withStore(
    cfg,
    log,
    async (store) => {
      const { node } = await resolveRef(store, ref, text);
      await pipeline(Readable.from(coalesce(renderNarFromStore(node, store.blobs, store.dirs)), { objectMode: false }), process.stdout);
    },
    { directories: true, pathinfo: needsPathInfo(ref) },
  );
}

/** NAR framing comes in pieces of a few bytes: gathered into writes of up to 256 KiB. */
async function* coalesce(pieces: AsyncIterable<Uint8Array>, limit = 256 * 1024): AsyncGenerator<Uint8Array> {
  let parts: Uint8Array[] = [];
  let size = 0;
  for await (const p of pieces) {
    if (p.length >= limit) {
      if (size > 0) yield Buffer.concat(parts, size);
      parts = [];
      size = 0;
      yield p;
      continue;
    }
    parts.push(p);
    size += p.length;
    if (size >= limit) {
      yield Buffer.concat(parts, size);
      parts = [];
      size = 0;
    }
  }
  if (size > 0) yield Buffer.concat(parts, size);
}
