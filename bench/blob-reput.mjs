// Re-put of a large file changed in one byte: only the chunks around the change should travel.
// NatsBlobService (this process) → NATS → blob service (child process) → JetStream, on a private
// nats-server. Reports bytesUploaded (chunk payload the client sent), chunks uploaded/skipped,
// the client connection's bytes out (everything on the wire: missing-chunk queries, commit,
// protocol) and time, for the first put, the re-put after the change, and an unchanged re-put.
// Usage: node bench/blob-reput.mjs [sizeMiB=1024]
import { closeSync, openSync, readSync, writeSync } from "node:fs";
import { join } from "node:path";
import { NatsBlobService } from "@castore/blob";
import { connect } from "@nats-io/transport-node";
import { MiB, fmt, table, tempDir } from "./lib.mjs";
import { fileStream, mbps, now, secondsSince, startBlobServerProcess, verdict, withBenchNats, writeRandomFile } from "./blob-lib.mjs";

const sizeMiB = Number(process.argv[2] ?? 1024);
const size = sizeMiB * MiB;
const file = join(tempDir("blob-reput"), "data");
writeRandomFile(file, size);

function flipMiddleByte() {
  const fd = openSync(file, "r+");
  const b = Buffer.alloc(1);
  const at = Math.floor(size / 2);
  readSync(fd, b, 0, 1, at);
  b[0] ^= 0xff;
  writeSync(fd, b, 0, 1, at);
  closeSync(fd);
  return at;
}

const rows = [];
let changed;
await withBenchNats(async ({ server, children }) => {
  const prefix = "bench.reput";
  await startBlobServerProcess(server.url, prefix, children);
  const cnc = await connect({ servers: server.url, name: "bench-client" });
  const blobs = new NatsBlobService(cnc, { prefix });
  const put = async (label) => {
    const out0 = cnc.stats().outBytes;
    const t0 = now();
    const r = await blobs.put(fileStream(file));
    const s = secondsSince(t0);
    const wire = cnc.stats().outBytes - out0;
    rows.push([label, fmt(s, 2), fmt(mbps(size, s), 0), r.chunks, r.chunksUploaded, r.chunksSkipped, r.bytesUploaded, fmt(wire / MiB, 3)]);
    return { r, wire };
  };
  await put("first put");
  const at = flipMiddleByte();
  changed = await put(`re-put, byte ${at} flipped`);
  await put("re-put, unchanged");
  const st = await blobs.stat(changed.r.digest);
  if (st === null || st.size !== BigInt(size)) throw new Error("the changed blob is not readable after its put");
  await blobs.close();
  await cnc.close();
});

console.log(
  `re-put: ${sizeMiB} MiB of random data (issue goal size: 1024 MiB); one run\n` +
    `client in this process, blob service in a child process (services/blob/dist/main.js), nats-server on a free port\n`,
);
table(["put", "seconds", "MB/s", "chunks", "uploaded", "skipped", "bytesUploaded", "client MiB out (wire)"], rows);
console.log("");
const sent = changed.r.bytesUploaded;
verdict("re-put bytes sent ≤ 2 MiB (bytesUploaded)", sent, sent <= 2 * MiB, `${fmt(sent / MiB, 3)} MiB`);
verdict("re-put bytes sent ≤ 2 MiB (everything the client wrote to NATS)", changed.wire, changed.wire <= 2 * MiB, `${fmt(changed.wire / MiB, 3)} MiB`);
