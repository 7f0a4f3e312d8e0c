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
import type { ServiceName, Store } from "@castore/store";

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
  /** Values of options that may be given more than once. */
  readonly lists: Record<string, string[]>;
  readonly cfg: Config;
  readonly log: PinoLogger;
}

export async function setup(argv: string[], help: CommandHelp, defaultLevel: LogLevel = "warn"): Promise<Setup> {
  const { values, positionals, lists } = parse(argv, help.options);
  const cfg = loadConfig(values, process.env);
  const log = await makeLogger(cfg.logLevel ?? defaultLevel);
  return { values, positionals, lists, cfg, log };
}

/** Opens the store of `cfg`, runs `fn` on it and closes it afterwards, whatever happens. */
export async function withStore<T>(
  cfg: Config,
  log: PinoLogger,
  fn: (s: Store) => Promise<T>,
  require: readonly ServiceName[] = ["blobs"],
): Promise<T> {
  // Loaded here, not at the top: `castore hash` and `--help` need no NATS client.
  const { openStore, storeAddress } = await import("@castore/store");
  const [url, opts] = storeAddress(cfg, { logger: log, require });
  const store = await openStore(url, opts);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
