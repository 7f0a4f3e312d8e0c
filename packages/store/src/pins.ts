// Pins: roots of castore gc besides path infos (docs/PROTOCOL.md, "Garbage collection"). A pin
// names a directory or a blob; it is stored in the KV bucket `castore-pins_<p>` under
// `<directory|blob>.<hex>`, its value JSON `{"type","digest","ref"}` (ref: what the user named).
// Pinning touches the content first (a compare-and-set rewrite of its record), so a sweep that saw
// it unreachable either fails to remove it — and spares its closure — or has removed it already,
// and the pin fails with "not found": a pin is atomic with respect to a sweep.
import { B3Digest, bucketName, notFound, invalid, type Node } from "@castore/core";
import { ChunkedBlobService, JetStreamChunkStore } from "@castore/blob";
import { JetStreamDirectoryStore } from "@castore/directory";
import { JetStreamPathInfoStore } from "@castore/pathinfo";
import type { JetStreamParams } from "@castore/service-kit";
import { jetstream } from "@nats-io/jetstream";
import { Kvm, type KV } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/nats-core";

export interface PinRecord {
  readonly type: "directory" | "blob";
  /** Hex digest of the directory or blob. */
  readonly digest: string;
  /** What was pinned, as the user named it (a digest or a store path, maybe with a subpath). */
  readonly ref: string;
}

export interface Pins {
  get(key: string): Promise<PinRecord | null>;
  list(): AsyncGenerator<PinRecord>;
  /** Touches the node's content and records the pin; NotFound if the content is not stored (any more). */
  pin(node: Node, ref: string): Promise<PinRecord>;
  /** Removes the pins of a digest (as a directory and as a blob); the records removed. */
  unpin(digest: B3Digest): Promise<PinRecord[]>;
}

export const pinKey = (type: PinRecord["type"], hex: string): string => `${type}.${hex}`;

export async function openPins(nc: NatsConnection, params: JetStreamParams): Promise<Pins> {
  const js = jetstream(nc, params.domain ? { domain: params.domain } : {});
  const kv: KV = await new Kvm(js).create(bucketName(params.prefix, "pins"), { history: 1, replicas: params.replicas ?? 1 });
  let stores: Promise<{ chunks: JetStreamChunkStore; dirs: JetStreamDirectoryStore }> | null = null;
  const open = () =>
    (stores ??= (async () => {
      const chunks = await JetStreamChunkStore.open(nc, params);
      return { chunks, dirs: await JetStreamDirectoryStore.open(nc, { ...params, blobs: new ChunkedBlobService(chunks) }) };
    })());
  const get = async (key: string): Promise<PinRecord | null> => {
    const e = await kv.get(key);
    if (e?.operation !== "PUT") return null;
    try {
      return JSON.parse(new TextDecoder().decode(e.value)) as PinRecord;
    } catch {
      return null;
    }
  };
  return {
    get,
    async *list() {
      for await (const k of await kv.keys()) {
        const p = await get(k);
        if (p !== null) yield p;
      }
    },
    async pin(node, ref) {
      if (node.type === "symlink") throw invalid(`${ref} is a symlink: it has no content to pin (pin the directory it is in)`);
      const hex = node.digest.toHex();
      let type: PinRecord["type"];
      if (node.type === "directory") {
        type = "directory";
        if (!(await (await open()).dirs.touch(hex))) throw notFound(`${ref}: directory ${hex} not found`);
      } else {
        type = "blob";
        // The empty blob always exists and is never stored: there is nothing to keep.
        if (node.size > 0n && !(await (await open()).chunks.touchBlob(node.digest))) throw notFound(`${ref}: blob ${hex} not found`);
      }
      const rec: PinRecord = { type, digest: hex, ref };
      await kv.put(pinKey(type, hex), new TextEncoder().encode(JSON.stringify(rec)));
      return rec;
    },
    async unpin(digest) {
      const removed: PinRecord[] = [];
      for (const type of ["directory", "blob"] as const) {
        const key = pinKey(type, digest.toHex());
        const p = await get(key);
        if (p === null) continue;
        await kv.purge(key);
        removed.push(p);
      }
      return removed;
    },
  };
}

/**
 * Drops a root: removes the path info of the store path with this 20-byte hash part (and its
 * signatures); its content is collected by the next castore gc unless something else reaches it.
 * False if there is none.
 */
export async function deletePathInfo(nc: NatsConnection, params: JetStreamParams, hash: Uint8Array): Promise<boolean> {
  const infos = await JetStreamPathInfoStore.open(nc, params);
  if ((await infos.get(hash)) === null) return false;
  await infos.remove(hash);
  return true;
}
