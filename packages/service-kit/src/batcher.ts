// Coalesces concurrent small calls into few requests: items queued in the same tick (or until
// a request is full) go out together and each caller gets its own results back. This is what
// makes 20k small-blob puts cost a few hundred round trips instead of 40k.
export class Batcher<In, Out> {
  readonly #send: (items: In[]) => Promise<Out[]>;
  readonly #maxItems: number;
  readonly #maxBytes: number;
  readonly #sizeOf: (item: In) => number;
  #queue: { item: In; resolve: (o: Out) => void; reject: (e: unknown) => void }[] = [];
  #queuedBytes = 0;
  #scheduled = false;

  constructor(
    send: (items: In[]) => Promise<Out[]>,
    opts: { maxItems: number; maxBytes?: number; sizeOf?: (item: In) => number },
  ) {
    this.#send = send;
    this.#maxItems = opts.maxItems;
    this.#maxBytes = opts.maxBytes ?? Infinity;
    this.#sizeOf = opts.sizeOf ?? (() => 0);
  }

  add(items: readonly In[]): Promise<Out[]> {
    const results = items.map(
      (item) =>
        new Promise<Out>((resolve, reject) => {
          const size = this.#sizeOf(item);
          if (this.#queue.length >= this.#maxItems || this.#queuedBytes + size > this.#maxBytes) this.#flush();
          this.#queue.push({ item, resolve, reject });
          this.#queuedBytes += size;
        }),
    );
    if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(() => {
        this.#scheduled = false;
        while (this.#queue.length > 0) this.#flush();
      });
    }
    return Promise.all(results);
  }

  #flush(): void {
    const batch = this.#queue;
    this.#queue = [];
    this.#queuedBytes = 0;
    if (batch.length === 0) return;
    this.#send(batch.map((b) => b.item)).then(
      (outs) => batch.forEach((b, i) => b.resolve(outs[i]!)),
      (e: unknown) => batch.forEach((b) => b.reject(e)),
    );
  }
}
