// Output rules of DESIGN §7: with --json exactly one compact JSON object per line on stdout,
// numbers as JSON numbers (u64 values beyond 2^53 are written as exact digits, never rounded).
// The objects themselves (nodes, imports, path infos) come from @castore/store/summary.
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
