// Small helpers for byte streams.

/** Collects a byte stream into one Buffer (a copy: the source may reuse its pieces afterwards). */
export async function readAll(source: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const p of source) parts.push(p);
  return Buffer.concat(parts);
}
