// Turns the configuration into a NATS connection. Both roles reconnect without a limit of their
// own: a command's requests retry until their deadline (so a nats-server restart of a few seconds
// costs a pause, not a failed import), and a service's supervisor could not do better than
// waiting for NATS to come back either. While the connection is down, connectionProblem() says
// so, and a request that gives up names the lost connection rather than a service.
import { readFileSync } from "node:fs";
import { credsAuthenticator, nkeyAuthenticator, type NatsConnection } from "@nats-io/nats-core";
import { connect, type NodeConnectionOptions } from "@nats-io/transport-node";
import type { Config, NatsTarget } from "./config.js";

export type Role = "cli" | "service";

// noAsyncTraces: nats.js otherwise captures a stack trace for every request it sends, failed or
// not, which was a fifth to a quarter of the CPU time of an import or export of many small files.
const ROLE_OPTIONS: Record<Role, Partial<NodeConnectionOptions>> = {
  cli: { maxReconnectAttempts: -1, reconnectTimeWait: 250, timeout: 5000, noAsyncTraces: true },
  service: { maxReconnectAttempts: -1, reconnectTimeWait: 1000, timeout: 10_000, noAsyncTraces: true },
};

function nkeySeed(path: string): Uint8Array {
  // A seed file may hold comments or the public key too; the seed is the token starting "SU".
  const seed = readFileSync(path, "utf8")
    .split(/\s+/)
    .find((t) => /^SU[A-Z2-7]{50,}$/.test(t));
  if (seed === undefined) throw new Error(`${path} holds no user nkey seed (a line starting with SU)`);
  return new TextEncoder().encode(seed);
}

export function connectionOptions(cfg: Config, target: NatsTarget, role: Role): NodeConnectionOptions {
  const tls = cfg.tls;
  const wantsTls = tls.ca !== undefined || tls.cert !== undefined || target.servers.some((s) => s.startsWith("tls:"));
  return {
    ...ROLE_OPTIONS[role],
    name: role === "cli" ? "castore-cli" : "castore-serve",
    servers: [...target.servers],
    ...(target.user === undefined ? {} : { user: target.user }),
    ...(target.pass === undefined ? {} : { pass: target.pass }),
    ...(cfg.creds !== undefined ? { authenticator: credsAuthenticator(readFileSync(cfg.creds)) } : {}),
    ...(cfg.nkey !== undefined ? { authenticator: nkeyAuthenticator(nkeySeed(cfg.nkey)) } : {}),
    ...(wantsTls
      ? {
          tls: {
            ...(tls.ca === undefined ? {} : { caFile: tls.ca }),
            ...(tls.cert === undefined ? {} : { certFile: tls.cert }),
            ...(tls.key === undefined ? {} : { keyFile: tls.key }),
          },
        }
      : {}),
  };
}

const lost = new WeakMap<NatsConnection, { display: string; since: number | null }>();

/** What is wrong with the connection, if anything: closed, or down since when. */
export function connectionProblem(nc: NatsConnection): string | null {
  const t = lost.get(nc);
  const where = t?.display ?? "the NATS server";
  if (nc.isClosed()) return `the connection to NATS at ${where} is closed`;
  if (t?.since != null) return `lost the connection to NATS at ${where} ${Math.round((Date.now() - t.since) / 1000)} s ago, still reconnecting`;
  return null;
}

function track(nc: NatsConnection, display: string): void {
  const state: { display: string; since: number | null } = { display, since: null };
  lost.set(nc, state);
  void (async () => {
    for await (const s of nc.status()) {
      if (s.type === "disconnect") state.since ??= Date.now();
      else if (s.type === "reconnect") state.since = null;
    }
  })().catch(() => {});
}

/** Connects, or throws an error that names the servers tried and why it failed. */
export async function connectTo(opts: NodeConnectionOptions, display: string): Promise<NatsConnection> {
  try {
    const nc = await connect(opts);
    track(nc, display);
    return nc;
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    throw new Error(`cannot connect to NATS at ${display}: ${msg}`, { cause: e });
  }
}

export function connectNats(cfg: Config, target: NatsTarget, role: Role): Promise<NatsConnection> {
  return connectTo(connectionOptions(cfg, target, role), target.display);
}

/** The embedded server: loopback, no credentials. */
export function connectEmbedded(url: string, role: Role): Promise<NatsConnection> {
  return connectTo({ ...ROLE_OPTIONS[role], name: role === "cli" ? "castore-cli" : "castore-serve", servers: [url] }, url);
}
