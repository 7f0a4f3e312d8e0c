// The blob service's own entry point, for running it alone (one process per replica):
//   CASTORE_NATS_URL=nats://host:4222[,…] [CASTORE_PREFIX=castore] [CASTORE_REPLICAS=1|3|5] \
//     node services/blob/dist/main.js
// It serves until SIGINT/SIGTERM, then drains in-flight requests and exits 0. Most users run
// `castore serve`, which hosts this and the other services with the full connection options.
import { DEFAULT_PREFIX, validatePrefix } from "@castore/core";
import { connect } from "@nats-io/transport-node";
import { z } from "zod";
import { JetStreamChunkStore } from "./jetstream.js";
import { startBlobServer, type Logger } from "./server.js";

const unsetEmpty = (v: unknown): unknown => (v === "" ? undefined : v);
const Env = z.object({
  CASTORE_NATS_URL: z.preprocess(unsetEmpty, z.string({ error: "CASTORE_NATS_URL is required" })),
  CASTORE_PREFIX: z.preprocess(unsetEmpty, z.string().default(DEFAULT_PREFIX)).refine((p) => {
    try {
      validatePrefix(p);
      return true;
    } catch {
      return false;
    }
  }, "CASTORE_PREFIX must be dot-separated tokens of letters, digits, _ and -"),
  CASTORE_REPLICAS: z.preprocess(unsetEmpty, z.enum(["1", "3", "5"], { error: "CASTORE_REPLICAS must be 1, 3 or 5" }).default("1")),
});

const log = (level: string) => (obj: object, msg?: string) =>
  process.stderr.write(JSON.stringify({ level, time: Date.now(), service: "castore-blob", ...obj, msg }) + "\n");
const logger: Logger = { debug: () => {}, info: log("info"), warn: log("warn"), error: log("error") };

const parsed = Env.safeParse(process.env);
if (!parsed.success) {
  for (const issue of parsed.error.issues) process.stderr.write(`castore-blob: ${String(issue.path[0])}: ${issue.message}\n`);
  process.exit(1);
}
const env = parsed.data;
// noAsyncTraces: nats.js otherwise captures a stack for every request and publish, which
// showed up as a large share of the service's CPU in the small-blob benchmark.
const nc = await connect({ servers: env.CASTORE_NATS_URL.split(","), name: "castore-blob", maxReconnectAttempts: -1, noAsyncTraces: true });
const store = await JetStreamChunkStore.open(nc, { prefix: env.CASTORE_PREFIX, replicas: Number(env.CASTORE_REPLICAS) });
const svc = await startBlobServer(nc, { prefix: env.CASTORE_PREFIX, store, replicas: Number(env.CASTORE_REPLICAS), logger });
logger.info({ nats: env.CASTORE_NATS_URL, prefix: env.CASTORE_PREFIX, replicas: env.CASTORE_REPLICAS }, "ready");

let stopping = false;
const stop = async (): Promise<void> => {
  if (stopping) return;
  stopping = true;
  await svc.stop();
  await nc.drain();
  process.exit(0);
};
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
