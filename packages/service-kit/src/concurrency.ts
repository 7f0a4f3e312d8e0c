// Bounded concurrency, the two shapes castore needs: `mapConcurrent` (at most N calls at once,
// results in input order) and `mapOrdered` (a read-ahead window: at most N results fetched ahead
// of the consumer, yielded in order, so memory is bounded by the window, not by the input).
// Arrays — every hot caller: chunk reads, directory batches — take a plain worker loop; measured
// here, p-map's general machinery cost a third of a recursive directory walk's speed (7.2k vs
// 15.2k directories/s in bench/directory-get.mjs). Other iterables go through p-map, the
// maintained library. Background work with a byte budget as well as an operation budget is
// `Tasks` (tasks.ts), which neither offers.
import pMap, { pMapIterable } from "p-map";

/** At most `limit` calls of `fn` at once; results in input order; the first failure rejects. */
export async function mapConcurrent<T, R>(items: Iterable<T> | AsyncIterable<T>, limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const concurrency = Math.max(1, limit);
  if (!Array.isArray(items)) {
    // p-map (7.1) can lose an iterable's error: when another pull in flight sees the end first,
    // it resolves as if the iterable had ended well. So the iterable ends quietly here and its
    // error is thrown once p-map is done.
    let failed: { error: unknown } | null = null;
    const quiet = async function* (): AsyncGenerator<T> {
      try {
        yield* items;
      } catch (error) {
        failed = { error };
      }
    };
    const out = await pMap(quiet(), fn, { concurrency });
    if (failed !== null) throw (failed as { error: unknown }).error;
    return out;
  }
  const arr = items as readonly T[];
  const out = new Array<R>(arr.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (next < arr.length && !failed) {
      const i = next++;
      try {
        out[i] = await fn(arr[i]!, i);
      } catch (e) {
        failed = true; // no new calls; those already started run to completion
        throw e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, arr.length) }, worker));
  return out;
}

/**
 * Maps `items` with at most `window` calls of `fn` running ahead of the consumer, yielding the
 * results in input order. A failure is thrown when the consumer reaches it; a consumer that stops
 * early leaves the calls in flight to finish unobserved.
 */
export function mapOrdered<T, R>(items: Iterable<T> | AsyncIterable<T>, window: number, fn: (item: T) => Promise<R>): AsyncIterable<R> {
  const w = Math.max(1, window);
  if (!Array.isArray(items)) return pMapIterable(items, fn, { concurrency: w, backpressure: w });
  return ordered(items as readonly T[], w, fn);
}

async function* ordered<T, R>(arr: readonly T[], window: number, fn: (item: T) => Promise<R>): AsyncGenerator<R> {
  const inflight: Promise<R>[] = [];
  let next = 0;
  try {
    for (let i = 0; i < arr.length; i++) {
      while (inflight.length < window && next < arr.length) {
        const p = fn(arr[next++]!);
        p.catch(() => {}); // observed when its turn comes; no unhandled rejection meanwhile
        inflight.push(p);
      }
      yield await inflight.shift()!;
    }
  } finally {
    inflight.length = 0;
  }
}
