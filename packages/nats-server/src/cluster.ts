// A JetStream cluster of nats-server processes on one machine, for replication and fault tests.
// "Ready" means more than every node answering: the nodes agree on a JetStream meta leader and
// that leader sees every peer as current, so an R3 stream can be created right away.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findNatsServer } from "./binary.js";
import type { NatsServerHandle } from "./handle.js";
import { getFreePorts, type PortPicker } from "./ports.js";
import { getJson, sleep } from "./probe.js";
import { NatsServerProcess, NatsServerStartError } from "./process.js";
import { trackDir, untrackDir } from "./safety-net.js";

export interface NatsClusterOptions {
  /** Number of nodes; default 3. */
  readonly size?: number;
  /** Cluster name; default `castore-<random>`. */
  readonly name?: string;
  readonly binary?: string;
  readonly host?: string;
  readonly maxPayload?: number;
  /** Appended to every node's config. */
  readonly extraConfig?: string;
  /** Keep the temp dir with every node's config, log and store. */
  readonly keepStoreDir?: boolean;
  /** For the whole cluster to become ready; default 20 s. */
  readonly readyTimeoutMs?: number;
  readonly stopTimeoutMs?: number;
}

export interface NatsClusterHandle {
  readonly name: string;
  /** Client URLs of all nodes, in node order. */
  readonly urls: readonly string[];
  /**
   * Per-node handles. A node's restart() reuses its ports and store and waits until that node
   * is current with the meta leader; call waitReady() to wait for the whole cluster.
   */
  readonly servers: readonly NatsServerHandle[];
  /** server_name of the JetStream meta leader if all running nodes agree on one. */
  metaLeader(): Promise<string | undefined>;
  /** Waits until all nodes run, agree on a meta leader and are current; resolves its name. */
  waitReady(timeoutMs?: number): Promise<string>;
  /** Stops every node and removes the temp dir. Idempotent. */
  stop(): Promise<void>;
}

interface MetaCluster {
  readonly leader?: string;
  readonly cluster_size?: number;
  readonly replicas?: ReadonlyArray<{ readonly name: string; readonly current?: boolean; readonly offline?: boolean }>;
}

async function metaOf(server: NatsServerHandle): Promise<MetaCluster | undefined> {
  const jsz = await getJson(`${server.monitorUrl}/jsz`, 1000);
  return (jsz.body as { meta_cluster?: MetaCluster } | undefined)?.meta_cluster;
}

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

class NatsCluster implements NatsClusterHandle {
  readonly urls: readonly string[];
  private stopping: Promise<void> | undefined;

  constructor(
    readonly name: string,
    readonly servers: readonly NatsServerProcess[],
    private readonly root: string,
    private readonly keep: boolean,
    private readonly readyTimeoutMs: number,
  ) {
    this.urls = servers.map((s) => s.url);
  }

  async metaLeader(): Promise<string | undefined> {
    const running = this.servers.filter((s) => s.running);
    const leaders = await Promise.all(running.map((s) => metaOf(s).then((m) => m?.leader, () => undefined)));
    const first = leaders[0];
    return first !== undefined && leaders.every((l) => l === first) ? first : undefined;
  }

  /** The meta leader's name when the cluster is fully ready, else a reason why not. */
  private async check(): Promise<{ leader: string } | { problem: string }> {
    const views = await Promise.all(
      this.servers.map(async (s) => {
        if (!s.running) return { problem: `${s.serverName} is not running` };
        try {
          // 2.9 answers 503 here until the node has reached the meta leader and caught up.
          const health = await getJson(`${s.monitorUrl}/healthz`, 1000);
          if (health.status !== 200) {
            return { problem: `${s.serverName} /healthz: ${health.status} ${JSON.stringify(health.body)}` };
          }
          return { meta: await metaOf(s) };
        } catch (err) {
          return { problem: `${s.serverName}: ${messageOf(err)}` };
        }
      }),
    );
    const size = this.servers.length;
    const metas: MetaCluster[] = [];
    for (const [i, v] of views.entries()) {
      const node = this.servers[i]?.serverName ?? `node ${i}`;
      if ("problem" in v) return { problem: v.problem };
      if (v.meta?.leader === undefined) return { problem: `${node} knows no meta leader yet` };
      // A node that just restarted briefly reports a smaller meta group before it catches up.
      if (v.meta.cluster_size !== size) return { problem: `${node} sees a meta group of ${v.meta.cluster_size}` };
      metas.push(v.meta);
    }
    const leader = metas[0]?.leader;
    if (leader === undefined || metas.some((m) => m.leader !== leader)) {
      return { problem: `nodes disagree on the meta leader: ${metas.map((m) => m.leader).join(", ")}` };
    }
    const leaderIndex = this.servers.findIndex((s) => s.serverName === leader);
    const replicas = metas[leaderIndex]?.replicas ?? [];
    const lagging = replicas.filter((r) => r.current !== true || r.offline === true).map((r) => r.name);
    if (replicas.length !== size - 1 || lagging.length > 0) {
      return { problem: `meta leader ${leader} does not see every peer current (lagging: ${lagging.join(", ") || "?"})` };
    }
    return { leader };
  }

  async waitReady(timeoutMs = this.readyTimeoutMs): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const result = await this.check();
      if ("leader" in result) return result.leader;
      if (Date.now() > deadline) {
        const tails = this.servers.map((s) => `--- ${s.serverName} ---\n${s.logTail(10)}`).join("\n");
        throw new Error(`cluster ${this.name} was not ready within ${timeoutMs} ms: ${result.problem}\n${tails}`);
      }
      await sleep(50);
    }
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      await Promise.all(this.servers.map((s) => s.stop()));
      if (!this.keep) {
        rmSync(this.root, { recursive: true, force: true, maxRetries: 3, retryDelay: 50 });
        untrackDir(this.root);
      }
    })();
    return this.stopping;
  }
}

const MAX_ATTEMPTS = 5;

/** Starts a JetStream cluster (3 nodes by default) and resolves once it is fully ready. */
export function startNatsCluster(opts: NatsClusterOptions = {}): Promise<NatsClusterHandle> {
  return startNatsClusterWith(opts, getFreePorts);
}

export async function startNatsClusterWith(opts: NatsClusterOptions, pickPorts: PortPicker): Promise<NatsClusterHandle> {
  const size = opts.size ?? 3;
  if (!Number.isInteger(size) || size < 2) {
    // nats-server refuses a JetStream cluster without routes, so one node is not a cluster.
    throw new Error(`a cluster needs at least 2 nodes, got ${size}`);
  }
  const binary = findNatsServer(opts.binary);
  const host = opts.host ?? "127.0.0.1";
  const id = randomBytes(3).toString("hex");
  const name = opts.name ?? `castore-${id}`;
  const keep = opts.keepStoreDir ?? false;
  const readyTimeoutMs = opts.readyTimeoutMs ?? 20_000;
  const root = mkdtempSync(join(tmpdir(), "castore-nats-cluster-"));
  trackDir(root);

  for (let attempt = 1; ; attempt++) {
    const ports = await pickPorts(size * 3, host);
    const port = (i: number): number => {
      const p = ports[i];
      if (p === undefined) throw new Error("port picker returned too few ports");
      return p;
    };
    const routePorts = Array.from({ length: size }, (_, i) => port(3 * i + 2));
    const servers = Array.from({ length: size }, (_, i) => {
      const serverName = `${name}-n${i + 1}`;
      const dir = join(root, `n${i + 1}`);
      return new NatsServerProcess({
        binary,
        host,
        config: {
          serverName,
          host,
          port: port(3 * i),
          monitorPort: port(3 * i + 1),
          jetstream: true,
          storeDir: join(dir, "store"),
          maxPayload: opts.maxPayload,
          cluster: { name, port: port(3 * i + 2), peerPorts: routePorts.filter((_, j) => j !== i) },
          extraConfig: opts.extraConfig,
        },
        configFile: join(dir, "nats-server.conf"),
        logFile: join(dir, "nats-server.log"),
        ownedDir: dir,
        keep,
        detached: false,
        ownProcessGroup: false,
        readyTimeoutMs,
        stopTimeoutMs: opts.stopTimeoutMs ?? 10_000,
      });
    });

    // Concurrently: a lone node cannot reach a meta leader, so it would never become healthy.
    const launched = await Promise.allSettled(servers.map((s) => s.launch()));
    const failure = launched.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failure !== undefined) {
      await Promise.all(servers.map((s) => s.terminate()));
      const err: unknown = failure.reason;
      const lostRace = err instanceof NatsServerStartError && err.portInUse !== undefined && ports.includes(err.portInUse);
      if (lostRace && attempt < MAX_ATTEMPTS) {
        rmSync(root, { recursive: true, force: true });
        continue;
      }
      if (!keep) {
        rmSync(root, { recursive: true, force: true });
        untrackDir(root);
      }
      throw err;
    }

    const cluster = new NatsCluster(name, servers, root, keep, readyTimeoutMs);
    try {
      await cluster.waitReady();
    } catch (err) {
      await cluster.stop();
      throw err;
    }
    return cluster;
  }
}
