// Turns the configuration into a NATS connection. A CLI command gives up on a lost server
// after a few seconds (a person or CI job is waiting); a service reconnects forever, because
// its supervisor cannot do better than waiting for NATS to come back either.
import { readFileSync } from "node:fs";
import { credsAuthenticator, nkeyAuthenticator, type NatsConnection } from "@nats-io/nats-core";
import { connect, type NodeConnectionOptions } from "@nats-io/transport-node";
import type { Config, NatsTarget } from "./config.js";

export type Role = "cli" | "service";

// noAsyncTraces: nats.js otherwise captures a stack trace for every request it sends, failed or
// not, which was a fifth to a quarter of the CPU time of an import or export of many small files.
const ROLE_OPTIONS: Record<Role, Partial<NodeConnectionOptions>> = {
  cli: { maxReconnectAttempts: 5, reconnectTimeWait: 500, timeout: 5000, noAsyncTraces: true },
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

/** Connects, or throws an error that names the servers tried and why it failed. */
export async function connectTo(opts: NodeConnectionOptions, display: string): Promise<NatsConnection> {
  try {
    return await connect(opts);
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
