// A map that forgets its least recently used entries once their total weight passes a bound.

export class Lru<K, V> {
  readonly #map = new Map<K, { value: V; weight: number }>();
  readonly #max: number;
  #weight = 0;

  constructor(maxWeight: number) {
    this.#max = maxWeight;
  }

  get(key: K): V | undefined {
    const e = this.#map.get(key);
    if (e === undefined) return undefined;
    this.#map.delete(key);
    this.#map.set(key, e);
    return e.value;
  }

  has(key: K): boolean {
    return this.#map.has(key);
  }

  set(key: K, value: V, weight = 1): void {
    this.delete(key);
    this.#map.set(key, { value, weight });
    this.#weight += weight;
    for (const [k, e] of this.#map) {
      if (this.#weight <= this.#max || this.#map.size <= 1) break;
      this.#map.delete(k);
      this.#weight -= e.weight;
    }
  }

  delete(key: K): void {
    const e = this.#map.get(key);
    if (e === undefined) return;
    this.#map.delete(key);
    this.#weight -= e.weight;
  }

  clear(): void {
    this.#map.clear();
    this.#weight = 0;
  }

  get size(): number {
    return this.#map.size;
  }

  get weight(): number {
    return this.#weight;
  }
}
