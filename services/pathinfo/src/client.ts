// The NATS client of the path-info service: every operation is a request with retries; the
// listing is pulled page by page.
import {
  Code,
  decodePathInfo,
  encodeNode,
  encodePathInfo,
  fromLong,
  hasCode,
  pathInfoSubjects,
  requestWithRetry,
  type Node,
  type PathInfo,
  type RetryOptions,
} from "@castore/core";
import { castore, tvix } from "@castore/proto";
import type { NatsConnection } from "@nats-io/nats-core";
import { requestHeaders } from "@castore/service-kit";
import { checkListLimit, type NarFigures, type PathInfoPage, type PathInfoService } from "./service.js";

export interface NatsPathInfoOptions extends RetryOptions {
  readonly prefix: string;
}

export class NatsPathInfoService implements PathInfoService {
  readonly #nc: NatsConnection;
  readonly #s: ReturnType<typeof pathInfoSubjects>;
  readonly #retry: RetryOptions;

  constructor(nc: NatsConnection, opts: NatsPathInfoOptions) {
    this.#nc = nc;
    this.#s = pathInfoSubjects(opts.prefix);
    this.#retry = opts;
  }

  #request(subject: string, payload: Uint8Array, extra: RetryOptions = {}): Promise<Uint8Array> {
    return requestWithRetry(this.#nc, subject, payload, { ...this.#retry, ...extra, headers: requestHeaders() });
  }

  async get(hash: Uint8Array): Promise<PathInfo | null> {
    try {
      return decodePathInfo(await this.#request(this.#s.get, tvix.store.v1.GetPathInfoRequest.encode({ byOutputHash: hash }).finish()));
    } catch (e) {
      if (hasCode(e, Code.NotFound)) return null;
      throw e;
    }
  }

  async put(info: PathInfo): Promise<PathInfo> {
    // The service computes the NAR of the node before it stores (cached per node): as for
    // calculate_nar, allow a minute per attempt.
    return decodePathInfo(await this.#request(this.#s.put, encodePathInfo(info), { timeoutMs: this.#retry.timeoutMs ?? 60_000, deadlineMs: this.#retry.deadlineMs ?? 600_000 }));
  }

  async listPage(cursor: Uint8Array | null, limit: number): Promise<PathInfoPage> {
    checkListLimit(limit);
    const page = castore.nats.v1.PathInfoPage.decode(
      await this.#request(this.#s.list, castore.nats.v1.ListPathInfoPageRequest.encode({ cursor: cursor ?? new Uint8Array(0), limit }).finish()),
    );
    return {
      infos: page.pathInfos.map((m) => decodePathInfo(tvix.store.v1.PathInfo.encode(m).finish())),
      next: page.nextCursor.length > 0 ? page.nextCursor : null,
    };
  }

  async *list(): AsyncGenerator<PathInfo> {
    let cursor: Uint8Array | null = null;
    do {
      const page: PathInfoPage = await this.listPage(cursor, 500);
      yield* page.infos;
      cursor = page.next;
    } while (cursor !== null);
  }

  async calculateNar(node: Node): Promise<NarFigures> {
    // Rendering reads every blob of the tree on the server, of a size the client cannot know:
    // allow a minute per attempt (the figures are cached, so a retry builds on a finished one).
    const r = tvix.store.v1.CalculateNARResponse.decode(
      await this.#request(this.#s.calculateNar, encodeNode(node), { timeoutMs: this.#retry.timeoutMs ?? 60_000, deadlineMs: this.#retry.deadlineMs ?? 600_000 }),
    );
    return { narSize: fromLong(r.narSize as never), narSha256: r.narSha256 };
  }

  async close(): Promise<void> {}
}

/** Whether a path-info service answers on `prefix` (a get of an all-zero hash; "not found" counts). */
export async function pathInfoServiceAvailable(nc: NatsConnection, prefix: string, timeoutMs = 2_000): Promise<boolean> {
  const req = tvix.store.v1.GetPathInfoRequest.encode({ byOutputHash: new Uint8Array(20) }).finish();
  try {
    await nc.request(pathInfoSubjects(prefix).get, req, { timeout: timeoutMs });
    return true;
  } catch {
    return false;
  }
}
