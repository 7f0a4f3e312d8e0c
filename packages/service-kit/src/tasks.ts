// Background work with bounds: at most `maxOps` tasks and about `maxBytes` of their data in
// flight at once. start() waits for room, so a producer (a tree walk, a listing) is held back
// by slow consumers (uploads, disk writes) instead of piling work up in memory. The first
// failure is kept and rethrown to the producer at its next start() or at drain().
export class Tasks {
  readonly #maxOps: number;
  readonly #maxBytes: number;
  #ops = 0;
  #bytes = 0;
  #failed: { error: unknown } | null = null;
  readonly #running = new Set<Promise<void>>();
  #waiters: (() => void)[] = [];

  constructor(opts: { maxOps: number; maxBytes: number }) {
    this.#maxOps = opts.maxOps;
    this.#maxBytes = opts.maxBytes;
  }

  get failed(): boolean {
    return this.#failed !== null;
  }

  #fits(bytes: number): boolean {
    // A task larger than the whole budget still runs, alone.
    return this.#ops < this.#maxOps && (this.#bytes + bytes <= this.#maxBytes || this.#ops === 0);
  }

  /** Waits for room for a task of `bytes`, then reserves it; call the returned `run` once. */
  async reserve(bytes: number): Promise<(task: () => Promise<void>) => void> {
    while (!this.#fits(bytes)) {
      this.#throwIfFailed();
      await new Promise<void>((r) => this.#waiters.push(r));
    }
    this.#throwIfFailed();
    this.#ops++;
    this.#bytes += bytes;
    return (task) => {
      const p = task()
        .catch((error: unknown) => void (this.#failed ??= { error }))
        .finally(() => {
          this.#ops--;
          this.#bytes -= bytes;
          this.#running.delete(p);
          const w = this.#waiters;
          this.#waiters = [];
          for (const wake of w) wake();
        });
      this.#running.add(p);
    };
  }

  /** Runs `task` once there is room for `bytes`. */
  async start(bytes: number, task: () => Promise<void>): Promise<void> {
    (await this.reserve(bytes))(task);
  }

  #throwIfFailed(): void {
    if (this.#failed) throw this.#failed.error;
  }

  /** Waits until every task has settled; rethrows the first failure. */
  async drain(): Promise<void> {
    while (this.#running.size > 0) await Promise.all(this.#running);
    this.#throwIfFailed();
  }

  /** Like drain, but never throws: for cleaning up after something else failed. */
  async settle(): Promise<void> {
    while (this.#running.size > 0) await Promise.allSettled(this.#running);
  }
}
