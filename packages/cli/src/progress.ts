// A one-line progress bar on stderr, for people: shown only when stderr is a terminal and the
// transfer is big enough to wait for, so scripts and small transfers see nothing.
import { Transform, type TransformCallback } from "node:stream";

/** Transfers below this finish before a bar would help. */
const SHOW_FROM = 4 * 1024 * 1024;
/** Trees with fewer files (and bytes) than this finish before a bar would help. */
const SHOW_FROM_FILES = 1000;
const REDRAW_MS = 100;
const WIDTH = 24;

const mib = (n: number): string => (n / (1024 * 1024)).toFixed(1);

export class Progress {
  readonly #label: string;
  readonly #total: number | undefined;
  readonly #out: NodeJS.WriteStream;
  readonly #started = Date.now();
  #done = 0;
  #files = 0;
  #drawn = 0;
  #visible = false;

  private constructor(label: string, total: number | undefined, out: NodeJS.WriteStream) {
    this.#label = label;
    this.#total = total;
    this.#out = out;
  }

  /** A bar for a transfer of `total` bytes (undefined: unknown, e.g. stdin), or null when not on a TTY. */
  static forTransfer(label: string, total: number | bigint | undefined, out = process.stderr): Progress | null {
    if (!out.isTTY) return null;
    const t = total === undefined ? undefined : Number(total);
    if (t !== undefined && t < SHOW_FROM) return null;
    return new Progress(label, t, out);
  }

  /** A counter for a tree (import, export): files and bytes so far, no total; null when not on a TTY. */
  static forTree(label: string, out = process.stderr): Progress | null {
    return out.isTTY ? new Progress(label, undefined, out) : null;
  }

  add(n: number): void {
    this.#done += n;
    this.#maybeDraw();
  }

  /** Counts `n` more files (shown once there are any). */
  addFiles(n: number): void {
    this.#files += n;
    this.#maybeDraw();
  }

  #maybeDraw(): void {
    const now = Date.now();
    if (now - this.#drawn < REDRAW_MS || (this.#done < SHOW_FROM && this.#files < SHOW_FROM_FILES)) return;
    this.#drawn = now;
    this.#draw(now);
  }

  #draw(now: number): void {
    const secs = Math.max((now - this.#started) / 1000, 0.001);
    const rate = `${(this.#done / 1e6 / secs).toFixed(1)} MB/s`;
    let line: string;
    if (this.#total !== undefined && this.#total > 0) {
      const frac = Math.min(1, this.#done / this.#total);
      const fill = Math.round(frac * WIDTH);
      line = `${this.#label} [${"#".repeat(fill)}${".".repeat(WIDTH - fill)}] ${mib(this.#done)}/${mib(this.#total)} MiB ${rate}`;
    } else {
      const files = this.#files > 0 ? `${this.#files} files, ` : "";
      line = `${this.#label} ${files}${mib(this.#done)} MiB ${rate}`;
    }
    this.#out.write(`\r\x1b[K${line}`);
    this.#visible = true;
  }

  /** Clears the bar, so the next line (a result, an error) starts clean. */
  finish(): void {
    if (this.#visible) this.#out.write("\r\x1b[K");
    this.#visible = false;
  }

  /** A pass-through stream that counts what flows through it. */
  meter(): Transform {
    return new Transform({
      transform: (chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback) => {
        this.add(chunk.length);
        cb(null, chunk);
      },
    });
  }
}
