// What every command that uses a store shares: the validated configuration, a logger, and the store
// opened with @castore/store from that configuration. The CLI is an entry point, so it reads
// process.env.
import {
  loadConfig,
  makeLogger,
  parse,
  storeEnv,
  storeOptions,
  type CommandHelp,
  type Config,
  type LogLevel,
  type Options,
  type PinoLogger,
  type Values,
} from "@castore/service-kit";
export { JSON_OPTION, REF_NOTE, byteCount, positionals, type CommandDef } from "./command.js";
import type { OpenStoreOptions, ServiceName, Store } from "@castore/store";

/** The help of a command that opens a store: its own options, then the store's. */
export function storeCommand(h: { usage: string[]; summary: string; options?: Options; notes?: string[] }): CommandHelp {
  return {
    usage: h.usage,
    summary: h.summary,
    options: { ...(h.options ?? {}), ...storeOptions },
    env: storeEnv,
    ...(h.notes ? { notes: h.notes } : {}),
  };
}

export interface Setup {
  readonly values: Values;
  readonly positionals: string[];
  readonly cfg: Config;
  readonly log: PinoLogger;
}

export async function setup(argv: string[], help: CommandHelp, defaultLevel: LogLevel = "warn"): Promise<Setup> {
  const { values, positionals } = parse(argv, help.options);
  const cfg = loadConfig(values, process.env);
  const log = await makeLogger(cfg.logLevel ?? defaultLevel);
  return { values, positionals, cfg, log };
}

/** The URL and options @castore/store opens for this configuration. */
export function storeAddress(cfg: Config, log: PinoLogger, require: readonly ServiceName[]): [string | undefined, OpenStoreOptions] {
  const opts: OpenStoreOptions = {
    prefix: cfg.prefix,
    home: cfg.home,
    replicas: cfg.replicas,
    ...(cfg.jsDomain === undefined ? {} : { jsDomain: cfg.jsDomain }),
    signingKey: cfg.signingKey?.key ?? null,
    ...(cfg.creds === undefined ? {} : { creds: cfg.creds }),
    ...(cfg.nkey === undefined ? {} : { nkey: cfg.nkey }),
    tls: { ...cfg.tls, ...(cfg.nats?.servers.some((s) => s.startsWith("tls:")) ? { required: true } : {}) },
    role: "cli",
    require,
    logger: log,
  };
  if (cfg.nats === undefined) return [undefined, opts];
  const t = cfg.nats;
  const auth = t.user === undefined ? "" : `${encodeURIComponent(t.user)}${t.pass === undefined ? "" : `:${encodeURIComponent(t.pass)}`}@`;
  const hosts = t.servers.map((s) => s.replace(/^[a-z]+:\/\//, "")).join(",");
  return [`nats://${auth}${hosts}?prefix=${encodeURIComponent(cfg.prefix)}${cfg.read === "direct" ? "&read=direct" : ""}`, opts];
}

/** Opens the store of `cfg`, runs `fn` on it and closes it afterwards, whatever happens. */
export async function withStore<T>(
  cfg: Config,
  log: PinoLogger,
  fn: (s: Store) => Promise<T>,
  require: readonly ServiceName[] = ["blobs"],
): Promise<T> {
  // Loaded here, not at the top: `castore hash` and `--help` need no NATS client.
  const { openStore } = await import("@castore/store");
  const [url, opts] = storeAddress(cfg, log, require);
  const store = await openStore(url, opts);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
