// A one-line progress bar on stderr, for people: shown only when stderr is a terminal and the
// transfer is big enough to wait for, so scripts and small transfers see nothing. With a known
// total it shows a bar, both figures and a percentage; without one, what was done so far. All
// figures in binary units (units.ts), as everywhere in the CLI.
import { Transform, type TransformCallback } from "node:stream";
import { formatBytes, inUnit, unitFor } from "./units.js";

/** Transfers below this finish before a bar would help. */
const SHOW_FROM = 4 * 1024 * 1024;
/** Trees with fewer files (and bytes) than this finish before a bar would help. */
const SHOW_FROM_FILES = 1000;
const REDRAW_MS = 100;
const WIDTH = 24;

/** The bar on screen, if any: cleared when the process ends early (a closed pipe, a signal). */
let onScreen: Progress | null = null;
let clearOnExit = false;

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

  /**
   * A bar for a transfer of `total` bytes (undefined: unknown, e.g. stdin), or null when not on
   * a TTY or when the transfer is too small to need one.
   */
  static forTransfer(label: string, total: number | bigint | undefined, out = process.stderr): Progress | null {
    if (!out.isTTY) return null;
    const t = total === undefined ? undefined : Number(total);
    if (t !== undefined && t < SHOW_FROM) return null;
    return new Progress(label, t, out);
  }

  /**
   * A counter for a tree (import, export): files and bytes so far, against `total` bytes when
   * that is known (a lone file); null when not on a TTY.
   */
  static forTree(label: string, total?: number | bigint, out = process.stderr): Progress | null {
    return out.isTTY ? new Progress(label, total === undefined ? undefined : Number(total), out) : null;
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
    this.#out.write(`\r\x1b[K${this.line(now)}`);
    this.#visible = true;
    onScreen = this;
    if (!clearOnExit) {
      clearOnExit = true;
      process.once("exit", () => onScreen?.finish());
    }
  }

  /** The text of the bar at time `now`. Exposed for the tests. */
  line(now = Date.now()): string {
    const secs = Math.max((now - this.#started) / 1000, 0.001);
    const rate = `${formatBytes(this.#done / secs)}/s`;
    const files = this.#files > 0 ? `${this.#files} file${this.#files === 1 ? "" : "s"}, ` : "";
    if (this.#total === undefined || this.#total <= 0) return `${this.#label} ${files}${formatBytes(this.#done)}  ${rate}`;
    const frac = Math.min(1, this.#done / this.#total);
    const fill = Math.round(frac * WIDTH);
    // Both figures in the total's unit, so they compare at a glance.
    const unit = unitFor(this.#total);
    const figures = `${inUnit(this.#done, unit)}/${inUnit(this.#total, unit)} ${unit[0]}`;
    const percent = `${Math.floor(frac * 100)}%`;
    return `${this.#label} [${"#".repeat(fill)}${".".repeat(WIDTH - fill)}] ${files}${figures}  ${percent}  ${rate}`;
  }

  /** Clears the bar, so the next line (a result, an error) starts clean. */
  finish(): void {
    if (this.#visible) this.#out.write("\r\x1b[K");
    this.#visible = false;
    if (onScreen === this) onScreen = null;
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
