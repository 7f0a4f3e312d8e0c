// node:test helpers: each starts NATS and registers its stop with the test (or suite) that asked
// for it, so the server goes away when that test ends, passed or failed.
import { startNatsCluster, type NatsClusterHandle, type NatsClusterOptions } from "./cluster.js";
import { startNatsContainer } from "./docker.js";
import type { NatsEndpoint, NatsServerHandle } from "./handle.js";
import { startNatsServer, type NatsServerOptions } from "./server.js";

/**
 * Anything with an `after` hook: a node:test TestContext (`t`), or `{ after }` imported from
 * node:test for a whole file or suite.
 */
export interface TestScope {
  after(fn: () => unknown): void;
}

export type NatsTestBackend = "process" | "docker";

export interface WithNatsServerOptions extends NatsServerOptions {
  /** default: "docker" when CASTORE_TEST_NATS=docker, else "process" */
  readonly backend?: NatsTestBackend;
  /** Docker image for the docker backend; default CASTORE_TEST_NATS_IMAGE, else nats:2.9.10. */
  readonly image?: string;
}

// An empty variable counts as unset (DESIGN §7).
const env = (name: string): string | undefined => {
  const v = process.env[name];
  return v === undefined || v === "" ? undefined : v;
};

function backendFromEnv(): NatsTestBackend {
  const v = env("CASTORE_TEST_NATS");
  if (v === undefined || v === "process") return "process";
  if (v === "docker") return "docker";
  throw new Error(`CASTORE_TEST_NATS must be "docker" or "process", got ${JSON.stringify(v)}`);
}

/**
 * A NATS server with JetStream for one test or suite: a local nats-server process, or a
 * container when CASTORE_TEST_NATS=docker. For fault injection use withNatsProcess.
 */
export async function withNatsServer(scope: TestScope, opts: WithNatsServerOptions = {}): Promise<NatsEndpoint> {
  const backend = opts.backend ?? backendFromEnv();
  if (backend === "process") return withNatsProcess(scope, opts);
  const image = opts.image ?? env("CASTORE_TEST_NATS_IMAGE");
  const server = await startNatsContainer({
    ...(image === undefined ? {} : { image }),
    ...(opts.jetstream === undefined ? {} : { jetstream: opts.jetstream }),
    ...(opts.maxPayload === undefined ? {} : { maxPayload: opts.maxPayload }),
    ...(opts.extraConfig === undefined ? {} : { extraConfig: opts.extraConfig }),
  });
  scope.after(() => server.stop());
  return server;
}

/** A local nats-server process (kill/restart/signal for fault tests), stopped after the scope. */
export async function withNatsProcess(scope: TestScope, opts: NatsServerOptions = {}): Promise<NatsServerHandle> {
  const server = await startNatsServer(opts);
  scope.after(() => server.stop());
  return server;
}

/** A JetStream cluster (3 nodes by default), stopped after the scope. */
export async function withNatsCluster(scope: TestScope, opts: NatsClusterOptions = {}): Promise<NatsClusterHandle> {
  const cluster = await startNatsCluster(opts);
  scope.after(() => cluster.stop());
  return cluster;
}
