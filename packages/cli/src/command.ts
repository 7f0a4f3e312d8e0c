// The shape of a command and the small helpers every command's argument handling shares. Light on
// purpose (no NATS, zod or pino): `castore hash` and `castore --help` load only this.
import { createReadStream, statSync } from "node:fs";
import type { Readable } from "node:stream";
import { UsageError, type CommandHelp, type Options, type Values } from "@castore/service-kit/args";

export interface CommandDef {
  readonly name: string;
  readonly help: CommandHelp;
  run(argv: string[]): Promise<void>;
}

/** What a REF may be, for the help of the commands that take one. */
export const REF_NOTE =
  "REF: a digest (64 hex, b3:<base64> or blake3-<base64>) or a store path (/nix/store/<hash>-<name> or " +
  "<hash>-<name>), optionally followed by a subpath (/nix/store/<hash>-x/bin/sh). A bare digest is looked up " +
  "as a directory first, then as a blob.";

export const JSON_OPTION: Options = { json: { type: "boolean", help: "one compact JSON object per line on stdout" } };

/** Exactly the named positional arguments, or a usage error naming what is missing or extra. */
export function positionals(p: string[], names: readonly string[], help: CommandHelp): string[] {
  if (p.length < names.length) throw new UsageError(`missing ${names.slice(p.length).join(" and ")}; usage: ${help.usage[0]}`);
  if (p.length > names.length) throw new UsageError(`unexpected argument ${JSON.stringify(p[names.length])}; usage: ${help.usage[0]}`);
  return p;
}

/** A non-negative integer option (offsets, lengths), or undefined when not given. */
export function byteCount(values: Values, name: string): bigint | undefined {
  const v = values[name];
  if (v === undefined) return undefined;
  if (typeof v !== "string" || !/^\d+$/.test(v)) {
    throw new UsageError(`--${name} must be a non-negative integer, got ${JSON.stringify(v)}`);
  }
  return BigInt(v);
}

/**
 * The bytes a command reads: FILE, or stdin for "-". A missing file or a directory fails here,
 * before anything starts or connects; `size` is known for a file (progress shows a total).
 */
export function inputFile(path: string, notADirectory: string): { source: Readable; size: number | undefined } {
  if (path === "-") return { source: process.stdin, size: undefined };
  const st = statSync(path);
  if (st.isDirectory()) throw new UsageError(`${path} is a directory${notADirectory}`);
  return { source: createReadStream(path, { highWaterMark: 1024 * 1024 }), size: st.size };
}
