// FastCDC, the 2020 variant, cutting exactly where the `fastcdc` Rust crate's `v2020` module
// cuts at its default normalization level (1) and no seed: the chunker tvix and snix use, so
// castore chunks deduplicate against theirs (DESIGN §1).
//
// The crate keeps a u64 gear hash `h = (h << 1) + GEAR[byte]` (it steps two bytes at a time with
// a pre-shifted table, which visits the same hash values) and cuts where `h & mask == 0`. No mask
// has a bit above 47, and bit k of the hash only depends on the last k + 1 bytes, so:
//   - the hot loop keeps only the low 32 bits (an exact int32 wrapping hash) and tests the low
//     half of the mask;
//   - when that passes (1 byte in 2^9..2^10 at the defaults), bits 32..47 are recomputed from
//     the last 48 bytes with an explicit carry. No BigInt, and no u64 emulation in the hot loop.
import { native } from "@castore/blake3-tree";
import { invalid } from "./errors.js";

/** Chunk size bounds in bytes. The defaults are those of tvix/snix: 128/256/512 KiB. */
export interface FastCdcOptions {
  readonly minSize?: number;
  readonly avgSize?: number;
  readonly maxSize?: number;
}

export const FASTCDC_DEFAULTS = Object.freeze({
  minSize: 128 * 1024,
  avgSize: 256 * 1024,
  maxSize: 512 * 1024,
});

// The crate's bounds (MINIMUM_MIN ... MAXIMUM_MAX); it panics outside them.
const BOUNDS = {
  minSize: [64, 1_048_576],
  avgSize: [256, 4_194_304],
  maxSize: [1024, 16_777_216],
} as const;

/**
 * GEAR of fastcdc-rs `src/v2020/mod.rs` (MIT, Nathan Fiedler): the first 8 bytes, big-endian, of
 * MD5 over 64 copies of the byte value (its `examples/table64.rs`; a test re-derives it).
 * @internal exported for the tests.
 */
export const GEAR_HEX: readonly string[] = `
  3b5d3c7d207e37dc 784d68ba91123086 cd52880f882e7298 eacf8e4e19fdcca7
  c31f385dfbd1632b 1d5f27001e25abe6 83130bde3c9ad991 c4b225676e9b7649
  aa329b29e08eb499 b67fcbd21e577d58 0027baaada2acf6b e3ef2d5ac73c2226
  0890f24d6ed312b7 a809e036851d7c7e f0a6fe5e0013d81b 1d026304452cec14
  03864632648e248f cdaacf3dcd92b9b4 f5e012e63c187856 8862f9d3821c00b6
  a82f7338750f6f8a 1e583dc6c1cb0b6f 7a3145b69743a7f1 abb20fee404807eb
  b14b3cfe07b83a5d b9dc27898adb9a0f 3703f5e91baa62be cf0bb866815f7d98
  3d9867c41ea9dcd3 1be1fa65442bf22c 14300da4c55631d9 e698e9cbc6545c99
  4763107ec64e92a5 c65821fc65696a24 76196c064822f0b7 485be841f3525e01
  f652bc9c85974ff5 cad8352face9e3e9 2a6ed1dceb35e98e c6f483badc11680f
  3cfd8c17e9cf12f1 89b83c5e2ea56471 ae665cfd24e392a9 ec33c4e504cb8915
  3fb9b15fc9fe7451 d7fd1fd1945f2195 31ade0853443efd8 255efc9863e1e2d2
  10eab6008d5642cf 46f04863257ac804 a52dc42a789a27d3 daaadf9ce77af565
  6b479cd53d87febb 6309e2d3f93db72f c5738ffbaa1ff9d6 6bd57f3f25af7968
  67605486d90d0a4a e14d0b9663bfbdae b7bbd8d816eb0414 def8a4f16b35a116
  e7932d85aaaffed6 08161cbae90cfd48 855507beb294f08b 91234ea6ffd399b2
  ad70cf4b2435f302 d289a97565bc2d27 8e558437ffca99de 96d2704b7115c040
  0889bbcdfc660e41 5e0d4e67dc92128d 72a9f8917063ed97 438b69d409e016e3
  df4fed8a5d8a4397 00f41dcf41d403f7 4814eb038e52603f 9dafbacc58e2d651
  fe2f458e4be170af 4457ec414df6a940 06e62f1451123314 bd1014d173ba92cc
  def318e25ed57760 9fea0de9dfca8525 459de1e76c20624b aeec189617e2d666
  126a2c06ab5a83cb b1321532360f6132 65421503dbb40123 2d67c287ea089ab3
  6c93bff5a56bd6b6 4ffb2036cab6d98d ce7b785b1be7ad4f edb42ef6189fd163
  dc905288703988f6 365f9c1d2c691884 c640583680d99bfe 3cd4624c07593ec6
  7f1ea8d85d7c5805 014842d480b57149 0b649bcb5a828688 bcd5708ed79b18f0
  e987c862fbd2f2f0 982731671f0cd82c baf13e8b16d8c063 8ea3109cbd951bba
  d141045bfb385cad 2acbc1a0af1f7d30 e6444d89df03bfdf a18cc771b8188ff9
  9834429db01c39bb 214add07fe086a1f 8f07c19b1f6b3ff9 56a297b1bf4ffe55
  94d558e493c54fc7 40bfc24c764552cb 931a706f8a8520cb 32229d322935bd52
  2560d0f5dc4fefaf 9dbcc48355969bb6 0fd81c3985c0b56a e03817e1560f2bda
  c1bb4f81d892b2d5 b0c4864f4e28d2d7 3ecc49f9d9d6c263 51307e99b52ba65e
  8af2b688da84a752 f5d72523b91b20b6 6d95ff1ff4634806 562f21555458339a
  c0ce47f889336346 487823e5089b40d8 e4727c7ebc6d9592 5a8f7277e94970ba
  fca2f406b1c8bb50 5b1f8a95f1791070 d304af9fc9028605 5440ab7fc930e748
  312d25fbca2ab5a1 10f4a4b234a4d575 90301d55047e7473 3b6372886c61591e
  293402b77c444e06 451f34a4d3e97dd7 3158d814d81bc57b 034942425b9bda69
  e2032ff9e532d9bb 62ae066b8b2179e5 9545e10c2f8d71d8 7ff7483eb2d23fc0
  00945fcebdc98d86 8764bbbe99b26ca2 1b1ec62284c0bfc3 58e0fcc4f0aa362b
  5f4abefa878d458d fd74ac2f9607c519 a4e3fb37df8cbfa9 bf697e43cac574e5
  86f14a3f68f4cd53 24a23d076f1ce522 e725cd8048868cc8 bf3c729eb2464362
  d8f6cd57b3cc1ed8 6329e52425541577 62aa688ad5ae1ac0 0a242566269bf845
  168b1a4753aca74b f789afefff2e7e3c 6c3362093b6fccdb 4ce8f50bd28c09b2
  006a2db95ae8aa93 975b0d623c3d1a8c 18605d3935338c5b 5bb6f6136cad3c71
  0f53a20701f8d8a6 ab8c5ad2e7e93c67 40b5ac5127acaa29 8c7bf63c2075895f
  78bd9f7e014a805c b2c9e9f4f9c8c032 efd6049827eb91f3 2be459f482c16fbd
  d92ce0c5745aaa8c 0aaa8fb298d965b9 2b37f92c6c803b15 8c54a5e94e0f0e78
  95f9b6e90c0a3032 e7939faa436c7874 d16bfe8f6a8a40c9 44982b86263fd2fa
  e285fb39f984e583 779a8df72d7619d3 f2d79a8de8d5dd1e d1037354d66684e2
  004c82a4e668a8e5 31d40a7668b044e6 d70578538bd02c11 db45431078c5f482
  977121bb7f6a51ad 73d5ccbd34eff8dd e437a07d356e17cd 47b2782043c95627
  9fb251413e41d49a ccd70b60652513d3 1c95b31e8a1b49b2 cae73dfd1bcb4c1b
  34d98331b1f5b70f 784e39f22338d92f 18613d4a064df420 f1d8dae25f0bcebe
  33f77c15ae855efc 3c88b3b912eb109c 956a2ec96bafeea5 1aa005b5e0ad0e87
  5500d70527c4bb8e e36c57196421cc44 13c4d286cc36ee39 5654a23d818b2a81
  77b1dc13d161abdc 734f44de5f8d5eb5 60717e174a6c89a2 d47d9649266a211e
  5b13a4322bb69e90 f7669609f8b5fc3c 21e6ac55bedcdac9 9b56b62b61166dea
  f48f66b939797e9c 35f332f9c0e6ae9a cc733f6a9a878db0 3da161e41cc108c2
  b7d74ae535914d51 4d493b0b11d36469 ce264d1dfba9741a a9d1f2dc7436dc06
  70738016604c2a27 231d36e96e93f3d5 7666881197838d19 4a2a83090aaad40c
  f1e761591668b35d 7363236497f730a7 301080e37379dd4d 502dea2971827042
  c2c5eb858f32625f 786afb9edfafbdff daee0d868490b2a4 617366b3268609f6
  ae0e35a0fe46173e d1a07de93e824f11 079b8b115ea4cca8 93a99274558faebb
  fb1e6e22e08a03b3 ea635fdba3698dd0 cf53659328503a5c cde3b31e6fd5d780
  8e3e4221d3614413 ef14d0d86bf1a22c e1d830d3f16c5ddb aabd2b2a451504e1
`.trim().split(/\s+/);

/**
 * MASKS of fastcdc-rs `src/v2020/mod.rs` (MIT), indexed by bit count; 0-4 are padding.
 * @internal exported for the tests.
 */
export const MASKS_HEX: readonly string[] = `
  0000000000000000 0000000000000000 0000000000000000 0000000000000000
  0000000000000000 0000000001804110 0000000001803110 0000000018035100
  0000001800035300 0000019000353000 0000590003530000 0000d90003530000
  0000d90103530000 0000d90303530000 0000d90313530000 0000d90f03530000
  0000d90303537000 0000d90703537000 0000d90707537000 0000d91707537000
  0000d91747537000 0000d91767537000 0000d93767537000 0000d93777537000
  0000d93777577000 0000db3777577000
`.trim().split(/\s+/);

/** Low 32 bits of each gear value, as int32 for `| 0` arithmetic. */
const GEAR_LO = new Int32Array(256);
/** Bits 32..47 of each gear value: no mask looks higher. */
const GEAR_HI16 = new Int32Array(256);
for (let i = 0; i < 256; i++) {
  const h = GEAR_HEX[i]!;
  const lo = parseInt(h.slice(8), 16);
  GEAR_LO[i] = lo | 0;
  GEAR_HI16[i] = parseInt(h.slice(0, 8), 16) & 0xffff;
}

function mask(bits: number): { lo: number; hi: number } {
  const h = MASKS_HEX[bits]!;
  return { lo: parseInt(h.slice(8), 16) | 0, hi: parseInt(h.slice(0, 8), 16) };
}

/** The crate's `logarithm2`: log2 rounded to nearest, computed exactly (v² against 2^(2k+1)). */
function log2Round(v: number): number {
  const k = 31 - Math.clz32(v);
  return v * v >= 2 ** (2 * k + 1) ? k + 1 : k;
}

// Out-parameter of scan(): returning an object per candidate would allocate in the hot path.
let scanHash = 0;

/**
 * The native gear loop (the castore addon, csrc/addon.c gearScan): ~4× the JS loop, which was a
 * sixth of a client's CPU in a put. Only the rolling of the hash moves there; every rule of the cut
 * stays below. CASTORE_FASTCDC=js keeps the JS loop (tests compare both).
 */
const nativeScan = native !== null && process.env["CASTORE_FASTCDC"] !== "js" ? native : null;
nativeScan?.gearInit(GEAR_LO);
const nativeOut = new Int32Array(1);
/** Below this many bytes the call costs more than the JS loop. */
const NATIVE_SCAN_MIN = 512;

/** Which gear loop scan() uses. */
export const fastcdcBackend: "native" | "js" = nativeScan ? "native" : "js";

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * Rolls the low 32 bits of the gear hash over data[from, to) and stops at the first index whose
 * hash has no bit of `maskLo` set, or at `to`. The hash after the last byte rolled is left in
 * scanHash.
 */
function scan(data: Uint8Array, from: number, to: number, hash: number, maskLo: number): number {
  if (nativeScan !== null && to - from >= NATIVE_SCAN_MIN) {
    const r = nativeScan.gearScan(data, from, to, hash, maskLo, nativeOut);
    scanHash = nativeOut[0]!;
    return r;
  }
  let i = from;
  if (LITTLE_ENDIAN && to - from >= 64) {
    const off = data.byteOffset;
    for (; ((off + i) & 3) !== 0; i++) {
      hash = ((hash << 1) + GEAR_LO[data[i]!]!) | 0;
      if ((hash & maskLo) === 0) {
        scanHash = hash;
        return i;
      }
    }
    const n = (to - i) >>> 2;
    const r = scanWords(new Uint32Array(data.buffer, off + i, n), n, hash, maskLo);
    hash = scanHash;
    if (r < n << 2) return i + r;
    i += r;
  }
  for (; i < to; i++) {
    hash = ((hash << 1) + GEAR_LO[data[i]!]!) | 0;
    if ((hash & maskLo) === 0) break;
  }
  scanHash = hash;
  return i;
}

/**
 * scan() over whole little-endian words: a load per four bytes, unrolled, runs ~1.5x faster in
 * V8 than a load per byte. Kept apart so V8 optimizes this loop alone, with full type feedback.
 * Returns the byte index of the match, or 4 * n.
 */
function scanWords(words: Uint32Array, n: number, hash: number, maskLo: number): number {
  const g = GEAR_LO;
  let k = 0;
  let t = 0;
  for (; k < n; k++) {
    const w = words[k]!;
    hash = ((hash << 1) + g[w & 0xff]!) | 0;
    if ((hash & maskLo) === 0) break;
    hash = ((hash << 1) + g[(w >>> 8) & 0xff]!) | 0;
    if ((hash & maskLo) === 0) {
      t = 1;
      break;
    }
    hash = ((hash << 1) + g[(w >>> 16) & 0xff]!) | 0;
    if ((hash & maskLo) === 0) {
      t = 2;
      break;
    }
    hash = ((hash << 1) + g[w >>> 24]!) | 0;
    if ((hash & maskLo) === 0) {
      t = 3;
      break;
    }
  }
  scanHash = hash;
  return (k << 2) + t;
}

/**
 * Bits 32..47 of the crate's hash after the byte at data[base + at], for a hash that started at
 * zero at data[base + first]. Older bytes are shifted out of those bits, so 48 bytes suffice.
 */
function highBits(data: Uint8Array, base: number, first: number, at: number): number {
  let lo = 0;
  let hi = 0;
  for (let i = base + Math.max(first, at - 47), end = base + at; i <= end; i++) {
    const b = data[i]!;
    const x = lo << 1;
    const y = GEAR_LO[b]!;
    const sum = (x + y) | 0;
    // Carries out of the low word: the bit shifted out, and the one out of the addition.
    const carry = (lo >>> 31) + (((x & y) | ((x | y) & ~sum)) >>> 31);
    lo = sum;
    hi = ((hi << 1) + GEAR_HI16[b]! + carry) & 0xffff;
  }
  return hi;
}

const CARRY_STEP = 64 * 1024;

/** Where the search for the current chunk's end stands. Positions are relative to its start. */
interface ScanState {
  /** Next byte to hash. */
  pos: number;
  /** Low 32 bits of the gear hash so far. */
  hash: number;
  /** The byte at pos - 1 matched but was the last one available; see findCut. */
  pending: boolean;
}

/**
 * A FastCDC chunker. `push` pieces of input and then `finish`; each returns the chunks completed
 * so far, in order. The cut points depend only on the bytes, never on how they were split into
 * pieces. Holds at most `maxSize` bytes between calls.
 *
 * A chunk that lies inside one pushed piece is a view of it (no copy): the caller must not
 * overwrite a piece after pushing it while its chunks are in use. Chunks spanning pieces are
 * fresh copies.
 */
export class FastCdc {
  readonly minSize: number;
  readonly avgSize: number;
  readonly maxSize: number;
  // The crate steps over bytes in pairs, so its region boundaries fall on even positions.
  readonly #first: number;
  readonly #center: number;
  readonly #limit: number;
  readonly #maskSLo: number;
  readonly #maskSHi: number;
  readonly #maskLLo: number;
  readonly #maskLHi: number;
  readonly #st: ScanState;
  /** Bytes of the chunk in progress that arrived in earlier pieces. */
  #buf: Uint8Array | null = null;
  #len = 0;

  constructor(opts: FastCdcOptions = {}) {
    const sizes = {
      minSize: opts.minSize ?? FASTCDC_DEFAULTS.minSize,
      avgSize: opts.avgSize ?? FASTCDC_DEFAULTS.avgSize,
      maxSize: opts.maxSize ?? FASTCDC_DEFAULTS.maxSize,
    };
    for (const key of ["minSize", "avgSize", "maxSize"] as const) {
      const v = sizes[key];
      const [lo, hi] = BOUNDS[key];
      if (!Number.isSafeInteger(v) || v < lo || v > hi) {
        throw invalid(`fastcdc: ${key} must be an integer in [${lo}, ${hi}], got ${String(v)}`);
      }
    }
    // The crate does not check these, but reads past the window if avg > max.
    if (!(sizes.minSize <= sizes.avgSize && sizes.avgSize <= sizes.maxSize)) {
      throw invalid(
        `fastcdc: need minSize <= avgSize <= maxSize, got ${sizes.minSize}/${sizes.avgSize}/${sizes.maxSize}`,
      );
    }
    this.minSize = sizes.minSize;
    this.avgSize = sizes.avgSize;
    this.maxSize = sizes.maxSize;
    this.#first = this.minSize & ~1;
    this.#center = this.avgSize & ~1;
    this.#limit = this.maxSize & ~1;
    // Normalization level 1: a harder mask (one more bit) before the average, an easier one after.
    const bits = log2Round(this.avgSize);
    const s = mask(bits + 1);
    const l = mask(bits - 1);
    this.#maskSLo = s.lo;
    this.#maskSHi = s.hi;
    this.#maskLLo = l.lo;
    this.#maskLHi = l.hi;
    this.#st = this.#fresh();
  }

  /**
   * The end of the chunk starting at `start` when data[start, end) is all the input left: the
   * crate's `cut`. Stateless; independent of push/finish. Loop `start = cut(data, start)` until
   * `start === end` to chunk a whole buffer without copying.
   */
  cut(data: Uint8Array, start = 0, end = data.length): number {
    const ok = Number.isSafeInteger(start) && Number.isSafeInteger(end);
    if (!(ok && 0 <= start && start <= end && end <= data.length)) {
      throw invalid(`fastcdc: bad range [${start}, ${end}) of ${data.length} bytes`);
    }
    return start + this.#findCut(this.#fresh(), data, start, end - start, true);
  }

  /** Feeds the next piece of input; returns the chunks it completes. */
  push(piece: Uint8Array): Uint8Array[] {
    const out: Uint8Array[] = [];
    const st = this.#st;
    const max = this.maxSize;
    const n = piece.length;
    let off = 0;
    // How many of the carried bytes (the last ones) are copies of this piece's.
    let fromPiece = 0;
    for (;;) {
      if (this.#len > 0) {
        // Grow the carry a step at a time: a cut is always found once it holds maxSize bytes,
        // and copying only about as far as the cut saves most of the copying.
        const buf = this.#buf!;
        const take = Math.min(max - this.#len, n - off, CARRY_STEP);
        buf.set(piece.subarray(off, off + take), this.#len);
        this.#len += take;
        off += take;
        fromPiece += take;
        const c = this.#findCut(st, buf, 0, this.#len, false);
        if (c < 0) {
          if (off < n) continue;
          break;
        }
        out.push(buf.slice(0, c));
        this.#reset();
        if (c >= this.#len - fromPiece) {
          // The rest is in this piece: go back to reading it in place.
          off -= this.#len - c;
          this.#len = 0;
          fromPiece = 0;
        } else {
          buf.copyWithin(0, c, this.#len);
          this.#len -= c;
        }
      } else {
        if (off >= n) break;
        const c = this.#findCut(st, piece, off, n - off, false);
        if (c < 0) {
          // Less than maxSize is left; keep it, and the scan state, for the next piece.
          // Not zero-filled (every byte read from the carry is written first), but a plain
          // Uint8Array: chunks are cut from it with slice(), which must copy (Buffer's is a view).
          this.#buf ??= new Uint8Array(Buffer.allocUnsafeSlow(max).buffer, 0, max);
          this.#buf.set(piece.subarray(off), 0);
          this.#len = n - off;
          break;
        }
        out.push(piece.subarray(off, off + c));
        this.#reset();
        off += c;
      }
    }
    return out;
  }

  /** Ends the input; returns the last chunks. The chunker can then be reused. */
  finish(): Uint8Array[] {
    const out: Uint8Array[] = [];
    const buf = this.#buf;
    while (buf !== null && this.#len > 0) {
      const c = this.#findCut(this.#st, buf, 0, this.#len, true);
      out.push(buf.slice(0, c));
      buf.copyWithin(0, c, this.#len);
      this.#len -= c;
      this.#reset();
    }
    this.#reset();
    return out;
  }

  #fresh(): ScanState {
    return { pos: this.#first, hash: 0, pending: false };
  }

  #reset(): void {
    this.#st.pos = this.#first;
    this.#st.hash = 0;
    this.#st.pending = false;
  }

  /**
   * Length of the chunk that starts at data[base], given `avail` bytes of it there, or -1 if
   * that depends on bytes not seen yet. With `eof` the input ends after those bytes. Resumes
   * from and updates `st`, so each byte is hashed once however the input arrives.
   */
  #findCut(st: ScanState, data: Uint8Array, base: number, avail: number, eof: boolean): number {
    if (eof && avail <= this.minSize) return avail;
    if (st.pending) {
      // The crate only looks at the last byte of an odd-length remainder if more follows.
      if (avail > st.pos) return st.pos - 1;
      if (!eof) return -1;
      st.pending = false;
      return avail;
    }
    const limit = eof ? Math.min(avail, this.maxSize) & ~1 : this.#limit;
    const end = Math.min(limit, avail);
    let pos = st.pos;
    let hash = st.hash;
    while (pos < end) {
      const small = pos < this.#center;
      const stop = small ? Math.min(this.#center, end) : end;
      const j = scan(data, base + pos, base + stop, hash, small ? this.#maskSLo : this.#maskLLo) - base;
      hash = scanHash;
      if (j === stop) {
        pos = stop;
        continue;
      }
      pos = j + 1;
      if ((highBits(data, base, this.#first, j) & (small ? this.#maskSHi : this.#maskLHi)) === 0) {
        st.pos = pos;
        st.hash = hash;
        // A match at an even position that is the last byte so far counts only if the input
        // goes on (see above); odd positions are always looked at.
        if (!eof && pos === avail && (j & 1) === 0) {
          st.pending = true;
          return -1;
        }
        return j;
      }
    }
    st.pos = pos;
    st.hash = hash;
    if (pos < limit) return eof ? avail : -1;
    if (eof) return Math.min(avail, this.maxSize);
    return avail >= this.maxSize ? this.maxSize : -1;
  }
}

/**
 * Splits a stream of byte pieces (a Node Readable, or any (async) iterable of Uint8Array) into
 * content-defined chunks, cutting where the fastcdc crate does whatever the piece sizes. Chunks
 * may be views of the source's pieces (see FastCdc), so the source must not reuse a piece's
 * memory after handing it over; Node streams don't.
 */
export async function* chunk(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  opts?: FastCdcOptions,
): AsyncGenerator<Uint8Array, void, undefined> {
  const cdc = new FastCdc(opts);
  for await (const piece of source) {
    if (!(piece instanceof Uint8Array)) {
      throw invalid(`fastcdc: the source yielded a ${typeof piece}, not bytes (a stream with an encoding?)`);
    }
    yield* cdc.push(piece);
  }
  yield* cdc.finish();
}
