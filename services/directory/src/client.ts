// The NATS client of the directory service. Gets are batched and a recursive get is a
// breadth-first walk over them on the client (see StoreDirectoryService), verified directory
// by directory; uploads stream leaves to root in pages that the server stages until the last.
import { randomBytes } from "node:crypto";
import { B3Digest, Code, EMPTY_BLAKE3, StoreError, attemptTimeout, directorySubjects, requestWithRetry, type Directory, type EncodedDirectory, type RetryOptions } from "@castore/core";
import type { BlobService } from "@castore/blob";
import { castore } from "@castore/proto";
import type { NatsConnection } from "@nats-io/nats-core";
import { fromItem, toItem } from "./codec.js";
import { DIRECTORY_LIMITS, requestHeaders } from "@castore/service-kit";
import type { DirectoryPutter } from "./service.js";
import { StoreDirectoryService, type DirectoryStore } from "./store.js";

const pb = castore.nats.v1;

export interface NatsDirectoryOptions extends RetryOptions {
  readonly prefix: string;
  /** The store's blob service (over NATS too), for directories too large for one message. */
  readonly blobs: BlobService | null;
}

class NatsDirectoryStore implements DirectoryStore {
  readonly nc: NatsConnection;
  readonly subjects: ReturnType<typeof directorySubjects>;
  readonly opts: NatsDirectoryOptions;

  constructor(nc: NatsConnection, opts: NatsDirectoryOptions) {
    this.nc = nc;
    this.subjects = directorySubjects(opts.prefix);
    this.opts = opts;
  }

  request(subject: string, payload: Uint8Array, timeoutMs?: number): Promise<Uint8Array> {
    return requestWithRetry(this.nc, subject, payload, { ...this.opts, ...(timeoutMs ? { timeoutMs } : {}), headers: requestHeaders() });
  }

  async getMany(digests: readonly B3Digest[]): Promise<(Directory | null)[]> {
    const out: (Directory | null)[] = [];
    // The server answers a prefix that fits one reply; keep asking for the rest.
    while (out.length < digests.length) {
      const ask = digests.slice(out.length, out.length + DIRECTORY_LIMITS.digestsPerGet);
      const reply = pb.GetDirectoriesResponse.decode(
        await this.request(this.subjects.get, pb.GetDirectoriesRequest.encode({ digests: ask.map((d) => d.bytes) }).finish()),
      );
      if (reply.items.length === 0 || reply.items.length > ask.length) {
        throw new StoreError(Code.Internal, `directory get answered ${reply.items.length} items for ${ask.length} digests`);
      }
      for (const [i, item] of reply.items.entries()) {
        out.push(item.found ? await fromItem(item, this.opts.blobs, ask[i]!) : null);
      }
    }
    return out;
  }

  async putClosure(_root: B3Digest, leavesToRoot: AsyncIterable<EncodedDirectory>): Promise<void> {
    const p = new PagedPutter(this);
    for await (const d of leavesToRoot) await p.put(d);
    await p.close();
  }

  async close(): Promise<void> {}
}

/** Sends directories in pages as they come; the server validates the whole upload at the end. */
class PagedPutter implements DirectoryPutter {
  static readonly PAGE_BYTES = 256 * 1024;
  readonly #s: NatsDirectoryStore;
  readonly #id = randomBytes(16);
  #seq = 0;
  #items: castore.nats.v1.IDirectoryItem[] = [];
  #bytes = 0;
  #count = 0;

  constructor(s: NatsDirectoryStore) {
    this.#s = s;
  }

  async put(dir: EncodedDirectory): Promise<void> {
    const item = await toItem(dir, this.#s.opts.blobs);
    const size = (item.encoded?.length ?? 32) + 16;
    if (this.#items.length > 0 && this.#bytes + size > PagedPutter.PAGE_BYTES) await this.#send(false);
    this.#items.push(item);
    this.#bytes += size;
    this.#count++;
  }

  async #send(last: boolean): Promise<Uint8Array> {
    const page = pb.PutDirectoriesRequest.encode({ uploadId: this.#id, sequence: this.#seq, directories: this.#items, last }).finish();
    this.#items = [];
    this.#bytes = 0;
    this.#seq++;
    // The last page makes the server validate and write the whole closure: give it time.
    return this.#s.request(this.#s.subjects.put, page, last ? attemptTimeout(page.length) + this.#count : undefined);
  }

  async close(): Promise<B3Digest> {
    const reply = pb.PutDirectoriesResponse.decode(await this.#send(true));
    return B3Digest.fromBytes(reply.rootDigest, "root_digest");
  }
}

/** DirectoryService over NATS: any number of replicas behind `<prefix>.directory.v1.*`. */
export class NatsDirectoryService extends StoreDirectoryService {
  readonly #natsStore: NatsDirectoryStore;

  constructor(nc: NatsConnection, opts: NatsDirectoryOptions) {
    const store = new NatsDirectoryStore(nc, opts);
    super(store);
    this.#natsStore = store;
  }

  /** Streams pages to the server as directories come; nothing is held here. */
  override putter(): DirectoryPutter {
    return new PagedPutter(this.#natsStore);
  }
}

/** Whether a directory service answers on `prefix` (a get of the empty directory's digest). */
export async function directoryServiceAvailable(nc: NatsConnection, prefix: string, timeoutMs = 2_000): Promise<boolean> {
  const req = pb.GetDirectoriesRequest.encode({ digests: [EMPTY_BLAKE3.bytes] }).finish();
  try {
    await nc.request(directorySubjects(prefix).get, req, { timeout: timeoutMs });
    return true;
  } catch {
    return false;
  }
}
