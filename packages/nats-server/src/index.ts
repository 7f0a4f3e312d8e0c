// Runs nats-server for tests and for the CLI's embedded store: single servers, JetStream
// clusters, node:test helpers that always clean up, and an opt-in Docker path.
export { findNatsServer } from "./binary.js";
export { startNatsCluster } from "./cluster.js";
export type { NatsClusterHandle, NatsClusterOptions } from "./cluster.js";
export { startNatsContainer } from "./docker.js";
export type { NatsContainerOptions } from "./docker.js";
export type { NatsEndpoint, NatsServerHandle } from "./handle.js";
export { isProcessAlive, stopPid } from "./pid.js";
export { getFreePorts } from "./ports.js";
export { getJson, parseNatsUrl, readServerInfo } from "./probe.js";
export type { HttpJson, ServerInfo } from "./probe.js";
export { NatsServerStartError } from "./process.js";
export { startNatsServer } from "./server.js";
export type { NatsServerOptions } from "./server.js";
export { withNatsCluster, withNatsProcess, withNatsServer } from "./testing.js";
export type { NatsTestBackend, TestScope, WithNatsServerOptions } from "./testing.js";
