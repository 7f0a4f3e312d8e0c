// Strict streaming NAR parser (Nix archive, reference §1.8): bytes in, events out. Accepts only
// the canonical form that `nix-store --dump` and the tvix renderer write, so that a NAR read
// here and rendered again has the same bytes and hash.
import { createHash } from "node:crypto";
import { Code, StoreError, invalid, showBytes } from "./errors.js";
import {
  MAX_NAME_LENGTH,
  MAX_SYMLINK_TARGET_LENGTH,
  compareNames,
  nameProblem,
  symlinkTargetProblem,
} from "./nodes.js";

/** Path of a node from the NAR root, as raw name components; the root is `[]`. */
export type NarPath = readonly Uint8Array[];

// Events carry their depth and their own name, not their path: a path per event would cost
// time and memory quadratic in the depth. A consumer that needs paths keeps one stack.
export type NarEvent =
  /** `depth` is 0 for the root, whose `name` is empty; an entry's node is one deeper than its directory. */
  | { readonly type: "directory"; readonly depth: number; readonly name: Uint8Array }
  /** After the last entry of the directory opened by the matching "directory" event. */
  | { readonly type: "directory-end"; readonly depth: number; readonly name: Uint8Array }
  | {
      readonly type: "file";
      readonly depth: number;
      readonly name: Uint8Array;
      readonly executable: boolean;
      readonly size: bigint;
      /**
       * The `size` content bytes, readable once and only before the next event is requested;
       * whatever is left unread then is skipped (and still checked and hashed). Pieces are
       * views of the source's chunks, not copies.
       */
      readonly contents: AsyncIterable<Uint8Array>;
    }
  | { readonly type: "symlink"; readonly depth: number; readonly name: Uint8Array; readonly target: Uint8Array };

export interface NarSummary {
  /** Length of the whole NAR in bytes. */
  readonly narSize: bigint;
  /** SHA-256 of the whole NAR (what Nix calls the NAR hash). */
  readonly narSha256: Uint8Array;
}

/** The events of one NAR, iterable once; `summary` is available once iteration has ended. */
export interface NarReader extends AsyncIterable<NarEvent> {
  readonly summary: NarSummary;
}

export type NarSource = AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

const enc = new TextEncoder();
const T = {
  magic: enc.encode("nix-archive-1"),
  open: enc.encode("("),
  close: enc.encode(")"),
  type: enc.encode("type"),
  regular: enc.encode("regular"),
  symlink: enc.encode("symlink"),
  directory: enc.encode("directory"),
  executable: enc.encode("executable"),
  contents: enc.encode("contents"),
  target: enc.encode("target"),
  entry: enc.encode("entry"),
  name: enc.encode("name"),
  node: enc.encode("node"),
};

// The longest token is 13 bytes; a little slack lets a near-miss be shown in the error, while
// a longer string in a token position is rejected from its length alone, unread.
const MAX_TOKEN_LENGTH = 64;

// NARs are not depth-limited: memory grows with the depth (one name per level), which the NAR
// itself pays for with 136 bytes a level.
const EMPTY = new Uint8Array(0);

const misuse = (msg: string): StoreError => new StoreError(Code.Internal, `NAR reader misuse: ${msg}`);

/** A string read from the NAR, or LONG if it was over the limit for where it stood (unread). */
const LONG: unique symbol = Symbol("string over the limit");
type Str = Uint8Array | typeof LONG;

function eq(a: Str, b: Uint8Array): boolean {
  if (a === LONG || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const u32le = (b: Uint8Array, o: number): number =>
  (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16)) + b[o + 3]! * 0x1000000;

const SLASH = Uint8Array.of(0x2f);
/** Paths longer than this are shown by their end in errors: that is where reading stopped. */
const SHOWN_PATH = 256;

function showPath(path: NarPath): string {
  if (path.length === 0) return "the root node";
  const joined = Buffer.concat(path.flatMap((c, i) => (i === 0 ? [c] : [SLASH, c])));
  if (joined.length <= SHOWN_PATH) return showBytes(joined, SHOWN_PATH);
  // From a slash on (a name is at most 255 bytes, so there is one): whole names only.
  const tail = joined.subarray(joined.length - SHOWN_PATH);
  return `…${showBytes(tail.subarray(tail.indexOf(0x2f)), SHOWN_PATH)} (a path of ${joined.length} bytes, depth ${path.length})`;
}

/**
 * Reads a NAR as a stream of events in NAR order. Anything that is not a canonical NAR is an
 * InvalidArgument naming the byte offset and the path where reading stopped. Hash and size
 * cover every byte of the source, which must end exactly where the root node ends.
 */
export function readNar(source: NarSource): NarReader {
  return new Parser(source);
}

/** What was being read, for errors: a description, or a token (shown as `token "<it>"`). */
type What = string | Uint8Array;
const whatText = (w: What): string => (typeof w === "string" ? w : `token ${showBytes(w)}`);
const CONTENTS = "file contents";
const MAGIC = "the magic";
const TYPE = "the node type";
const TOKEN = "token";
const EXEC_VALUE = 'the value of "executable"';
const SIZE = "the file size";
const PADDING = "the padding of file contents";
const TARGET = "the symlink target";
const NAME = "an entry name";

const enum State {
  Node,
  Body,
  NodeDone,
}

// Memory stays bounded whatever the NAR: file contents pass through in the pieces the source
// delivers, and no length read from the NAR is used to allocate before it has been checked
// against a small limit.
class Parser implements NarReader {
  readonly #source: NarSource;
  #it: AsyncIterator<Uint8Array> | Iterator<Uint8Array> | null = null;
  #sourceDone = false;
  #buf: Uint8Array = EMPTY;
  #pos = 0;
  /** Absolute NAR offset of #buf[0]. */
  #base = 0;
  readonly #hash = createHash("sha256");
  #summary: NarSummary | null = null;
  #failed: unknown = null;

  /** Names from the root to the node being read: for errors, and the events' names. */
  readonly #path: Uint8Array[] = [];
  /** Start offset of the last string read, and its length if it was over the limit. */
  #strAt = 0;
  #badLen = 0n;

  /** The file whose contents may be read now (identity only), and its unread byte count. */
  #file: object | null = null;
  #left = 0;
  #size = 0;
  #contentsTaken = false;
  #contentsBusy = false;

  constructor(source: NarSource) {
    this.#source = source;
  }

  get summary(): NarSummary {
    if (this.#summary === null) throw misuse("summary read before the NAR was read to the end");
    return this.#summary;
  }

  [Symbol.asyncIterator](): AsyncIterator<NarEvent> {
    if (this.#it !== null) throw misuse("a NAR can be iterated only once");
    const s = this.#source;
    this.#it =
      Symbol.asyncIterator in s ? s[Symbol.asyncIterator]() : (s as Iterable<Uint8Array>)[Symbol.iterator]();
    return this.#events();
  }

  get #offset(): number {
    return this.#base + this.#pos;
  }

  #fail(at: number, msg: string): StoreError {
    return invalid(`invalid NAR at byte ${at} in ${showPath(this.#path)}: ${msg}`);
  }

  /** Replaces the exhausted buffer with the next non-empty source chunk. */
  async #pull(what: What): Promise<void> {
    for (;;) {
      const r = this.#sourceDone ? { done: true as const, value: undefined } : await this.#it!.next();
      if (r.done) {
        this.#sourceDone = true;
        const detail =
          what === CONTENTS ? `file contents (${this.#left} of ${this.#size} bytes missing)` : whatText(what);
        throw this.#fail(this.#offset, `NAR ends early, in ${detail}`);
      }
      const chunk: unknown = r.value;
      if (!(chunk instanceof Uint8Array)) throw new TypeError("NAR source must yield Uint8Array chunks");
      if (chunk.length === 0) continue;
      this.#hash.update(chunk);
      this.#base += this.#buf.length;
      // A plain view: subarray() on a Buffer builds a Buffer, several times slower, and the
      // token path takes views all the time.
      this.#buf = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length);
      this.#pos = 0;
      return;
    }
  }

  /** The next n bytes if already buffered (a view), else undefined. */
  #takeSync(n: number): Uint8Array | undefined {
    if (this.#buf.length - this.#pos < n) return undefined;
    const v = this.#buf.subarray(this.#pos, this.#pos + n);
    this.#pos += n;
    return v;
  }

  /** The next n bytes (n is small: checked against a limit), copied across chunk boundaries. */
  async #take(n: number, what: What): Promise<Uint8Array> {
    const v = this.#takeSync(n);
    if (v !== undefined) return v;
    const out = new Uint8Array(n);
    let got = 0;
    for (;;) {
      const k = Math.min(n - got, this.#buf.length - this.#pos);
      out.set(this.#buf.subarray(this.#pos, this.#pos + k), got);
      got += k;
      this.#pos += k;
      if (got === n) return out;
      await this.#pull(what);
    }
  }

  /** Checks b[from..end) is zero; `at` is the NAR offset of b[0]. */
  #checkPadding(b: Uint8Array, from: number, end: number, at: number, what: What): void {
    for (let i = from; i < end; i++) {
      if (b[i] !== 0) {
        const hex = b[i]!.toString(16).padStart(2, "0");
        throw this.#fail(at + i, `non-zero padding byte 0x${hex} after ${whatText(what)}`);
      }
    }
  }

  #tooLong(head: Uint8Array, o: number, max: number): boolean {
    const hi = u32le(head, o + 4);
    const lo = u32le(head, o);
    if (hi === 0 && lo <= max) return false;
    this.#badLen = (BigInt(hi) << 32n) | BigInt(lo);
    return true;
  }

  /**
   * One string of at most `max` bytes, padding checked: a view valid until the next read, or
   * LONG (having read only the length) if the string is longer than `max`. Undefined, having
   * read nothing, if the string is not all buffered; then #string() reads it.
   */
  #stringSync(max: number, what: What): Str | undefined {
    const buf = this.#buf;
    const p = this.#pos;
    const avail = buf.length - p;
    if (avail < 8) return undefined;
    if (this.#tooLong(buf, p, max)) {
      this.#strAt = this.#offset;
      this.#pos = p + 8;
      return LONG;
    }
    const len = u32le(buf, p);
    const end = p + 8 + ((len + 7) & ~7);
    if (end > buf.length) return undefined;
    this.#strAt = this.#offset;
    this.#checkPadding(buf, p + 8 + len, end, this.#base, what);
    this.#pos = end;
    return buf.subarray(p + 8, p + 8 + len);
  }

  async #string(max: number, what: What): Promise<Str> {
    const s = this.#stringSync(max, what);
    if (s !== undefined) return s;
    const at = (this.#strAt = this.#offset);
    const head = await this.#take(8, what);
    if (this.#tooLong(head, 0, max)) return LONG;
    const len = u32le(head, 0);
    const padded = (len + 7) & ~7;
    const b = await this.#take(padded, what);
    this.#checkPadding(b, len, padded, at + 8, what);
    return b.subarray(0, len);
  }

  #got(s: Str): string {
    return s === LONG ? `a string of ${this.#badLen} bytes` : showBytes(s);
  }

  #check(tok: Uint8Array, s: Str): void {
    if (!eq(s, tok)) throw this.#fail(this.#strAt, `expected ${showBytes(tok)}, got ${this.#got(s)}`);
  }

  /** Reads the token `tok` if it is all buffered (true), or nothing (false); throws on another. */
  #expectSync(tok: Uint8Array): boolean {
    const s = this.#stringSync(MAX_TOKEN_LENGTH, tok);
    if (s === undefined) return false;
    this.#check(tok, s);
    return true;
  }

  async #expect(tok: Uint8Array): Promise<void> {
    if (!this.#expectSync(tok)) this.#check(tok, await this.#string(MAX_TOKEN_LENGTH, tok));
  }

  /** Skips what the consumer left unread of the current file's contents. */
  async #skipContents(): Promise<void> {
    while (this.#left > 0) {
      if (this.#pos === this.#buf.length) await this.#pull(CONTENTS);
      const k = Math.min(this.#left, this.#buf.length - this.#pos);
      this.#pos += k;
      this.#left -= k;
    }
  }

  async *#contents(file: object): AsyncGenerator<Uint8Array> {
    if (this.#file !== file) throw misuse("file contents read after the next event was requested");
    if (this.#contentsTaken) throw misuse("file contents can be read only once");
    this.#contentsTaken = true;
    while (this.#left > 0) {
      if (this.#pos === this.#buf.length) {
        this.#contentsBusy = true;
        try {
          await this.#pull(CONTENTS);
        } catch (e) {
          this.#failed ??= e;
          throw e;
        } finally {
          this.#contentsBusy = false;
        }
      }
      const k = Math.min(this.#left, this.#buf.length - this.#pos);
      const piece = this.#buf.subarray(this.#pos, this.#pos + k);
      this.#pos += k;
      this.#left -= k;
      yield piece;
      if (this.#file !== file) throw misuse("file contents read after the next event was requested");
    }
  }

  /** Called on every resume after a yield: rejects interleaved use. */
  #resumed(): void {
    if (this.#failed !== null) throw this.#failed;
    if (this.#contentsBusy) throw misuse("next event requested while file contents were being read");
  }

  // Hot path: every string read first tries the buffered (synchronous) way, as an await costs
  // even when nothing is pending, and a NAR of small files is mostly tokens.
  async *#events(): AsyncGenerator<NarEvent> {
    try {
      let s: Str;
      s = this.#stringSync(MAX_TOKEN_LENGTH, MAGIC) ?? (await this.#string(MAX_TOKEN_LENGTH, MAGIC));
      if (!eq(s, T.magic)) {
        throw this.#fail(0, `not a NAR: expected ${showBytes(T.magic)}, got ${this.#got(s)}`);
      }
      const path = this.#path;
      /** Last entry name of each open directory, for the ordering check. */
      const lastNames: (Uint8Array | null)[] = [];
      let state = State.Node;
      for (;;) {
        if (state === State.Node) {
          if (!this.#expectSync(T.open)) await this.#expect(T.open);
          if (!this.#expectSync(T.type)) await this.#expect(T.type);
          const type = this.#sync(TYPE) ?? (await this.#string(MAX_TOKEN_LENGTH, TYPE));
          if (eq(type, T.regular)) {
            let executable = false;
            s = this.#sync(TOKEN) ?? (await this.#string(MAX_TOKEN_LENGTH, TOKEN));
            if (eq(s, T.executable)) {
              executable = true;
              s = this.#sync(EXEC_VALUE) ?? (await this.#string(MAX_TOKEN_LENGTH, EXEC_VALUE));
              if (s === LONG || s.length !== 0) {
                throw this.#fail(this.#strAt, `"executable" must be followed by an empty string, got ${this.#got(s)}`);
              }
              s = this.#sync(TOKEN) ?? (await this.#string(MAX_TOKEN_LENGTH, TOKEN));
            }
            if (!eq(s, T.contents)) {
              const expected = executable
                ? showBytes(T.contents)
                : `${showBytes(T.executable)} or ${showBytes(T.contents)}`;
              throw this.#fail(this.#strAt, `expected ${expected}, got ${this.#got(s)}`);
            }
            const sizeAt = this.#offset;
            const head = this.#takeSync(8) ?? (await this.#take(8, SIZE));
            const lo = u32le(head, 0);
            const hi = u32le(head, 4);
            // 2^53 bytes is 8 PiB: no real NAR comes close, and it keeps offsets exact numbers.
            if (hi >= 0x200000) {
              const n = (BigInt(hi) << 32n) | BigInt(lo);
              throw this.#fail(sizeAt, `file size ${n} is larger than this reader supports (2^53 - 1 bytes)`);
            }
            const size = hi * 0x100000000 + lo;
            const file = {};
            this.#file = file;
            this.#size = size;
            this.#left = size;
            this.#contentsTaken = false;
            yield {
              type: "file",
              depth: path.length,
              name: path[path.length - 1] ?? EMPTY,
              executable,
              size: BigInt(size),
              contents: { [Symbol.asyncIterator]: () => this.#contents(file) },
            };
            this.#resumed();
            this.#file = null;
            if (this.#left > 0) await this.#skipContents();
            const padAt = this.#offset;
            const padLen = (8 - (size % 8)) % 8;
            const pad = this.#takeSync(padLen) ?? (await this.#take(padLen, PADDING));
            this.#checkPadding(pad, 0, padLen, padAt, CONTENTS);
            if (!this.#expectSync(T.close)) await this.#expect(T.close);
            state = State.NodeDone;
          } else if (eq(type, T.symlink)) {
            if (!this.#expectSync(T.target)) await this.#expect(T.target);
            const t =
              this.#stringSync(MAX_SYMLINK_TARGET_LENGTH, TARGET) ??
              (await this.#string(MAX_SYMLINK_TARGET_LENGTH, TARGET));
            if (t === LONG) {
              throw this.#fail(
                this.#strAt,
                `invalid symlink target: target is ${this.#badLen} bytes, more than ${MAX_SYMLINK_TARGET_LENGTH}`,
              );
            }
            const problem = symlinkTargetProblem(t);
            if (problem !== null) throw this.#fail(this.#strAt, `invalid symlink target ${showBytes(t)}: ${problem}`);
            // A copy: views would pin whole source chunks for as long as the consumer keeps them.
            const target = t.slice();
            if (!this.#expectSync(T.close)) await this.#expect(T.close);
            yield { type: "symlink", depth: path.length, name: path[path.length - 1] ?? EMPTY, target };
            this.#resumed();
            state = State.NodeDone;
          } else if (eq(type, T.directory)) {
            yield { type: "directory", depth: path.length, name: path[path.length - 1] ?? EMPTY };
            this.#resumed();
            lastNames.push(null);
            state = State.Body;
          } else {
            throw this.#fail(
              this.#strAt,
              `unknown node type ${this.#got(type)} (expected "regular", "symlink" or "directory")`,
            );
          }
        } else if (state === State.Body) {
          s = this.#sync(TOKEN) ?? (await this.#string(MAX_TOKEN_LENGTH, TOKEN));
          if (eq(s, T.close)) {
            yield { type: "directory-end", depth: path.length, name: path[path.length - 1] ?? EMPTY };
            this.#resumed();
            lastNames.pop();
            state = State.NodeDone;
          } else if (eq(s, T.entry)) {
            if (!this.#expectSync(T.open)) await this.#expect(T.open);
            if (!this.#expectSync(T.name)) await this.#expect(T.name);
            const n = this.#stringSync(MAX_NAME_LENGTH, NAME) ?? (await this.#string(MAX_NAME_LENGTH, NAME));
            if (n === LONG) {
              throw this.#fail(this.#strAt, `invalid entry name: name is ${this.#badLen} bytes, more than ${MAX_NAME_LENGTH}`);
            }
            const problem = nameProblem(n);
            if (problem !== null) throw this.#fail(this.#strAt, `invalid entry name ${showBytes(n)}: ${problem}`);
            const prev = lastNames[lastNames.length - 1] ?? null;
            if (prev !== null) {
              const c = compareNames(prev, n);
              if (c === 0) throw this.#fail(this.#strAt, `duplicate entry name ${showBytes(n)}`);
              if (c > 0) {
                throw this.#fail(
                  this.#strAt,
                  `entry ${showBytes(n)} comes after ${showBytes(prev)} (entries must be sorted bytewise)`,
                );
              }
            }
            const name = n.slice();
            lastNames[lastNames.length - 1] = name;
            if (!this.#expectSync(T.node)) await this.#expect(T.node);
            path.push(name);
            state = State.Node;
          } else {
            throw this.#fail(this.#strAt, `expected "entry" or ")", got ${this.#got(s)}`);
          }
        } else {
          if (path.length === 0) break;
          if (!this.#expectSync(T.close)) await this.#expect(T.close);
          path.pop();
          state = State.Body;
        }
      }
      await this.#finish();
    } catch (e) {
      this.#failed ??= e;
      throw e;
    } finally {
      this.#file = null;
      if (!this.#sourceDone) {
        this.#sourceDone = true;
        try {
          await this.#it?.return?.();
        } catch {
          // The source's cleanup failing must not mask the reason reading stopped.
        }
      }
    }
  }

  /** A token-sized string if buffered; see #stringSync. */
  #sync(what: What): Str | undefined {
    return this.#stringSync(MAX_TOKEN_LENGTH, what);
  }

  async #finish(): Promise<void> {
    if (this.#pos < this.#buf.length) throw this.#fail(this.#offset, "trailing data after the root node");
    for (;;) {
      const r = await this.#it!.next();
      if (r.done) break;
      if (r.value.length !== 0) throw this.#fail(this.#base + this.#buf.length, "trailing data after the root node");
    }
    this.#sourceDone = true;
    this.#summary = {
      narSize: BigInt(this.#base + this.#buf.length),
      narSha256: new Uint8Array(this.#hash.digest()),
    };
  }
}
