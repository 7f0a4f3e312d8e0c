#!/usr/bin/env node
// Readiness/liveness probe of a castore service container (deploy/k8s/castore.yaml): connects to
// NATS as the service does (CASTORE_NATS_URL) and asks `$SRV.PING.castore-<name>`; exit 0 if a
// replica of that service answers within 5 s. It shows the service is reachable on NATS, not that
// this very pod answered (micro services do not say which pod they run in).
import { connect } from "@nats-io/transport-node";

const name = process.argv[2] ?? process.env.CASTORE_PROBE_SERVICE;
const urls = (process.env.CASTORE_NATS_URL ?? "").split(",").filter(Boolean).map((u) => new URL(u));
if (!name || urls.length === 0) {
  console.error("usage: CASTORE_NATS_URL=… node deploy/probe.mjs blob|directory|pathinfo");
  process.exit(2);
}
try {
  const nc = await connect({
    servers: urls.map((u) => `${u.hostname}:${u.port || 4222}`),
    user: decodeURIComponent(urls[0].username) || undefined,
    pass: decodeURIComponent(urls[0].password) || undefined,
    timeout: 5000,
  });
  await nc.request(`$SRV.PING.castore-${name}`, undefined, { timeout: 5000 });
  await nc.close();
} catch (e) {
  console.error(`castore-${name} probe: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
