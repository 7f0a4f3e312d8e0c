// Store addresses (DESIGN §6), shared by every service's fromAddr and by openStore:
//   memory://                                                   in-process, for tests and throwaway use
//   nats://[user:pass@]host:port[,host:port]?prefix=P           the NATS clients of running services
//   jetstream://[user:pass@]host:port[,…]?prefix=P&replicas=N&maxBytes=B&domain=D
//                                                               the JetStream backends, in-process
// Each scheme checks its own parameters and rejects what it does not understand.
import { DEFAULT_PREFIX, invalid, validatePrefix, type RetryOptions } from "@castore/core";
import type { NatsConnection } from "@nats-io/nats-core";
import { connect, type NodeConnectionOptions } from "@nats-io/transport-node";
import { natsTarget, type NatsTarget } from "./config.js";

export interface StoreAddr {
  readonly scheme: string;
  /** The authority as given: comma-separated `[user:pass@]host:port`. */
  readonly authority: string;
  readonly path: string;
  readonly params: URLSearchParams;
}

/** Splits `scheme://a,b/path?query` (the URL class does not take comma-separated hosts). */
export function parseStoreAddr(addr: string, allowedParams: readonly string[]): StoreAddr {
  const m = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)(\/[^?#]*)?(?:\?([^#]*))?$/i.exec(addr);
  if (!m) throw invalid(`not a store address: ${JSON.stringify(addr)} (use memory://, nats://host:port or jetstream://host:port)`);
  const params = new URLSearchParams(m[4] ?? "");
  for (const k of params.keys()) {
    if (!allowedParams.includes(k)) {
      throw invalid(`${m[1]}:// does not take the parameter ${JSON.stringify(k)} (allowed: ${allowedParams.join(", ") || "none"})`);
    }
  }
  return { scheme: m[1]!.toLowerCase(), authority: m[2] ?? "", path: m[3] ?? "", params };
}

/** The scheme of an address, lower-cased, or undefined. */
export function addrScheme(addr: string): string | undefined {
  return /^([a-z][a-z0-9+.-]*):/i.exec(addr)?.[1]?.toLowerCase();
}

/** The NATS servers (and credentials) an address's authority names. */
export function addrTarget(a: StoreAddr): NatsTarget {
  if (a.authority === "") throw invalid(`${a.scheme}:// needs host:port`);
  if (a.path !== "" && a.path !== "/") throw invalid(`${a.scheme}:// takes no path, got ${JSON.stringify(a.path)}`);
  const t = natsTarget(a.authority.split(",").map((hp) => `nats://${hp}`).join(","));
  if (typeof t === "string") throw invalid(`${a.scheme}://${a.authority}: ${t.replace("must be", "hosts must be")}`);
  return t;
}

/** `?prefix=`, validated, or the default. */
export function addrPrefix(a: StoreAddr): string {
  return validatePrefix(a.params.get("prefix") ?? DEFAULT_PREFIX);
}

/** A whole-number parameter, or undefined when absent. */
export function wholeNumberParam(a: StoreAddr, name: string): number | undefined {
  const v = a.params.get(name);
  if (v === null) return undefined;
  if (!/^\d+$/.test(v)) throw invalid(`${name} must be a whole number, got ${JSON.stringify(v)}`);
  return Number(v);
}

/** The backend options a jetstream:// address carries. */
export interface JetStreamParams {
  readonly prefix: string;
  readonly replicas?: number;
  readonly maxBytes?: number;
  readonly domain?: string;
}

export function jetStreamParams(a: StoreAddr): JetStreamParams {
  const replicas = wholeNumberParam(a, "replicas");
  const maxBytes = wholeNumberParam(a, "maxBytes");
  const domain = a.params.get("domain");
  return {
    prefix: addrPrefix(a),
    ...(replicas === undefined ? {} : { replicas }),
    ...(maxBytes === undefined ? {} : { maxBytes }),
    ...(domain ? { domain } : {}),
  };
}

export interface FromAddrOptions {
  /** Use this connection (it stays open when the service closes) instead of opening one. */
  readonly connection?: NatsConnection;
  /** Extra connection options (credentials, TLS) when fromAddr opens the connection itself. */
  readonly connectOptions?: Partial<NodeConnectionOptions>;
  /** Retry behaviour of the NATS clients (nats://). */
  readonly retry?: RetryOptions;
}

/** The connection for an address: the caller's, or a new one that `close` ends. */
export async function addrConnection(
  target: NatsTarget,
  opts: FromAddrOptions,
): Promise<{ nc: NatsConnection; close: () => Promise<void> }> {
  if (opts.connection) return { nc: opts.connection, close: async () => {} };
  const nc = await connect({
    noAsyncTraces: true,
    ...opts.connectOptions,
    servers: [...target.servers],
    ...(target.user === undefined ? {} : { user: target.user }),
    ...(target.pass === undefined ? {} : { pass: target.pass }),
  });
  return { nc, close: () => nc.close() };
}

/** Makes `svc.close()` also run `own` (e.g. closing the connection fromAddr opened). */
export function closing<S extends { close(): Promise<void> }>(svc: S, own: () => Promise<void>): S {
  const close = svc.close.bind(svc);
  svc.close = async () => {
    try {
      await close();
    } finally {
      await own();
    }
  };
  return svc;
}

/** How one service builds itself for each kind of address (see fromAddr). */
export interface AddrBackends<S> {
  /** memory:// */
  memory(): S | Promise<S>;
  /** nats://…: the NATS client of running services; `a` carries the query parameters. */
  nats(nc: NatsConnection, prefix: string, a: StoreAddr): S;
  /** jetstream://…: the backends in this process. */
  jetstream(nc: NatsConnection, params: JetStreamParams): Promise<S>;
}

/**
 * The shared shape of every service's fromAddr: dispatch on the scheme, check the parameters it
 * takes, open (or share) the connection, and close a connection it opened when the service is
 * closed — also when building the service fails.
 */
export async function fromAddr<S extends { close(): Promise<void> }>(
  what: string,
  addr: string,
  opts: FromAddrOptions,
  make: AddrBackends<S>,
  natsParams: readonly string[] = ["prefix"],
): Promise<S> {
  switch (addrScheme(addr)) {
    case "memory": {
      const a = parseStoreAddr(addr, []);
      if (a.authority !== "" || (a.path && a.path !== "/")) throw invalid("memory:// takes no host or path");
      return make.memory();
    }
    case "nats": {
      const a = parseStoreAddr(addr, natsParams);
      const target = addrTarget(a);
      const prefix = addrPrefix(a);
      const { nc, close } = await addrConnection(target, opts);
      try {
        return closing(make.nats(nc, prefix, a), close);
      } catch (e) {
        await close();
        throw e;
      }
    }
    case "jetstream": {
      const a = parseStoreAddr(addr, ["prefix", "replicas", "maxBytes", "domain"]);
      const target = addrTarget(a);
      const params = jetStreamParams(a);
      const { nc, close } = await addrConnection(target, opts);
      try {
        return closing(await make.jetstream(nc, params), close);
      } catch (e) {
        await close();
        throw e;
      }
    }
    default:
      throw invalid(`unknown ${what} store address ${JSON.stringify(addr)} (use memory://, nats:// or jetstream://)`);
  }
}
