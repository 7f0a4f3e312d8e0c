// Bounded concurrency, the two shapes castore needs, on p-map (a maintained library) where it
// fits: `mapConcurrent` (at most N calls at once, results in input order) and `mapOrdered`
// (a read-ahead window: at most N results fetched ahead of the consumer, yielded in order, so
// memory is bounded by the window, not by the input). Background work with a byte budget as well
// as an operation budget is `Tasks` (tasks.ts), which p-map/p-limit do not offer.
import pMap, { pMapIterable } from "p-map";

/** At most `limit` calls of `fn` at once; results in input order; the first failure rejects. */
export function mapConcurrent<T, R>(items: Iterable<T> | AsyncIterable<T>, limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  return pMap(items, fn, { concurrency: Math.max(1, limit) });
}

/**
 * Maps `items` with at most `window` calls of `fn` running ahead of the consumer, yielding the
 * results in input order. A failure is thrown when the consumer reaches it.
 */
export function mapOrdered<T, R>(items: Iterable<T> | AsyncIterable<T>, window: number, fn: (item: T) => Promise<R>): AsyncIterable<R> {
  const w = Math.max(1, window);
  return pMapIterable(items, fn, { concurrency: w, backpressure: w });
}
