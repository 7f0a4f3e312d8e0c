// HTTP plumbing of the bridge, free of any route: what a handler returns (a Reply), HTTP-specific
// refusals (HttpError), the mapping of the store's closed error set onto status codes, request
// bodies read under a size limit, and Range headers.
import type { IncomingMessage } from "node:http";
import { Code, isStoreError } from "@castore/core";

/** What a handler answers. A body of pieces streams; its length is checked against Content-Length. */
export interface Reply {
  readonly status: number;
  /** The status line's reason phrase (default: the standard one). */
  readonly reason?: string;
  readonly headers?: Readonly<Record<string, string | number>>;
  readonly body?: string | Uint8Array | AsyncIterable<Uint8Array>;
}

/** A refusal with an HTTP status of its own (405, 413, 415, 416, …) and a reason for the body. */
export class HttpError extends Error {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | number>>;

  constructor(status: number, message: string, headers: Record<string, string | number> = {}) {
    super(message);
    this.status = status;
    this.headers = headers;
  }
}

const STATUS_OF_CODE: Record<Code, number> = {
  [Code.InvalidArgument]: 400,
  [Code.NotFound]: 404,
  [Code.Conflict]: 409,
  [Code.TooLarge]: 413,
  [Code.Internal]: 500,
  [Code.Unavailable]: 503,
};

/** Status, headers and body text of a failure; anything unexpected is 500 "internal error". */
export function errorReply(e: unknown): { status: number; headers: Record<string, string | number>; message: string } {
  if (e instanceof HttpError) return { status: e.status, headers: { ...e.headers }, message: e.message };
  if (isStoreError(e)) {
    const status = STATUS_OF_CODE[e.code] ?? 500;
    return { status, headers: {}, message: status === 500 ? "internal error" : e.message };
  }
  return { status: 500, headers: {}, message: "internal error" };
}

export function textReply(status: number, text: string, headers: Record<string, string | number> = {}): Reply {
  return { status, headers: { "content-type": "text/plain; charset=utf-8", ...headers }, body: text.endsWith("\n") ? text : text + "\n" };
}

/**
 * The whole body, refused with 413 past `limit` bytes (by Content-Length before reading, or while
 * reading when the length is not announced).
 */
export async function readBody(req: IncomingMessage, limit: number, what: string): Promise<Buffer> {
  const announced = req.headers["content-length"];
  if (announced !== undefined && Number(announced) > limit) {
    throw new HttpError(413, `${what} of ${announced} bytes is larger than the ${limit} bytes allowed`);
  }
  const parts: Buffer[] = [];
  let size = 0;
  for await (const p of req as AsyncIterable<Buffer>) {
    size += p.length;
    if (size > limit) throw new HttpError(413, `${what} is larger than the ${limit} bytes allowed`);
    parts.push(p);
  }
  return Buffer.concat(parts, size);
}

/** A request body read and dropped, up to `limit` bytes (what the bridge accepts but keeps no copy of). */
export async function discardBody(req: IncomingMessage, limit: number, what: string): Promise<number> {
  return (await readBody(req, limit, what)).length;
}

/** A satisfiable byte range, end exclusive. */
export interface ByteRange {
  readonly start: bigint;
  readonly end: bigint;
}

/**
 * The one range a `Range: bytes=…` header asks of `what`, a body of `size` bytes: null when there is no
 * header, or it is not a single bytes range (then the whole body is sent, as RFC 9110 allows);
 * an unsatisfiable range is a 416.
 */
export function parseRange(header: string | undefined, size: bigint, what = "the NAR"): ByteRange | null {
  if (header === undefined) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === "" && m[2] === "")) return null;
  const unsatisfiable = (): never => {
    throw new HttpError(416, `range ${JSON.stringify(header)} is outside the ${size} bytes of ${what}`, { "content-range": `bytes */${size}` });
  };
  if (m[1] === "") {
    // The last N bytes.
    const n = BigInt(m[2]!);
    if (n === 0n) return unsatisfiable();
    return { start: size > n ? size - n : 0n, end: size };
  }
  const start = BigInt(m[1]!);
  const last = m[2] === "" ? null : BigInt(m[2]!);
  if (last !== null && last < start) return null; // syntactically invalid: ignored
  if (start >= size) return unsatisfiable();
  if (last === null) return { start, end: size };
  return { start, end: last < size ? last + 1n : size };
}

/**
 * A status line's reason phrase carrying `message`: Nix shows the phrase of a failed request
 * (`HTTP error 415 ('…')`) but not the body, so refusals put their reason there too. Printable
 * ASCII only, one line, at most 300 characters.
 */
export function reasonPhrase(standard: string | undefined, message: string): string {
  const clean = message.replace(/[^\x20-\x7e]+/g, " ").replace(/\s+/g, " ").trim();
  const text = standard === undefined ? clean : `${standard}: ${clean}`;
  return text.length > 300 ? text.slice(0, 297) + "..." : text;
}

/**
 * A URL path's percent-escapes as bytes (other characters as their UTF-8): names in the store are
 * bytes, not necessarily UTF-8, so routes that address them decode the path themselves. A `%` not
 * followed by two hex digits is a 400.
 */
export function percentDecode(path: string): Buffer {
  if (/%(?![0-9A-Fa-f]{2})/.test(path)) throw new HttpError(400, `path ${JSON.stringify(path)} is not valid percent-encoding`);
  const out: Buffer[] = [];
  let i = 0;
  for (const m of path.matchAll(/(?:%[0-9A-Fa-f]{2})+/g)) {
    out.push(Buffer.from(path.slice(i, m.index), "utf8"), Buffer.from(m[0].replaceAll("%", ""), "hex"));
    i = m.index + m[0].length;
  }
  out.push(Buffer.from(path.slice(i), "utf8"));
  return Buffer.concat(out);
}
