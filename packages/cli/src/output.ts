// Output rules of DESIGN §7: with --json exactly one compact JSON object per line on stdout,
// numbers as JSON numbers (u64 values beyond 2^53 are written as exact digits, never rounded).
// The objects themselves (nodes, imports, path infos) come from @castore/store/summary.
import { createWriteStream, fstatSync } from "node:fs";
import type { Json, JsonObject } from "@castore/store/summary";

export type { Json, JsonObject };

/** JSON.stringify that writes bigint as digits. */
export function toJson(value: Json): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    typeof v === "bigint" ? `\u0000BIG${v.toString()}\u0000` : v,
  ).replace(/"\\u0000BIG(\d+)\\u0000"/g, "$1");
}

export interface Output {
  readonly json: boolean;
  /** Prints one result: a JSON line, or aligned `key: value` lines for people. */
  result(value: JsonObject): void;
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

/**
 * Where bulk output (NAR, blob bytes) goes. Node writes stdout synchronously when it is a file, so
 * every write to it stops the fetching and verifying for as long as the kernel copies (a 124 MB
 * NAR to tmpfs: ~0.17 s of a 1 s render). To a regular file the bytes go through an fs stream
 * instead, whose writes run on the libuv pool beside the main thread. Pipes, terminals and
 * sockets keep process.stdout: a pipe's file description may be non-blocking (shared with the
 * reader), where a pool write would fail with EAGAIN instead of waiting.
 */
export function bulkStdout(): NodeJS.WritableStream {
  let regular = false;
  try {
    regular = fstatSync(1).isFile();
  } catch {
    // no fd 1: process.stdout reports it
  }
  if (!regular) return process.stdout;
  // 1 MiB of writes queued at most: the renderer waits on 'drain' beyond that.
  return createWriteStream("", { fd: 1, autoClose: false, highWaterMark: 1 << 20 });
}
