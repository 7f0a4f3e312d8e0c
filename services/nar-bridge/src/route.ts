// What a route is: methods and a path pattern, and a handler from a decoded request to a Reply.
// The server (server.ts) knows no route; the table (routes/index.ts) knows no HTTP plumbing, so a
// page or another route is one more entry in the table.
import type { IncomingMessage } from "node:http";
import type { Logger } from "@castore/service-kit";
import type { Store } from "@castore/store";
import type { Reply } from "./http.js";
import type { NarIndex } from "./nar-index.js";

export type Method = "GET" | "HEAD" | "PUT";

/** Settings of a running bridge (defaults in server.ts). */
export interface BridgeSettings {
  /** `Priority` in /nix-cache-info: lower is asked first; cache.nixos.org has 40. */
  readonly priority: number;
  /** Largest narinfo a PUT may send. */
  readonly maxNarinfoBytes: number;
  /** Largest NAR listing (`.ls`) or other side file a PUT may send. */
  readonly maxSideFileBytes: number;
}

/** What every handler may use: the store, the NAR-hash index, the logger, the settings. */
export interface BridgeContext {
  readonly store: Store;
  readonly index: NarIndex;
  readonly log: Logger;
  readonly settings: BridgeSettings;
}

export interface BridgeRequest {
  /** HEAD is passed as HEAD to routes that list GET: they may answer it without touching storage. */
  readonly method: Method;
  readonly url: URL;
  /** The pattern's capture groups. */
  readonly params: readonly string[];
  /** The request itself, for headers and the body of a PUT. */
  readonly raw: IncomingMessage;
}

export interface Route {
  /** For logs. */
  readonly name: string;
  /** Methods it answers; a route with GET answers HEAD too (the server drops the body). */
  readonly methods: readonly Method[];
  /** Matched against the whole decoded path. */
  readonly pattern: RegExp;
  handle(req: BridgeRequest, ctx: BridgeContext): Promise<Reply>;
}

/** Nix's content types (nix-compat `nix_http`). */
export const CONTENT_TYPE = {
  nar: "application/x-nix-nar",
  narinfo: "text/x-nix-narinfo",
  cacheInfo: "text/x-nix-cache-info",
  json: "application/json",
  text: "text/plain; charset=utf-8",
  html: "text/html; charset=utf-8",
  binary: "application/octet-stream",
} as const;

/** Content-addressed replies never change. */
export const IMMUTABLE = "public, max-age=31536000, immutable";
