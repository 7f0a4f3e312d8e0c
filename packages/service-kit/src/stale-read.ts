// nats-server 2.9 can answer a direct get from a replica that is not yet current (e.g. just
// restarted). A miss for something that must exist (a chunk a blob index names, a child
// directory) is therefore asked again of the stream leader before it counts as missing. Only a
// definite "no such message" from the leader is a miss: a timeout or any other failure stays an
// error, so an unavailable store is never mistaken for one that lacks the data.
import type { JetStreamManager } from "@nats-io/jetstream";
import type { KV } from "@nats-io/kv";

export interface KvLocation {
  readonly kv: KV;
  readonly jsm: JetStreamManager;
  /** The bucket's name (its stream is `KV_<bucket>`). */
  readonly bucket: string;
}

/**
 * The value of `key`, or null if it is absent. With `mustExist`, a miss is confirmed by the
 * stream leader first. Delete and purge markers count as absent.
 */
export async function kvGet(loc: KvLocation, key: string, mustExist: boolean): Promise<Uint8Array | null> {
  const e = await loc.kv.get(key);
  if (e?.operation === "PUT") return e.value;
  if (!mustExist) return null;
  try {
    const m = await loc.jsm.streams.getMessage(`KV_${loc.bucket}`, { last_by_subj: `$KV.${loc.bucket}.${key}` });
    if (m === null || m.data.length === 0) return null;
    const op = m.header?.get("KV-Operation");
    return op === "DEL" || op === "PURGE" ? null : m.data;
  } catch (err) {
    if (isNoMessage(err)) return null;
    throw err;
  }
}

/**
 * The entry of `key` as the stream leader has it — its value and revision — or null if the leader
 * has none (never stored, deleted or purged). For what must not be decided on a replica's answer:
 * a compare-and-set needs the current revision, and a touch that finds nothing reports data gone.
 */
export async function kvLeaderEntry(loc: KvLocation, key: string): Promise<{ value: Uint8Array; revision: number } | null> {
  try {
    const m = await loc.jsm.streams.getMessage(`KV_${loc.bucket}`, { last_by_subj: `$KV.${loc.bucket}.${key}` });
    if (m === null) return null;
    const op = m.header?.get("KV-Operation");
    return op === "DEL" || op === "PURGE" ? null : { value: m.data, revision: m.seq };
  } catch (err) {
    if (isNoMessage(err)) return null;
    throw err;
  }
}

/** Whether a JetStream API error says "no message found" (404 / 10037). */
export function isNoMessage(err: unknown): boolean {
  const e = err as { code?: unknown; api_error?: { code?: number; err_code?: number }; message?: string };
  return (
    e?.api_error?.code === 404 ||
    e?.api_error?.err_code === 10037 ||
    e?.code === 404 ||
    e?.code === "404" ||
    /no message found/i.test(e?.message ?? "")
  );
}
