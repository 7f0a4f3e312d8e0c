// NAR ingestion: a NAR stream becomes castore blobs and directories, with the NAR's SHA-256
// and size computed on the way. Directories come out leaves to root (a directory is complete at
// its end marker, after all its children), so they can go straight into a directory putter.
// Small files are read whole, hashed here and uploaded in the background, a bounded number at a
// time; large files stream through the blob upload. Nothing holds the whole NAR.
import { B3Digest } from "./digest.js";
import { Directory } from "./directory.js";
import { readNar, type NarSource } from "./nar-parse.js";
import type { Node } from "./nodes.js";

export interface NarIngestSinks {
  /**
   * Stores a blob and returns its digest (a stream for large files, bytes for small ones; with
   * bytes comes their digest, computed here already).
   */
  putBlob(data: AsyncIterable<Uint8Array> | Uint8Array, digest?: B3Digest): Promise<B3Digest>;
  /** Receives each directory, children before parents. */
  putDirectory(dir: Directory): Promise<void>;
}

export interface NarIngestResult {
  /** The root node, anonymous (empty name). */
  readonly node: Node;
  readonly narSha256: Uint8Array;
  readonly narSize: bigint;
}

const SMALL_FILE = 1 << 20;
const MAX_BACKGROUND_BYTES = 64 << 20;

export async function ingestNar(source: NarSource, sinks: NarIngestSinks): Promise<NarIngestResult> {
  const nar = readNar(source);
  // One frame per open directory: the entries gathered so far.
  const stack: Node[][] = [];
  let root: Node | null = null;
  const pending = new Set<Promise<unknown>>();
  let pendingBytes = 0;
  let failure: unknown = null;

  // Events come with their own name; the root's is empty, and so is its node's.
  const place = (node: Node): void => {
    const parent = stack[stack.length - 1];
    if (parent === undefined) root = node;
    else parent.push(node);
  };

  for await (const ev of nar) {
    if (failure) throw failure;
    switch (ev.type) {
      case "directory":
        stack.push([]);
        break;
      case "directory-end": {
        const dir = Directory.fromEntries(stack.pop()!);
        await sinks.putDirectory(dir);
        place({ type: "directory", name: ev.name, digest: dir.digest(), size: dir.size() });
        break;
      }
      case "symlink":
        place({ type: "symlink", name: ev.name, target: ev.target });
        break;
      case "file": {
        let digest: B3Digest;
        if (ev.size <= BigInt(SMALL_FILE)) {
          const parts: Uint8Array[] = [];
          for await (const p of ev.contents) parts.push(Uint8Array.from(p));
          const data = Buffer.concat(parts);
          digest = B3Digest.of(data);
          while (pendingBytes + data.length > MAX_BACKGROUND_BYTES && pending.size > 0) await Promise.race(pending);
          pendingBytes += data.length;
          const p: Promise<unknown> = sinks
            .putBlob(data, digest)
            .then((d) => {
              if (!d.equals(digest)) throw new Error(`blob store computed ${d} for content hashing to ${digest}`);
            })
            .catch((e: unknown) => {
              failure ??= e;
            })
            .finally(() => {
              pendingBytes -= data.length;
              pending.delete(p);
            });
          pending.add(p);
        } else {
          digest = await sinks.putBlob(ev.contents);
        }
        place({ type: "file", name: ev.name, digest, size: ev.size, executable: ev.executable });
        break;
      }
    }
  }
  await Promise.all(pending);
  if (failure) throw failure;
  const summary = nar.summary;
  return { node: root!, narSha256: summary.narSha256, narSize: summary.narSize };
}
