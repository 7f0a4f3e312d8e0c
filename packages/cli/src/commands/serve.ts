// `castore serve [--only blob,...]`: runs the castore services on a NATS (or, without --nats, on
// the embedded server in the foreground) until SIGINT/SIGTERM, then drains: services finish
// their in-flight requests, the connection flushes, and only then does the server stop.
import { ChunkedBlobService, startBlobServer } from "@castore/blob";
import { StoreDirectoryService, startDirectoryServer } from "@castore/directory";
import { startPathInfoServer } from "@castore/pathinfo";
import type { NatsConnection } from "@nats-io/nats-core";
import { UsageError } from "../args.js";
import { describeConfig } from "../config.js";
import { connectEmbedded, connectNats } from "../connect.js";
import { foregroundEmbeddedServer, type ForegroundServer } from "../embedded.js";
import { setup } from "../setup.js";
import { checkEmbeddedReplicas, openChunkStore, openDirectoryStore, openPathInfoStore } from "../store.js";

export const usage = "castore serve [--only blob,directory,pathinfo] [--signing-key FILE] [--nats URLS]";

const SERVICES = ["blob", "directory", "pathinfo"] as const;
type ServiceName = (typeof SERVICES)[number];

function selectServices(only: string | undefined): ServiceName[] {
  if (only === undefined) return [...SERVICES];
  const picked = [...new Set(only.split(",").map((s) => s.trim()).filter((s) => s !== ""))];
  if (picked.length === 0) throw new UsageError("--only needs at least one service name");
  for (const s of picked) {
    if (!(SERVICES as readonly string[]).includes(s)) {
      throw new UsageError(`--only: unknown service ${JSON.stringify(s)}; the services are ${SERVICES.join(", ")}`);
    }
  }
  return picked as ServiceName[];
}

/** How long one shutdown step may take: a NATS that is gone can make a drain wait forever. */
const STEP_TIMEOUT_MS = 10_000;

function withDeadline(p: Promise<void>, ms: number, what: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took over ${ms / 1000} s; going on without it`)), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

interface Running {
  stop(): Promise<void>;
}

export async function serve(argv: string[]): Promise<void> {
  const { values, positionals, cfg, log } = await setup(argv, { only: { type: "string" } }, "info");
  if (positionals.length !== 0) throw new UsageError(`usage: ${usage}`);
  const only = values["only"];
  const services = selectServices(typeof only === "string" ? only : undefined);
  if (cfg.nats === undefined) checkEmbeddedReplicas(cfg);

  // Listen from the start: a signal during start-up must still end in a clean shutdown.
  let signalled: (s: NodeJS.Signals) => void = () => {};
  const signal = new Promise<NodeJS.Signals>((resolve) => (signalled = resolve));
  let signals = 0;
  const onSignal = (s: NodeJS.Signals): void => {
    if (++signals > 1) {
      log.warn({ signal: s }, "second signal: exiting without draining");
      process.exit(1);
    }
    signalled(s);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  log.info({ config: describeConfig(cfg), services }, "castore serve starting");
  let embedded: ForegroundServer | undefined;
  let nc: NatsConnection | undefined;
  const running: Running[] = [];
  try {
    if (cfg.nats === undefined) {
      embedded = await foregroundEmbeddedServer(cfg.home, log);
      nc = await connectEmbedded(embedded.url, "service");
    } else {
      nc = await connectNats(cfg, cfg.nats, "service");
    }
    const conn = nc;
    const store = await openChunkStore(conn, cfg);
    running.push({ stop: () => store.close() });
    const bucketOpts = {
      prefix: cfg.prefix,
      replicas: cfg.replicas,
      ...(cfg.jsDomain === undefined ? {} : { domain: cfg.jsDomain }),
    };
    for (const name of services) {
      if (name === "blob") {
        running.unshift(await startBlobServer(conn, { ...bucketOpts, store, logger: log }));
      } else if (name === "directory") {
        // Directories too large for one KV value are kept as blobs of the same store, written
        // in-process (not through the blob service, which `--only directory` may not run here).
        const blobs = new ChunkedBlobService(store);
        const dirStore = await openDirectoryStore(conn, cfg, blobs);
        running.unshift(await startDirectoryServer(conn, { ...bucketOpts, store: dirStore, blobs, logger: log }));
      } else if (name === "pathinfo") {
        // Content checks and NAR rendering read the store in-process, like the directory service.
        const blobs = new ChunkedBlobService(store);
        const dirs = new StoreDirectoryService(await openDirectoryStore(conn, cfg, blobs));
        const infoStore = await openPathInfoStore(conn, cfg);
        running.unshift(
          await startPathInfoServer(conn, {
            prefix: cfg.prefix,
            store: infoStore,
            blobs,
            dirs,
            signingKey: cfg.signingKey?.key ?? null,
            logger: log,
          }),
        );
      }
    }
    log.info({ url: embedded?.url ?? cfg.nats?.display, prefix: cfg.prefix, services }, "serving");

    const closed = conn.closed().then((err) => {
      throw new Error(`lost the NATS connection for good${err ? `: ${err.message}` : ""}`);
    });
    closed.catch(() => {}); // after a signal, our own drain closes it; nobody waits any more
    const s = await Promise.race([signal, closed]);
    log.info({ signal: s }, "draining");
  } finally {
    // Services first (they finish in-flight requests), then the store and the connection, then
    // the server. A step that fails is logged and the rest still runs: nothing is left behind.
    const conn = nc;
    const steps: [string, () => Promise<void>][] = [
      ...running.map((r): [string, () => Promise<void>] => ["stop a service", () => withDeadline(r.stop(), STEP_TIMEOUT_MS, "stopping a service")]),
      [
        "drain the connection",
        async () => {
          if (conn === undefined || conn.isClosed()) return;
          try {
            await withDeadline(conn.drain(), STEP_TIMEOUT_MS, "draining the connection");
          } finally {
            // A drain that gave up (NATS is gone, nothing can be flushed) must not keep us alive.
            if (!conn.isClosed()) await conn.close();
          }
        },
      ],
      ["stop the embedded server", async () => void (await embedded?.stop())],
    ];
    for (const [what, step] of steps) {
      await step().catch((err: unknown) => log.error({ err }, `could not ${what}`));
    }
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
  log.info("stopped");
}
