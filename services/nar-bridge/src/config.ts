// The bridge's own settings, from flags and CASTORE_* variables (a flag wins; an empty variable
// counts as unset), validated in one place so a bad value names where it came from. Used by the
// bridge's own main and by `castore serve --http`.
import { UsageError, listenAddr, type Options, type Values } from "@castore/service-kit";

export interface BridgeConfig {
  /** Where to listen; undefined when no address was given. */
  readonly listen: { readonly host: string; readonly port: number } | undefined;
  readonly priority: number | undefined;
}

export const bridgeOptions: Options = {
  http: { type: "string", value: "HOST:PORT", env: "CASTORE_HTTP", help: "serve the Nix binary cache (nar-bridge) on this address, e.g. 127.0.0.1:8080 or [::]:8080" },
  priority: { type: "string", value: "N", env: "CASTORE_HTTP_PRIORITY", help: "Priority in /nix-cache-info (default 39; cache.nixos.org has 40)" },
};

export function loadBridgeConfig(flags: Values, env: Record<string, string | undefined> = process.env): BridgeConfig {
  const pick = (flag: string, name: string): [string, string] | undefined => {
    const f = flags[flag];
    if (typeof f === "string" && f !== "") return [f, `--${flag}`];
    const e = env[name];
    return e !== undefined && e !== "" ? [e, name] : undefined;
  };
  const http = pick("http", "CASTORE_HTTP");
  const prio = pick("priority", "CASTORE_HTTP_PRIORITY");
  let priority: number | undefined;
  if (prio !== undefined) {
    if (!/^[0-9]{1,6}$/.test(prio[0])) throw new UsageError(`${prio[1]} must be a whole number, got ${JSON.stringify(prio[0])}`);
    priority = Number(prio[0]);
  }
  return { listen: http === undefined ? undefined : parseListen(http[0], http[1]), priority };
}

/** `HOST:PORT`, `[IPv6]:PORT` or `:PORT` (all interfaces). */
export function parseListen(text: string, from: string): { host: string; port: number } {
  const a = listenAddr(text);
  if (typeof a === "string") throw new UsageError(`${from} ${a}, got ${JSON.stringify(text)}`);
  return a;
}
