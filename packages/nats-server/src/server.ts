// Starts one nats-server: options merged with defaults, free loopback ports picked, and the
// start retried when another process takes a picked port first. Used by tests and the CLI.
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findNatsServer } from "./binary.js";
import type { NatsServerHandle } from "./handle.js";
import { getFreePorts, type PortPicker } from "./ports.js";
import { NatsServerProcess, NatsServerStartError, removeOwnedDir, type ProcessSpec } from "./process.js";
import { trackDir } from "./safety-net.js";

export interface NatsServerOptions {
  /** Path or name of the executable; default `nats-server` on PATH, then /usr/sbin/nats-server. */
  readonly binary?: string;
  /** Interface to listen on; default 127.0.0.1. */
  readonly host?: string;
  /** Client port; default a free one. A fixed port is not retried when taken. */
  readonly port?: number;
  /** Monitoring port (always enabled: readiness is checked through it); default a free one. */
  readonly monitorPort?: number;
  /** default `castore-<random>` */
  readonly serverName?: string;
  /** default true */
  readonly jetstream?: boolean;
  /** JetStream store dir; default a temp dir removed on stop. */
  readonly storeDir?: string;
  /** Keep the temp dir (config, log, store) the harness created, e.g. to inspect it. */
  readonly keepStoreDir?: boolean;
  readonly maxPayload?: number;
  /** Appended to the generated config (accounts, authorization, limits, ...). */
  readonly extraConfig?: string;
  /** Where the server's stdout and stderr go (appended); default a file in the temp dir. */
  readonly logFile?: string;
  /** Where the generated config is written; default a file in the temp dir. */
  readonly configFile?: string;
  /**
   * Let the server outlive this process: own process group, no pipes to us, not killed by the
   * exit safety net. Give storeDir, logFile and configFile, or the temp dir stays behind.
   */
  readonly detached?: boolean;
  /**
   * Put the server in its own process group (implied by detached), so a terminal's Ctrl-C
   * reaches only us and we stop the server when we are ready to (e.g. after draining services).
   * Unlike detached, the server still dies with this process.
   */
  readonly ownProcessGroup?: boolean;
  /** default 15 s */
  readonly readyTimeoutMs?: number;
  /** Grace period after SIGTERM before SIGKILL; default 10 s. */
  readonly stopTimeoutMs?: number;
}

const MAX_ATTEMPTS = 5;

/** Starts one nats-server (JetStream on by default) and resolves once clients can use it. */
export function startNatsServer(opts: NatsServerOptions = {}): Promise<NatsServerHandle> {
  return startNatsServerWith(opts, getFreePorts);
}

/** startNatsServer with a swappable port picker, so tests can provoke a lost port race. */
export async function startNatsServerWith(opts: NatsServerOptions, pickPorts: PortPicker): Promise<NatsServerHandle> {
  const binary = findNatsServer(opts.binary);
  const host = opts.host ?? "127.0.0.1";
  const detached = opts.detached ?? false;
  const needsTemp = opts.storeDir === undefined || opts.logFile === undefined || opts.configFile === undefined;
  const ownedDir = needsTemp ? mkdtempSync(join(tmpdir(), "castore-nats-")) : undefined;
  if (ownedDir !== undefined && !detached) trackDir(ownedDir);
  const inTemp = (name: string): string => join(ownedDir ?? tmpdir(), name);
  const serverName = opts.serverName ?? `castore-${randomBytes(4).toString("hex")}`;

  for (let attempt = 1; ; attempt++) {
    const missing = (opts.port === undefined ? 1 : 0) + (opts.monitorPort === undefined ? 1 : 0);
    const free = missing > 0 ? await pickPorts(missing, host) : [];
    const picked = new Set<number>();
    const next = (): number => {
      const p = free.shift();
      if (p === undefined) throw new Error("port picker returned too few ports");
      picked.add(p);
      return p;
    };
    const port = opts.port ?? next();
    const monitorPort = opts.monitorPort ?? next();
    const spec: ProcessSpec = {
      binary,
      host,
      config: {
        serverName,
        host,
        port,
        monitorPort,
        jetstream: opts.jetstream ?? true,
        storeDir: opts.storeDir ?? inTemp("store"),
        maxPayload: opts.maxPayload,
        extraConfig: opts.extraConfig,
      },
      configFile: opts.configFile ?? inTemp("nats-server.conf"),
      logFile: opts.logFile ?? inTemp("nats-server.log"),
      ownedDir,
      keep: opts.keepStoreDir ?? false,
      detached,
      ownProcessGroup: opts.ownProcessGroup ?? false,
      readyTimeoutMs: opts.readyTimeoutMs ?? 15_000,
      stopTimeoutMs: opts.stopTimeoutMs ?? 10_000,
    };
    const server = new NatsServerProcess(spec);
    try {
      await server.launch();
      return server;
    } catch (err) {
      // Only a port we picked can have been lost to a race; a taken fixed port is the caller's.
      const lostRace = err instanceof NatsServerStartError && err.portInUse !== undefined && picked.has(err.portInUse);
      if (lostRace && attempt < MAX_ATTEMPTS) continue;
      removeOwnedDir(spec);
      throw err;
    }
  }
}
