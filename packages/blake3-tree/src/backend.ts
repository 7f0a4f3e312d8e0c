// Chooses the implementation of the tree primitives once, at import: the native addon that this
// package's build compiles (build/Release/blake3_tree.node), or — only when asked for with
// CASTORE_BLAKE3_TREE=js — the TypeScript reference, ~50x slower. A missing addon is a broken
// set-up, not a reason to run slowly without saying so: the primitives then throw an error that
// says how to fix it (importing still works, so tools that never hash keep working).
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { reference } from "./reference.js";
import type { Blake3Tree } from "./types.js";

/** The addon's exports: the primitives plus SIMD variant selection (tests and benchmarks). */
export interface NativeBlake3Tree extends Blake3Tree {
  /** The SIMD variant in use ("avx512", "avx2", "vec4", "portable"); with a name, selects it. */
  simd(name?: string): string;
  /** The variants this CPU can run, widest first. */
  simdAvailable(): string[];
  /** FastCDC's gear table (256 low words), set once before gearScan. */
  gearInit(table: Int32Array): void;
  /** FastCDC's hot loop (see csrc/addon.c): the stop index; the hash after it in out[0]. */
  gearScan(data: Uint8Array, from: number, to: number, hash: number, mask: number, out: Int32Array): number;
}

const addonUrl = new URL("../build/Release/blake3_tree.node", import.meta.url);

function loadNative(): { addon: NativeBlake3Tree | null; error: string } {
  try {
    return { addon: createRequire(import.meta.url)(fileURLToPath(addonUrl)) as NativeBlake3Tree, error: "" };
  } catch (e) {
    return { addon: null, error: e instanceof Error ? e.message : String(e) };
  }
}

const loaded = loadNative();

/** The native addon, or null when it is not built (or failed to load). */
export const native: NativeBlake3Tree | null = loaded.addon;

const wantJs = process.env["CASTORE_BLAKE3_TREE"] === "js";

/** Which implementation the exported primitives use. */
export const backend: "native" | "js" | "missing" = wantJs ? "js" : native ? "native" : "missing";

function missing(): never {
  throw new Error(
    `@castore/blake3-tree: the native addon is not built (${fileURLToPath(addonUrl)}: ${loaded.error}). ` +
      "Run ./scripts/setup.sh (it installs a C toolchain and builds it), " +
      "or set CASTORE_BLAKE3_TREE=js to use the slow TypeScript reference.",
  );
}

if (wantJs)
  process.stderr.write(
    "@castore/blake3-tree: CASTORE_BLAKE3_TREE=js, using the TypeScript reference (much slower than the native addon)\n",
  );

/** The implementation behind the exported primitives. */
export const impl: Blake3Tree = wantJs
  ? reference
  : (native ?? { groupCVs: missing, parents: missing, parentRoot: missing, hashRoot: missing });
