// NATS in Docker through testcontainers, for machines that prefer containers. Opt-in only
// (CASTORE_TEST_NATS=docker in the test helpers): the default path never touches Docker, and
// testcontainers is not a dependency, so it is loaded on demand.
import { randomBytes } from "node:crypto";
import { renderConfig } from "./config.js";
import { readServerInfo, sleep } from "./probe.js";
import type { NatsEndpoint } from "./handle.js";

export interface NatsContainerOptions {
  /** default `nats:2.9.10`, the version Debian ships */
  readonly image?: string;
  readonly jetstream?: boolean;
  readonly maxPayload?: number;
  readonly extraConfig?: string;
  readonly readyTimeoutMs?: number;
}

// The slice of the testcontainers API used here, so the package compiles without it installed.
interface StartedContainer {
  getHost(): string;
  getMappedPort(port: number): number;
  stop(): Promise<unknown>;
}
interface ContainerBuilder {
  withExposedPorts(...ports: number[]): ContainerBuilder;
  withCopyContentToContainer(files: Array<{ content: string; target: string }>): ContainerBuilder;
  withCommand(command: string[]): ContainerBuilder;
  withWaitStrategy(strategy: unknown): ContainerBuilder;
  withStartupTimeout(ms: number): ContainerBuilder;
  start(): Promise<StartedContainer>;
}
interface Testcontainers {
  GenericContainer: new (image: string) => ContainerBuilder;
  Wait: { forLogMessage(message: string | RegExp): unknown };
}

async function loadTestcontainers(): Promise<Testcontainers> {
  // A variable specifier keeps TypeScript from resolving a package that is not installed.
  const specifier = "testcontainers";
  try {
    return (await import(specifier)) as Testcontainers;
  } catch (err) {
    throw new Error(
      "CASTORE_TEST_NATS=docker needs the testcontainers package: run `npm i -D testcontainers` " +
        "at the repository root (and have Docker running), or unset CASTORE_TEST_NATS",
      { cause: err },
    );
  }
}

const CLIENT_PORT = 4222;
const MONITOR_PORT = 8222;
const CONFIG_PATH = "/etc/castore/nats-server.conf";

export async function startNatsContainer(opts: NatsContainerOptions = {}): Promise<NatsEndpoint> {
  const { GenericContainer, Wait } = await loadTestcontainers();
  const config = renderConfig({
    serverName: `castore-${randomBytes(4).toString("hex")}`,
    host: "0.0.0.0",
    port: CLIENT_PORT,
    monitorPort: MONITOR_PORT,
    jetstream: opts.jetstream ?? true,
    storeDir: "/data",
    maxPayload: opts.maxPayload,
    extraConfig: opts.extraConfig,
  });
  const readyTimeoutMs = opts.readyTimeoutMs ?? 60_000;
  // The official image's entrypoint is the server itself, so the command is just its flags.
  const container = await new GenericContainer(opts.image ?? "nats:2.9.10")
    .withExposedPorts(CLIENT_PORT, MONITOR_PORT)
    .withCopyContentToContainer([{ content: config, target: CONFIG_PATH }])
    .withCommand(["-c", CONFIG_PATH])
    .withWaitStrategy(Wait.forLogMessage(/Server is ready/))
    .withStartupTimeout(readyTimeoutMs)
    .start();
  const host = container.getHost();
  const port = container.getMappedPort(CLIENT_PORT);
  const url = `nats://${host}:${port}`;
  let stopping: Promise<void> | undefined;
  const endpoint: NatsEndpoint = {
    url,
    host,
    port,
    monitorUrl: `http://${host}:${container.getMappedPort(MONITOR_PORT)}`,
    stop: () => (stopping ??= container.stop().then(() => undefined)),
  };
  // The log line can precede the port mapping being usable from the host.
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      await readServerInfo(url, 1000);
      return endpoint;
    } catch (err) {
      if (Date.now() > deadline) {
        await endpoint.stop();
        throw new Error(`NATS container started but ${url} does not answer`, { cause: err });
      }
      await sleep(100);
    }
  }
}
