// Child of blob-rss.mjs: one client operation in a fresh Node process, so its peak RSS is the
// client's alone (the blob service and nats-server run in other processes). Prints one JSON line.
// Usage: node bench/blob-rss-child.mjs put|cat|idle NATS_URL PREFIX FILE|DIGEST
import { createReadStream, createWriteStream } from "node:fs";
import { pipeline } from "node:stream/promises";
import { B3Digest } from "@castore/core";
import { NatsBlobService } from "@castore/blob";
import { connect } from "@nats-io/transport-node";

const [op, url, prefix, arg] = process.argv.slice(2);
const t0 = process.hrtime.bigint();
const nc = await connect({ servers: url, name: `bench-rss-${op}` });
// BENCH_BLOB_OPTS (JSON) overrides ChunkedOptions, e.g. {"putWindow":4}, to see what memory depends on.
const blobs = new NatsBlobService(nc, { prefix, ...JSON.parse(process.env.BENCH_BLOB_OPTS ?? "{}") });
const out = { op };
if (op === "put") {
  const r = await blobs.put(createReadStream(arg, { highWaterMark: 1 << 20 }));
  Object.assign(out, { digest: r.digest.toHex(), size: Number(r.size) });
} else if (op === "cat") {
  const s = await blobs.read(B3Digest.parse(arg));
  if (s === null) throw new Error(`blob ${arg} not found`);
  await pipeline(s, createWriteStream("/dev/null"));
} else if (op !== "idle") {
  throw new Error(`unknown op ${op}`);
}
await blobs.close();
await nc.drain();
out.seconds = Number(process.hrtime.bigint() - t0) / 1e9;
out.maxRssKiB = process.resourceUsage().maxRSS;
console.log(JSON.stringify(out));
