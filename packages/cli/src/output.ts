// Output rules of DESIGN §7: with --json exactly one compact JSON object per line on stdout,
// numbers as JSON numbers (u64 values beyond 2^53 are written as exact digits, never rounded);
// names and targets that are not UTF-8 are shown with U+FFFD and given exactly in a `…B64` field.
import type { Node } from "@castore/core";

export type Json = string | number | bigint | boolean | null | Json[] | { [k: string]: Json | undefined };

/** JSON.stringify that writes bigint as digits. */
export function toJson(value: Json): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    typeof v === "bigint" ? `\u0000BIG${v.toString()}\u0000` : v,
  ).replace(/"\\u0000BIG(\d+)\\u0000"/g, "$1");
}

const utf8 = new TextDecoder("utf-8", { fatal: true });
const lossy = new TextDecoder("utf-8");

/** Adds `field` (lossy UTF-8) and, if the bytes are not valid UTF-8, `fieldB64` (exact). */
export function bytesField(out: Record<string, Json | undefined>, field: string, bytes: Uint8Array): void {
  try {
    out[field] = utf8.decode(bytes);
  } catch {
    out[field] = lossy.decode(bytes);
    out[`${field}B64`] = Buffer.from(bytes).toString("base64");
  }
}

/** The node fields of DESIGN §7: type, then digest/size/executable or target. */
export function nodeJson(node: Node): Record<string, Json | undefined> {
  const out: Record<string, Json | undefined> = { type: node.type };
  if (node.type === "symlink") {
    bytesField(out, "target", node.target);
  } else {
    out["digest"] = node.digest.toHex();
    out["size"] = node.size;
    if (node.type === "file") out["executable"] = node.executable;
  }
  return out;
}

export interface Output {
  readonly json: boolean;
  /** Prints one result: a JSON line, or aligned `key: value` lines for people. */
  result(value: Record<string, Json | undefined>): void;
}

export function makeOutput(json: boolean, stdout: NodeJS.WritableStream = process.stdout): Output {
  return {
    json,
    result(value) {
      if (json) {
        stdout.write(toJson(value as Json) + "\n");
        return;
      }
      const entries = Object.entries(value).filter(([, v]) => v !== undefined);
      const width = Math.max(...entries.map(([k]) => k.length));
      for (const [k, v] of entries) {
        stdout.write(`${k.padEnd(width)}  ${typeof v === "string" ? v : toJson(v as Json)}\n`);
      }
    },
  };
}
