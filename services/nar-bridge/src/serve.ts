// The bridge as `castore serve --http` and its own main start it: a store opened as a client of the
// castore services on the configured NATS (so the path-info service, with its signing key, checks
// and signs what is uploaded), the store's NAR-hash index bucket, and the HTTP server.
import type { Config, Logger } from "@castore/service-kit";
import { openStore, storeAddress } from "@castore/store";
import type { BridgeConfig } from "./config.js";
import { openNarIndex } from "./nar-index.js";
import { startNarBridge, type NarBridge } from "./server.js";

export interface RunningBridge {
  readonly bridge: NarBridge;
  /** Drains the HTTP server, then closes the store. */
  stop(): Promise<void>;
}

export async function serveBridge(cfg: Config, b: BridgeConfig, log: Logger): Promise<RunningBridge> {
  if (b.listen === undefined) throw new Error("serveBridge needs a listen address");
  const [url, opts] = storeAddress(cfg, { role: "service", logger: log });
  const store = await openStore(url, opts);
  try {
    const index = await openNarIndex(store, { replicas: cfg.replicas, ...(cfg.jsDomain === undefined ? {} : { domain: cfg.jsDomain }) });
    const bridge = await startNarBridge({
      store,
      index,
      logger: log,
      host: b.listen.host,
      port: b.listen.port,
      ...(b.priority === undefined ? {} : { settings: { priority: b.priority } }),
    });
    return {
      bridge,
      async stop() {
        try {
          await bridge.stop();
        } finally {
          await store.close();
        }
      },
    };
  } catch (e) {
    await store.close();
    throw e;
  }
}
