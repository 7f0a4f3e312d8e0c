// Query parameters of the pages: page sizes and opaque positions (a listing cursor, a name to
// continue after), each refused with a 400 naming the parameter when malformed.
import { HttpError } from "../http.js";

/** `?<name>=N`: a whole number from 1 to `max`; `def` when absent. */
export function limitParam(q: URLSearchParams, name: string, def: number, max: number): number {
  const v = q.get(name);
  if (v === null || v === "") return def;
  if (!/^[1-9][0-9]{0,6}$/.test(v) || Number(v) > max) throw new HttpError(400, `${name} must be a whole number from 1 to ${max}, got ${JSON.stringify(v.slice(0, 40))}`);
  return Number(v);
}

/** `?<name>=<base64url>` as bytes; null when absent or empty. */
export function base64urlParam(q: URLSearchParams, name: string): Buffer | null {
  const v = q.get(name);
  if (v === null || v === "") return null;
  if (!/^[A-Za-z0-9_-]+$/.test(v) || v.length % 4 === 1) throw new HttpError(400, `${name} must be base64url, got ${JSON.stringify(v.slice(0, 40))}`);
  return Buffer.from(v, "base64url");
}
