#!/usr/bin/env node
// Health checks of the loopback cluster, through nats-server's monitoring port (no credentials):
//   status.mjs --healthy PORT            exit 0 if /healthz answers ok
//   status.mjs --leafs PORT              exit 0 if the server has a leaf connection
//   status.mjs --wait-meta "P1 P2 P3"    wait (60 s) until every node agrees on one meta leader of all nodes
//   status.mjs --streams "P1 P2 P3"      exit 0 only if every castore stream (KV_castore-*) has a
//                                        leader that sees all its replicas current; prints each stream
const [mode, arg] = process.argv.slice(2);
const ports = (arg ?? "").split(/\s+/).filter(Boolean).map(Number);

async function get(port, path) {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(2000) });
  return { status: res.status, body: await res.json().catch(() => null) };
}

async function meta() {
  const views = await Promise.all(ports.map((p) => get(p, "/jsz").then((r) => r.body?.meta_cluster, () => undefined)));
  const leader = views[0]?.leader;
  // The leader's view must show every peer current (a fresh cluster elects before it catches up).
  const leaderView = views.find((v) => (v?.replicas ?? []).length === ports.length - 1 && v?.leader === leader);
  const current = (leaderView?.replicas ?? []).every((r) => r.current === true && r.offline !== true);
  const ok = leader !== undefined && views.every((v) => v?.leader === leader && v?.cluster_size === ports.length) && leaderView !== undefined && current;
  return { ok, leader };
}

async function streams() {
  // Each node reports the streams it holds a replica of; the leader's view says who is current.
  const byName = new Map();
  for (const p of ports) {
    let r;
    try {
      r = await get(p, "/jsz?accounts=true&streams=true&config=true");
      r.server = (await get(p, "/varz")).body?.server_name;
    } catch {
      continue; // a node that is down: its streams are judged by their leaders elsewhere
    }
    const server = r.server;
    for (const acc of r.body?.account_details ?? []) {
      for (const s of acc.stream_detail ?? []) {
        if (!s.name.startsWith("KV_castore-")) continue;
        const key = `${acc.name}/${s.name}`;
        const entry = byName.get(key) ?? { replicas: s.config?.num_replicas ?? 1, leaderView: undefined };
        if (s.cluster?.leader === server) entry.leaderView = s.cluster;
        byName.set(key, entry);
      }
    }
  }
  let ok = byName.size > 0;
  if (!ok) console.log("no castore streams found");
  for (const [name, e] of [...byName].sort()) {
    const peers = e.leaderView?.replicas ?? [];
    const lagging = peers.filter((r) => r.current !== true || r.offline === true).map((r) => r.name);
    const good = e.leaderView !== undefined && peers.length === e.replicas - 1 && lagging.length === 0;
    ok &&= good;
    console.log(
      `${name} R${e.replicas} ${good ? "current" : e.leaderView === undefined ? "NO LEADER" : `NOT CURRENT (${lagging.join(", ") || `${peers.length + 1} of ${e.replicas} peers`})`}`,
    );
  }
  return ok;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

if (mode === "--healthy") {
  const r = await get(ports[0], "/healthz").catch(() => ({ status: 0 }));
  process.exitCode = r.status === 200 ? 0 : 1;
} else if (mode === "--leafs") {
  const r = await get(ports[0], "/leafz").catch(() => ({ body: null }));
  process.exitCode = (r.body?.leafnodes ?? 0) > 0 ? 0 : 1;
} else if (mode === "--wait-meta") {
  const until = Date.now() + 60_000;
  for (;;) {
    const m = await meta().catch(() => ({ ok: false }));
    if (m.ok) {
      console.log(`meta leader ${m.leader}`);
      break;
    }
    if (Date.now() > until) {
      console.log("the nodes did not agree on a meta leader within 60 s");
      process.exit(1);
    }
    await sleep(200);
  }
} else if (mode === "--streams") {
  process.exitCode = (await streams()) ? 0 : 1;
} else {
  console.error("usage: status.mjs --healthy PORT | --leafs PORT | --wait-meta PORTS | --streams PORTS");
  process.exitCode = 2;
}
