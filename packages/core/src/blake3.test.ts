import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { blake3, blake3Backend, createBlake3 } from "./blake3.js";
import { pseudoRandomBytes } from "./fixtures.js";

const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");

test("the native BLAKE3 backend is in use", () => {
  assert.equal(blake3Backend, "native");
});

test("BLAKE3 of the empty string is the known vector", () => {
  // printf '' | b3sum
  assert.equal(hex(blake3(new Uint8Array(0))), "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262");
  // printf 'abc' | b3sum
  assert.equal(hex(blake3(Buffer.from("abc"))), "6437b3ac38465133ffb63b75273a8db548c558465d79db03fd359c6cd5bd9d85");
});

test("BLAKE3 agrees with b3sum on inputs around the 1 KiB chunk boundary and above", () => {
  const dir = mkdtempSync(join(tmpdir(), "castore-b3-"));
  try {
    for (const size of [1, 1023, 1024, 1025, 2048, 65537, 3 << 20]) {
      const data = pseudoRandomBytes(size, size);
      const file = join(dir, `f${size}`);
      writeFileSync(file, data);
      const expected = execFileSync("b3sum", ["--no-names", file], { encoding: "utf8" }).trim();
      assert.equal(hex(blake3(data)), expected, `size ${size}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("streaming BLAKE3 equals one-shot whatever the piece sizes", () => {
  const data = pseudoRandomBytes(1 << 20, 7);
  const expected = hex(blake3(data));
  for (const piece of [1, 1000, 4096, 65536]) {
    const h = createBlake3();
    for (let i = 0; i < data.length; i += piece) h.update(data.subarray(i, i + piece));
    assert.equal(hex(h.digest()), expected, `pieces of ${piece}`);
  }
});

test("the WASM fallback computes the same digests as the native backend", () => {
  const script = `
    const { blake3, createBlake3, blake3Backend } = await import(${JSON.stringify(new URL("./blake3.js", import.meta.url).href)});
    const data = new Uint8Array(300000).map((_, i) => (i * 7) & 255);
    const h1 = createBlake3(), h2 = createBlake3();
    h1.update(data.subarray(0, 5)); h2.update(data); h1.update(data.subarray(5));
    console.log(JSON.stringify([blake3Backend, Buffer.from(blake3(data)).toString("hex"),
      Buffer.from(h1.digest()).toString("hex"), Buffer.from(h2.digest()).toString("hex")]));`;
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], {
    env: { ...process.env, CASTORE_BLAKE3: "wasm" },
    encoding: "utf8",
  });
  const [backend, oneShot, streamed, interleaved] = JSON.parse(out) as string[];
  const data = new Uint8Array(300000).map((_, i) => (i * 7) & 255);
  const expected = hex(blake3(data));
  assert.equal(backend, "wasm");
  assert.equal(oneShot, expected);
  assert.equal(streamed, expected);
  assert.equal(interleaved, expected);
});
