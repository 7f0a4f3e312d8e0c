// From a program's validated configuration (flags and CASTORE_* variables, service-kit Config) to
// what openStore takes: the URL of the store and its options. Shared by the CLI and the nar-bridge,
// so both reach a store the same way (credentials, TLS, prefix, direct reads).
import type { Config, Logger, Role } from "@castore/service-kit";
import type { OpenStoreOptions, ServiceName } from "./open.js";

export interface StoreAddressOptions {
  /** Services checked at open (nats://). */
  readonly require?: readonly ServiceName[];
  /** "cli" (default) or "service" (reconnects forever). */
  readonly role?: Role;
  readonly logger?: Logger;
}

/** The URL (undefined: the embedded default) and options openStore opens for `cfg`. */
export function storeAddress(cfg: Config, o: StoreAddressOptions = {}): [string | undefined, OpenStoreOptions] {
  const opts: OpenStoreOptions = {
    prefix: cfg.prefix,
    home: cfg.home,
    replicas: cfg.replicas,
    ...(cfg.jsDomain === undefined ? {} : { jsDomain: cfg.jsDomain }),
    signingKey: cfg.signingKey?.key ?? null,
    ...(cfg.creds === undefined ? {} : { creds: cfg.creds }),
    ...(cfg.nkey === undefined ? {} : { nkey: cfg.nkey }),
    tls: { ...cfg.tls, ...(cfg.nats?.servers.some((s) => s.startsWith("tls:")) ? { required: true } : {}) },
    role: o.role ?? "cli",
    ...(o.require === undefined ? {} : { require: o.require }),
    ...(o.logger === undefined ? {} : { logger: o.logger }),
  };
  if (cfg.nats === undefined) return [undefined, opts];
  const t = cfg.nats;
  const auth = t.user === undefined ? "" : `${encodeURIComponent(t.user)}${t.pass === undefined ? "" : `:${encodeURIComponent(t.pass)}`}@`;
  const hosts = t.servers.map((s) => s.replace(/^[a-z]+:\/\//, "")).join(",");
  return [`nats://${auth}${hosts}?prefix=${encodeURIComponent(cfg.prefix)}${cfg.read === "direct" ? "&read=direct" : ""}`, opts];
}
