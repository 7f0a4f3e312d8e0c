// Where the store is and how to reach it, from flags and environment (a flag wins; an empty
// variable counts as unset). Validated with zod in one place, so a bad value is reported once,
// naming the flag or variable it came from, before anything connects or starts.
import { existsSync, readFileSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { DEFAULT_PREFIX, SigningKey, validatePrefix } from "@castore/core";
import { z } from "zod";
import { UsageError, type Options } from "./args.js";

/** A NATS to use instead of the embedded default: members of one cluster, one set of credentials. */
export interface NatsTarget {
  /** `nats://host:port` (or `tls://`), credentials removed. */
  readonly servers: readonly string[];
  readonly user?: string;
  readonly pass?: string;
  /** The URLs as given, comma-separated, passwords masked: for messages and logs. */
  readonly display: string;
}

export type LogLevel = "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";

export interface Config {
  /** undefined: the embedded default under `home`. */
  readonly nats: NatsTarget | undefined;
  readonly prefix: string;
  readonly creds: string | undefined;
  readonly nkey: string | undefined;
  readonly tls: { readonly ca?: string; readonly cert?: string; readonly key?: string };
  readonly jsDomain: string | undefined;
  /** Stream replicas of the buckets the services create. */
  readonly replicas: 1 | 3 | 5;
  readonly home: string;
  readonly logLevel: LogLevel | undefined;
  /** The key the path-info service signs with (`--signing-key` / CASTORE_SIGNING_KEY), read and checked. */
  readonly signingKey: { readonly file: string; readonly key: SigningKey } | undefined;
  /** How a client reads chunks with --nats: through the blob service, or straight from JetStream. */
  readonly read: "service" | "direct";
  /** Where to serve Prometheus metrics (`--metrics` / CASTORE_METRICS); undefined: nowhere. */
  readonly metrics: ListenAddr | undefined;
}

/** A TCP address to listen on. */
export interface ListenAddr {
  readonly host: string;
  readonly port: number;
}

/** Where each setting may come from. */
const SOURCES = {
  nats: { flag: "nats", env: "CASTORE_NATS_URL" },
  prefix: { flag: "prefix", env: "CASTORE_PREFIX" },
  creds: { flag: "creds", env: "CASTORE_CREDS" },
  nkey: { flag: "nkey", env: "CASTORE_NKEY" },
  tlsCa: { flag: "tls-ca", env: "CASTORE_TLS_CA" },
  tlsCert: { flag: "tls-cert", env: "CASTORE_TLS_CERT" },
  tlsKey: { flag: "tls-key", env: "CASTORE_TLS_KEY" },
  jsDomain: { flag: "js-domain", env: "CASTORE_JS_DOMAIN" },
  replicas: { flag: "replicas", env: "CASTORE_REPLICAS" },
  signingKey: { flag: "signing-key", env: "CASTORE_SIGNING_KEY" },
  read: { flag: "read", env: "CASTORE_READ" },
  metrics: { flag: "metrics", env: "CASTORE_METRICS" },
  home: { flag: undefined, env: "CASTORE_HOME" },
  logLevel: { flag: undefined, env: "CASTORE_LOG_LEVEL" },
} as const satisfies Record<string, { flag: string | undefined; env: string }>;

type Key = keyof typeof SOURCES;

/** The flags every command and service that uses a store accepts, with their help text. */
export const storeOptions: Options = {
  nats: { type: "string", value: "URLS", env: SOURCES.nats.env, help: "nats://[user:pass@]host:port,... members of one cluster (default: the embedded store)" },
  prefix: { type: "string", value: "P", env: SOURCES.prefix.env, help: "subject prefix of the store (default castore)" },
  creds: { type: "string", value: "FILE", env: SOURCES.creds.env, help: "NATS credentials file" },
  nkey: { type: "string", value: "FILE", env: SOURCES.nkey.env, help: "NATS user nkey seed file" },
  "tls-ca": { type: "string", value: "FILE", env: SOURCES.tlsCa.env, help: "CA certificate for TLS to NATS" },
  "tls-cert": { type: "string", value: "FILE", env: SOURCES.tlsCert.env, help: "client certificate for TLS to NATS" },
  "tls-key": { type: "string", value: "FILE", env: SOURCES.tlsKey.env, help: "client key for TLS to NATS" },
  "js-domain": { type: "string", value: "D", env: SOURCES.jsDomain.env, help: "JetStream domain (leaf-node set-ups)" },
  replicas: { type: "string", value: "1|3|5", env: SOURCES.replicas.env, help: "replicas of the buckets the services create (default 1)" },
  "signing-key": {
    type: "string",
    value: "FILE",
    env: SOURCES.signingKey.env,
    help: "Nix secret key the path-info service signs every stored path with",
  },
  read: {
    type: "string",
    value: "service|direct",
    env: SOURCES.read.env,
    help: "with --nats, read chunks through the blob service (default) or straight from JetStream (needs that permission)",
  },
};

/** The flag of the programs that serve (castore serve, each service's main, the nar-bridge's). */
export const metricsOption: Options = {
  metrics: {
    type: "string",
    value: "HOST:PORT",
    env: SOURCES.metrics.env,
    help: "serve Prometheus metrics on http://HOST:PORT/metrics, e.g. 127.0.0.1:9464 (port 0: a free one, logged); off by default",
  },
};

/** Environment variables read besides the flags' own (for --help). */
export const storeEnv: readonly (readonly [string, string])[] = [
  [SOURCES.home.env, "where the embedded store lives (default ~/.local/share/castore)"],
  [SOURCES.logLevel.env, "pino log level: fatal, error, warn, info, debug, trace, silent"],
  ["CASTORE_BLAKE3", "wasm forces the WASM BLAKE3 fallback"],
];

export const DEFAULTS = {
  prefix: DEFAULT_PREFIX,
  replicas: 1,
  home: (): string => join(homedir(), ".local", "share", "castore"),
} as const;

/** Parses comma-separated `nats://[user:pass@]host:port` URLs; a string is the reason it cannot. */
export function natsTarget(text: string): NatsTarget | string {
  const servers: string[] = [];
  const shown: string[] = [];
  let auth: { user: string; pass: string } | undefined;
  for (const item of text.split(",").map((s) => s.trim())) {
    let u: URL;
    try {
      u = new URL(item);
    } catch {
      u = new URL("invalid:");
    }
    if ((u.protocol !== "nats:" && u.protocol !== "tls:") || u.hostname === "" || u.pathname.replace(/^\/$/, "") !== "") {
      return "must be comma-separated nats://[user:pass@]host:port URLs";
    }
    const here = { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) };
    if (here.user !== "") {
      if (auth !== undefined && (auth.user !== here.user || auth.pass !== here.pass)) {
        return "must carry the same user:pass in every URL (one cluster, one account)";
      }
      auth = here;
    }
    const hostPort = `${u.hostname}:${u.port === "" ? 4222 : u.port}`;
    servers.push(`${u.protocol}//${hostPort}`);
    shown.push(`${u.protocol}//${here.user === "" ? "" : `${u.username}${here.pass === "" ? "" : ":***"}@`}${hostPort}`);
  }
  return {
    servers,
    display: shown.join(","),
    ...(auth === undefined ? {} : { user: auth.user, ...(auth.pass === "" ? {} : { pass: auth.pass }) }),
  };
}

/**
 * `HOST:PORT`, `[IPv6]:PORT` or `:PORT` (all interfaces); a string is the reason it is not one.
 */
export function listenAddr(text: string): ListenAddr | string {
  const m = /^(?:\[([0-9A-Fa-f:.]+)\]|([^:[\]]*)):([0-9]{1,5})$/.exec(text);
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535) return "must be HOST:PORT (e.g. 127.0.0.1:8080, [::1]:8080 or :8080)";
  return { host: m[1] ?? (m[2] === "" ? "0.0.0.0" : m[2]!), port };
}

function parseListenAddr(text: string, ctx: z.RefinementCtx): ListenAddr {
  const a = listenAddr(text);
  if (typeof a === "string") {
    ctx.addIssue({ code: "custom", message: a });
    return z.NEVER;
  }
  return a;
}

function parseNatsUrls(text: string, ctx: z.RefinementCtx): NatsTarget {
  const t = natsTarget(text);
  if (typeof t === "string") {
    ctx.addIssue({ code: "custom", message: t });
    return z.NEVER;
  }
  return t;
}

const file = z
  .string()
  .transform((p) => resolve(p))
  .refine((p) => existsSync(p) && statSync(p).isFile(), { message: "must name an existing file" });

const schema = z.object({
  nats: z.string().transform(parseNatsUrls).optional(),
  prefix: z
    .string()
    .refine(
      (p) => {
        try {
          validatePrefix(p);
          return true;
        } catch {
          return false;
        }
      },
      { message: `must be dot-separated tokens of letters, digits, "_" and "-"` },
    )
    .default(DEFAULTS.prefix),
  creds: file.optional(),
  nkey: file.optional(),
  tlsCa: file.optional(),
  tlsCert: file.optional(),
  tlsKey: file.optional(),
  jsDomain: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, { message: `must be letters, digits, "_" and "-"` })
    .optional(),
  replicas: z
    .enum(["1", "3", "5"], { error: "must be 1, 3 or 5" })
    .transform((r) => Number(r) as 1 | 3 | 5)
    .default(DEFAULTS.replicas),
  signingKey: file.optional(),
  read: z.enum(["service", "direct"], { error: "must be service or direct" }).default("service"),
  metrics: z.string().transform(parseListenAddr).optional(),
  home: z
    .string()
    .transform((p) => resolve(p))
    .optional(),
  logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], {
    error: "must be one of fatal, error, warn, info, debug, trace, silent",
  }).optional(),
});

/**
 * Merges flags (from parse() with storeOptions) over the environment over the defaults.
 * Throws a UsageError naming the flag or variable of the first bad value.
 */
export function loadConfig(
  flags: Record<string, unknown>,
  env: Record<string, string | undefined> = process.env,
): Config {
  const raw: Partial<Record<Key, string>> = {};
  const from: Partial<Record<Key, string>> = {};
  for (const [key, src] of Object.entries(SOURCES) as [Key, (typeof SOURCES)[Key]][]) {
    const f = src.flag === undefined ? undefined : flags[src.flag];
    const e = env[src.env];
    if (typeof f === "string" && f !== "") {
      raw[key] = f;
      from[key] = `--${src.flag}`;
    } else if (e !== undefined && e !== "") {
      raw[key] = e;
      from[key] = src.env;
    }
  }
  const r = schema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const key = issue.path[0] as Key;
    throw new UsageError(`${from[key] ?? key} ${issue.message}, got ${JSON.stringify(raw[key])}`);
  }
  const c = r.data;
  if (c.tlsKey !== undefined && c.tlsCert === undefined) {
    throw new UsageError(`${from.tlsKey} needs a certificate too (--tls-cert or CASTORE_TLS_CERT)`);
  }
  if (c.tlsCert !== undefined && c.tlsKey === undefined) {
    throw new UsageError(`${from.tlsCert} needs a key too (--tls-key or CASTORE_TLS_KEY)`);
  }
  if (c.creds !== undefined && c.nkey !== undefined) {
    throw new UsageError(`give ${from.creds} or ${from.nkey}, not both`);
  }
  let signingKey: Config["signingKey"];
  if (c.signingKey !== undefined) {
    signingKey = { file: c.signingKey, key: readSigningKey(c.signingKey, from.signingKey ?? "--signing-key") };
  }
  return {
    nats: c.nats,
    prefix: c.prefix,
    creds: c.creds,
    nkey: c.nkey,
    tls: {
      ...(c.tlsCa === undefined ? {} : { ca: c.tlsCa }),
      ...(c.tlsCert === undefined ? {} : { cert: c.tlsCert }),
      ...(c.tlsKey === undefined ? {} : { key: c.tlsKey }),
    },
    jsDomain: c.jsDomain,
    replicas: c.replicas,
    home: c.home ?? DEFAULTS.home(),
    logLevel: c.logLevel,
    signingKey,
    read: c.read,
    metrics: c.metrics,
  };
}

/** The configuration as it may be logged: file paths, no secrets. */
export function describeConfig(c: Config): Record<string, unknown> {
  return {
    nats: c.nats?.display ?? `embedded (${c.home})`,
    prefix: c.prefix,
    replicas: c.replicas,
    ...(c.jsDomain === undefined ? {} : { jsDomain: c.jsDomain }),
    ...(c.creds === undefined ? {} : { creds: c.creds }),
    ...(c.nkey === undefined ? {} : { nkey: c.nkey }),
    ...(Object.keys(c.tls).length === 0 ? {} : { tls: c.tls }),
    ...(c.signingKey === undefined ? {} : { signingKey: c.signingKey.file, signingKeyName: c.signingKey.key.name }),
    ...(c.metrics === undefined ? {} : { metrics: `${c.metrics.host.includes(":") ? `[${c.metrics.host}]` : c.metrics.host}:${c.metrics.port}` }),
  };
}

/**
 * The secret key in `file`, or an error naming the file and where it was given (`from`). A file
 * that is no key at all is called that, with the format expected; the key is never echoed.
 */
function readSigningKey(file: string, from: string): SigningKey {
  const where = `${from} ${JSON.stringify(file)}`;
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new UsageError(`${where}: cannot read it: ${(e as Error).message}`);
  }
  try {
    if (text.trim() === "") throw new Error("the file is empty");
    return SigningKey.parse(text);
  } catch (e) {
    throw new UsageError(
      `${where} is not a Nix secret key (expected NAME:BASE64, as made by nix-store --generate-binary-cache-key): ${(e as Error).message}`,
    );
  }
}
