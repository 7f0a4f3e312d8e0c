// BLAKE3 behind one small module. The native @napi-rs/blake-hash (prebuilt, ~4 GB/s here) is
// used when it loads; otherwise a WASM build (hash-wasm) keeps castore working, slower.
// Everything that hashes goes through here so the choice is made once.
import { createRequire } from "node:module";

export interface Blake3Hasher {
  update(data: Uint8Array): this;
  /** The 32-byte digest. The hasher must not be used afterwards. */
  digest(): Uint8Array;
}

interface NativeModule {
  blake3(input: Buffer): Buffer;
  Blake3Hasher: new () => { update(input: Buffer): unknown; digestBuffer(): Buffer };
}

type Backend = {
  name: "native" | "wasm";
  oneShot(data: Uint8Array): Uint8Array;
  hasher(): Blake3Hasher;
};

const asBuffer = (d: Uint8Array): Buffer =>
  Buffer.isBuffer(d) ? d : Buffer.from(d.buffer, d.byteOffset, d.byteLength);

function loadNative(): Backend | null {
  if (process.env["CASTORE_BLAKE3"] === "wasm") return null;
  try {
    const native = createRequire(import.meta.url)("@napi-rs/blake-hash") as NativeModule;
    return {
      name: "native",
      oneShot: (data) => native.blake3(asBuffer(data)),
      hasher(): Blake3Hasher {
        const h = new native.Blake3Hasher();
        return {
          update(data) {
            h.update(asBuffer(data));
            return this;
          },
          digest: () => h.digestBuffer(),
        };
      },
    };
  } catch {
    return null;
  }
}

async function loadWasm(): Promise<Backend> {
  const { createBLAKE3 } = await import("hash-wasm");
  // One WASM instance serves every caller: a streaming hasher keeps its own saved state and
  // loads it around each update, so any number of hashers can be open at once.
  const wasm = await createBLAKE3();
  wasm.init();
  const initial = wasm.save();
  return {
    name: "wasm",
    oneShot(data) {
      wasm.init();
      wasm.update(data);
      return wasm.digest("binary");
    },
    hasher(): Blake3Hasher {
      let state = initial;
      return {
        update(data) {
          wasm.load(state);
          wasm.update(data);
          state = wasm.save();
          return this;
        },
        digest() {
          wasm.load(state);
          return wasm.digest("binary");
        },
      };
    },
  };
}

const backend: Backend = loadNative() ?? (await loadWasm());

/** Which implementation is in use ("native" or "wasm"). */
export const blake3Backend: "native" | "wasm" = backend.name;

/** BLAKE3-256 of `data`, 32 bytes. */
export function blake3(data: Uint8Array): Uint8Array {
  return backend.oneShot(data);
}

/** A streaming BLAKE3-256 hasher. */
export function createBlake3(): Blake3Hasher {
  return backend.hasher();
}

/**
 * BLAKE3 of `data` written at `out[at..at+32]`. The native module's blake3() returns each digest
 * in a new Buffer, which costs several times the hashing of a 2 KB file (allocation and GC of an
 * external ArrayBuffer per call); its base64url variant returns a string, decoded here. Used
 * only if it agrees with the module everything else hashes with.
 */
export const blake3Into: (data: Buffer, out: Uint8Array, at: number) => void = (() => {
  const viaBuffer = (data: Buffer, out: Uint8Array, at: number): void => out.set(blake3(data), at);
  if (blake3Backend !== "native") return viaBuffer;
  let b64: ((data: Buffer) => string) | undefined;
  try {
    b64 = (createRequire(import.meta.url)("@napi-rs/blake-hash") as { blake3UrlSafeBase64?: (d: Buffer) => string })
      .blake3UrlSafeBase64;
  } catch {
    return viaBuffer;
  }
  if (typeof b64 !== "function") return viaBuffer;
  const fn = b64;
  const SIX = new Uint8Array(128).fill(255);
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  for (let i = 0; i < 64; i++) SIX[alphabet.charCodeAt(i)] = i;
  const six = (s: string, i: number): number => {
    const v = SIX[s.charCodeAt(i) & 127]!;
    if (v === 255) throw new Error(`blake3UrlSafeBase64 gave ${JSON.stringify(s)}`);
    return v;
  };
  const viaString = (data: Buffer, out: Uint8Array, at: number): void => {
    const s = fn(data); // 43 characters and "="
    let o = at;
    let i = 0;
    for (; i < 40; i += 4) {
      const v = (six(s, i) << 18) | (six(s, i + 1) << 12) | (six(s, i + 2) << 6) | six(s, i + 3);
      out[o++] = v >>> 16;
      out[o++] = (v >>> 8) & 255;
      out[o++] = v & 255;
    }
    const v = (six(s, 40) << 12) | (six(s, 41) << 6) | six(s, 42);
    out[o++] = v >>> 10;
    out[o] = (v >>> 2) & 255;
  };
  const probe = Buffer.from("castore blake3Into probe: the quick brown fox");
  const got = new Uint8Array(32);
  try {
    viaString(probe, got, 0);
    if (Buffer.from(got).equals(blake3(probe))) return viaString;
  } catch {
    // fall through
  }
  return viaBuffer;
})();

const scratch = new Uint8Array(32);

/** Whether `data` hashes to the 32 bytes `digest` (no allocation per call; see blake3Into). */
export function blake3Matches(data: Uint8Array, digest: Uint8Array): boolean {
  blake3Into(asBuffer(data), scratch, 0);
  for (let i = 0; i < 32; i++) if (scratch[i] !== digest[i]) return false;
  return true;
}
