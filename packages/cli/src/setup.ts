// The common start of every command that uses a store: its own options plus the store options,
// the validated configuration, and a logger. The CLI is an entry point, so it reads process.env.
import { UsageError, parse, type OptionSpec } from "./args.js";
import { loadConfig, storeOptions, type Config, type LogLevel } from "./config.js";
import { makeLogger, type Logger } from "./logger.js";

export interface Setup {
  readonly values: Record<string, string | boolean | string[] | undefined>;
  readonly positionals: string[];
  readonly cfg: Config;
  readonly log: Logger;
}

export async function setup(argv: string[], options: OptionSpec, defaultLevel: LogLevel = "warn"): Promise<Setup> {
  const { values, positionals } = parse(argv, { ...storeOptions, ...options });
  const cfg = loadConfig(values, process.env);
  const log = await makeLogger(cfg.logLevel ?? defaultLevel);
  return { values, positionals, cfg, log };
}

/** A non-negative integer option (offsets, lengths), or undefined when not given. */
export function byteCount(values: Setup["values"], name: string): bigint | undefined {
  const v = values[name];
  if (v === undefined) return undefined;
  if (typeof v !== "string" || !/^\d+$/.test(v)) {
    throw new UsageError(`--${name} must be a non-negative integer, got ${JSON.stringify(v)}`);
  }
  return BigInt(v);
}
