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
