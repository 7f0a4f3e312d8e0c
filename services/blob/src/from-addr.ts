// blobServiceFromAddr: a BlobService from a URL (DESIGN §6).
//   memory://                                   in-process, for tests and throwaway use
//   nats://[user:pass@]host:port[,host:port]?prefix=P           the NATS client of running services
//   jetstream://host:port[,…]?prefix=P&replicas=N&maxBytes=B&domain=D   the JetStream backend in-process
// Each scheme checks its own parameters and rejects what it does not understand.
import { DEFAULT_PREFIX, invalid, validatePrefix } from "@castore/core";
import { connect, type ConnectionOptions } from "@nats-io/transport-node";
import { ChunkedBlobService } from "./chunked.js";
import { NatsBlobService } from "./client.js";
import { JetStreamChunkStore } from "./jetstream.js";
import { memoryBlobService } from "./memory.js";
import type { BlobService } from "./service.js";

export interface FromAddrOptions {
  /** Extra connection options (credentials, TLS) for nats:// and jetstream:// addresses. */
  readonly connectOptions?: Partial<ConnectionOptions>;
}

export interface StoreAddr {
  readonly scheme: string;
  /** NATS server URLs: one per comma-separated member of the authority. */
  readonly servers: string[];
  readonly path: string;
  readonly params: URLSearchParams;
}

/** Splits `scheme://a,b/path?query` (the URL class does not take comma-separated hosts). */
export function parseStoreAddr(addr: string, allowedParams: readonly string[]): StoreAddr {
  const m = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)(\/[^?#]*)?(?:\?([^#]*))?$/i.exec(addr);
  if (!m) throw invalid(`not a store address: ${JSON.stringify(addr)}`);
  const params = new URLSearchParams(m[4] ?? "");
  for (const k of params.keys()) {
    if (!allowedParams.includes(k)) {
      throw invalid(`${m[1]}:// does not take the parameter ${JSON.stringify(k)} (allowed: ${allowedParams.join(", ") || "none"})`);
    }
  }
  const authority = m[2] ?? "";
  return {
    scheme: m[1]!.toLowerCase(),
    servers: authority ? authority.split(",").map((hp) => `nats://${hp}`) : [],
    path: m[3] ?? "",
    params,
  };
}

function wholeNumber(v: string | null, what: string): number | undefined {
  if (v === null) return undefined;
  if (!/^\d+$/.test(v)) throw invalid(`${what} must be a whole number, got ${JSON.stringify(v)}`);
  return Number(v);
}

export async function blobServiceFromAddr(addr: string, opts: FromAddrOptions = {}): Promise<BlobService> {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(addr)?.[1]?.toLowerCase();
  switch (scheme) {
    case "memory": {
      const a = parseStoreAddr(addr, []);
      if (a.servers.length > 0 || (a.path && a.path !== "/")) throw invalid("memory:// takes no host or path");
      return memoryBlobService();
    }
    case "nats": {
      const a = parseStoreAddr(addr, ["prefix"]);
      if (a.servers.length === 0) throw invalid("nats:// needs host:port");
      const prefix = validatePrefix(a.params.get("prefix") ?? DEFAULT_PREFIX);
      const nc = await connect({ noAsyncTraces: true, ...opts.connectOptions, servers: a.servers });
      return closing(new NatsBlobService(nc, { prefix }), () => nc.close());
    }
    case "jetstream": {
      const a = parseStoreAddr(addr, ["prefix", "replicas", "maxBytes", "domain"]);
      if (a.servers.length === 0) throw invalid("jetstream:// needs host:port");
      const prefix = validatePrefix(a.params.get("prefix") ?? DEFAULT_PREFIX);
      const replicas = wholeNumber(a.params.get("replicas"), "replicas");
      const maxBytes = wholeNumber(a.params.get("maxBytes"), "maxBytes");
      const domain = a.params.get("domain");
      const nc = await connect({ noAsyncTraces: true, ...opts.connectOptions, servers: a.servers });
      try {
        const store = await JetStreamChunkStore.open(nc, {
          prefix,
          ...(replicas !== undefined ? { replicas } : {}),
          ...(maxBytes !== undefined ? { maxBytes } : {}),
          ...(domain ? { domain } : {}),
        });
        return closing(new ChunkedBlobService(store), () => nc.close());
      } catch (e) {
        await nc.close();
        throw e;
      }
    }
    default:
      throw invalid(`unknown blob store address ${JSON.stringify(addr)} (use memory://, nats:// or jetstream://)`);
  }
}

/** Closes the connection fromAddr opened when the service is closed. */
function closing<S extends BlobService>(svc: S, own: () => Promise<void>): S {
  const close = svc.close.bind(svc);
  svc.close = async () => {
    await close();
    await own();
  };
  return svc;
}
