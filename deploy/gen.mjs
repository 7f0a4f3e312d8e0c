#!/usr/bin/env node
// Writes deploy/'s nats-server configurations (accounts, users, least-privilege permissions),
// the compose file and the Kubernetes manifests from castore's own constants — the subjects and
// bucket names of @castore/core — so a permission can never name a subject the code does not use,
// nor miss one it does. The committed files are its output; a test checks they are current.
//
//   node deploy/gen.mjs            rewrite the committed files
//   node deploy/gen.mjs --check    exit 1 naming every committed file that differs
//   node deploy/gen.mjs local DIR BASEPORT
//                                  the loopback cluster of deploy/local/cluster.sh: node configs,
//                                  random passwords (kept if DIR/secrets.env exists) and the URLs
//
// Needs the build (`npm run build`): it imports @castore/core's dist.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { blobSubjects, bucketName, directorySubjects, pathInfoSubjects, validatePrefix } from "@castore/core";

const here = dirname(fileURLToPath(import.meta.url));

/**
 * The tenants of the shipped configurations: one NATS account per subject prefix, with its
 * JetStream limits. Edit here and run `node deploy/gen.mjs`.
 */
export const TENANTS = [
  { prefix: "castore", account: "CASTORE", maxFile: "100G", maxMem: "1G" },
  { prefix: "team-b", account: "TEAM_B", maxFile: "10G", maxMem: "256M" },
];

/** The JetStream domain of the hub (the cluster) and of the edge (a leaf node). */
export const HUB_DOMAIN = "hub";
export const EDGE_DOMAIN = "edge";

/** Bucket kinds by the component whose code opens them (services/*\/src/jetstream.ts, staging, nar-index). */
const BLOB_KINDS = ["chunks", "chunksizes", "blobs", "trees", "packs"];
export const BUCKETS = {
  // the blob service: its store and its commit staging
  blob: { write: [...BLOB_KINDS, "commits"], read: [] },
  // the directory service: its store and staging; directories over 256 KiB are written as blobs in-process
  directory: { write: ["dirs", "dirpages", ...BLOB_KINDS], read: [] },
  // the path-info service: its records; it reads (and renders NARs from) blobs and directories in-process,
  // and writes missing pack parts it had to read file by file (best effort)
  pathinfo: { write: ["pathinfo", "pathsigs", "narcache", "packs"], read: ["chunks", "chunksizes", "blobs", "trees", "dirs"] },
  // the nar-bridge: the NAR-hash index of uploads; everything else through the services
  "nar-bridge": { write: ["narindex"], read: [] },
};

/** Stream of a KV bucket. */
const stream = (bucket) => `KV_${bucket}`;

/**
 * The JetStream API a user needs for one bucket, under the API prefix `api` (`$JS.API`, or
 * `$JS.<domain>.API` across a leaf node). Reading: stream info, direct and leader gets, consumers
 * (key listings, ordered reads), and creating the stream if absent. Writing adds updating the
 * stream and publishing to its subjects (`$KV.<bucket>.>`): puts, compare-and-set, deletes and
 * purges of keys.
 */
function bucketApi(bucket, api, write) {
  const s = stream(bucket);
  const subjects = [
    `${api}.STREAM.INFO.${s}`,
    `${api}.DIRECT.GET.${s}`,
    `${api}.DIRECT.GET.${s}.>`,
    `${api}.STREAM.MSG.GET.${s}`,
    `${api}.CONSUMER.CREATE.${s}`,
    `${api}.CONSUMER.CREATE.${s}.>`,
    `${api}.CONSUMER.DELETE.${s}.>`,
    `${api}.CONSUMER.INFO.${s}.>`,
    `${api}.CONSUMER.MSG.NEXT.${s}.>`,
    `$JS.FC.${s}.>`,
    `$JS.ACK.${s}.>`,
    // Opening a bucket creates it if absent (with its owner's settings), whoever starts first.
    `${api}.STREAM.CREATE.${s}`,
  ];
  // Across a domain, nats.js publishes a key to `$JS.<domain>.API.$KV.<bucket>.<key>` (mapped at the hub).
  if (write) subjects.push(`${api}.STREAM.UPDATE.${s}`, `${api === "$JS.API" ? "" : `${api}.`}$KV.${bucket}.>`);
  return subjects;
}

const apiPrefixes = (domain) => (domain === undefined ? ["$JS.API"] : ["$JS.API", `$JS.${domain}.API`]);

/** Request subjects of each service, from @castore/core. */
function serviceSubjects(prefix) {
  return {
    blob: `${validatePrefix(prefix)}.blob.v1.>`,
    directory: `${prefix}.directory.v1.>`,
    pathinfo: `${prefix}.pathinfo.v1.>`,
  };
}

/** What a `reader` may ask: stat, read, get, list, nar — and report a bad chunk (recheck). */
function readerSubjects(prefix) {
  const b = blobSubjects(prefix);
  const d = directorySubjects(prefix);
  const p = pathInfoSubjects(prefix);
  return [b.stat, b.missing, b.getChunk, b.chunk, b.tree, b.relay, b.packGet, b.recheck, d.get, p.get, p.list, p.calculateNar];
}

// Discovery and the client's liveness checks (`$SRV.PING.castore-blob`, …), within the account.
const DISCOVERY = ["$SRV.PING", "$SRV.PING.>", "$SRV.INFO", "$SRV.INFO.>", "$SRV.STATS", "$SRV.STATS.>"];

const uniq = (xs) => [...new Set(xs)];

/**
 * Every user of a tenant with its permissions. `domains`: the JetStream domains whose API the
 * services may reach besides their own (at an edge: the hub's, across the leaf node).
 */
export function tenantUsers(tenant, { domain } = {}) {
  const { prefix } = tenant;
  const apis = apiPrefixes(domain);
  const svc = serviceSubjects(prefix);
  const buckets = (name) =>
    apis.flatMap((api) => [
      "$JS.API.INFO".replace("$JS.API", api),
      ...BUCKETS[name].write.flatMap((k) => bucketApi(bucketName(prefix, k), api, true)),
      ...BUCKETS[name].read.flatMap((k) => bucketApi(bucketName(prefix, k), api, false)),
    ]);
  const service = (name, serves, calls = []) => ({
    publish: uniq([...buckets(name), ...calls, ...DISCOVERY]),
    subscribe: uniq([...serves, "$SRV.>", "_INBOX.>"]),
    allowResponses: true,
  });
  const chunksDirect = apis.flatMap((api) => [`${api}.DIRECT.GET.${stream(bucketName(prefix, "chunks"))}`, `${api}.DIRECT.GET.${stream(bucketName(prefix, "chunks"))}.>`]);
  const users = {
    blob: service("blob", [svc.blob]),
    directory: service("directory", [svc.directory]),
    pathinfo: service("pathinfo", [svc.pathinfo]),
    "nar-bridge": service("nar-bridge", [], [svc.blob, svc.directory, svc.pathinfo]),
    reader: { publish: uniq([...readerSubjects(prefix), ...chunksDirect, ...DISCOVERY]), subscribe: ["_INBOX.>"] },
    writer: { publish: uniq([svc.blob, svc.directory, svc.pathinfo, ...chunksDirect, ...DISCOVERY]), subscribe: ["_INBOX.>"] },
  };
  // `castore serve` (the three services and the bridge in one process): their union.
  const parts = [users.blob, users.directory, users.pathinfo, users["nar-bridge"]];
  users.serve = {
    publish: uniq(parts.flatMap((u) => u.publish)),
    subscribe: uniq(parts.flatMap((u) => u.subscribe)),
    allowResponses: true,
  };
  // gc, fsck, pins, path-info delete, and the leaf node's link: the whole account (it is the tenant's).
  users.admin = { publish: [">"], subscribe: [">"] };
  return users;
}

/** A user's name on the server (names are global across accounts): `<prefix>-<role>`. */
export const userName = (tenant, role) => `${tenant.prefix}-${role}`;
/** The environment variable that holds a user's password. */
export const passwordVar = (tenant, role) => `CASTORE_PW_${tenant.account}_${role.toUpperCase().replaceAll("-", "_")}`;
export const ROLES = ["blob", "directory", "pathinfo", "nar-bridge", "serve", "reader", "writer", "admin"];

const q = (s) => JSON.stringify(s);

function renderPermissions(p, indent) {
  const pad = " ".repeat(indent);
  const list = (xs) => `[\n${xs.map((x) => `${pad}    ${q(x)}`).join(",\n")}\n${pad}  ]`;
  const lines = [`${pad}permissions: {`, `${pad}  publish: { allow: ${list(p.publish)} }`.replace(/\n/g, "\n"), `${pad}  subscribe: { allow: ${list(p.subscribe)} }`];
  if (p.allowResponses) lines.push(`${pad}  allow_responses: true`);
  lines.push(`${pad}}`);
  return lines.join("\n");
}

/**
 * The `accounts { … }` block: one account per tenant with its JetStream limits and users, whose
 * passwords are environment variables (nats-server substitutes `$NAME`), so no secret is committed.
 */
export function renderAccounts(tenants = TENANTS, { domain, limits = true, nkeys = {} } = {}) {
  const out = [
    "# Generated by deploy/gen.mjs from @castore/core's subjects and bucket names; do not edit.",
    "# One account per tenant (subject prefix); passwords come from the environment variables named.",
    "accounts {",
  ];
  for (const t of tenants) {
    validatePrefix(t.prefix);
    const users = tenantUsers(t, { domain });
    out.push(`  ${t.account}: {`);
    out.push(limits ? `    jetstream: { max_file: ${t.maxFile}, max_mem: ${t.maxMem} }` : `    jetstream: enabled`);
    out.push(`    users: [`);
    for (const role of ROLES) {
      out.push(`      # ${t.prefix}: ${role}`);
      // A user given a public nkey (`nkeys[<prefix>-<role>]`) signs in with its seed instead of a password.
      const nkey = nkeys[userName(t, role)];
      out.push(`      {`, ...(nkey === undefined ? [`        user: ${q(userName(t, role))}`, `        password: $${passwordVar(t, role)}`] : [`        nkey: ${q(nkey)}`]));
      out.push(renderPermissions(users[role], 8));
      out.push(`      }`);
    }
    out.push(`    ]`, `  }`);
  }
  out.push("}", "");
  return out.join("\n");
}

const HEADER = (what) => `# ${what}\n# Generated by deploy/gen.mjs; do not edit. Passwords: the CASTORE_PW_* environment variables.\n`;

/** One node with JetStream: a laptop, a VM, the compose file's `nats`. */
export function renderSingle() {
  return (
    HEADER("castore on one nats-server with JetStream (R1 buckets: --replicas 1).") +
    [
      `server_name: $NATS_SERVER_NAME`,
      `listen: "0.0.0.0:4222"`,
      `http: "0.0.0.0:8222"`,
      `jetstream { store_dir: "/data/jetstream", domain: ${HUB_DOMAIN} }`,
      `leafnodes { listen: "0.0.0.0:7422" }`,
      `include "accounts.conf"`,
      ``,
    ].join("\n")
  );
}

/** One member of a 3-node JetStream cluster (nats-1 … nats-3); castore runs with --replicas 3. */
export function renderClusterNode() {
  return (
    HEADER("castore on a 3-node JetStream cluster (hosts nats-1, nats-2, nats-3; R3 buckets: --replicas 3).") +
    [
      `server_name: $NATS_SERVER_NAME`,
      `listen: "0.0.0.0:4222"`,
      `http: "0.0.0.0:8222"`,
      `jetstream { store_dir: "/data/jetstream", domain: ${HUB_DOMAIN} }`,
      `cluster {`,
      `  name: castore`,
      `  listen: "0.0.0.0:6222"`,
      `  routes: ["nats-route://nats-1:6222", "nats-route://nats-2:6222", "nats-route://nats-3:6222"]`,
      `}`,
      `leafnodes { listen: "0.0.0.0:7422" }`,
      `include "accounts.conf"`,
      ``,
    ].join("\n")
  );
}

/**
 * An edge nats-server joining the hub as a leaf node, with its own JetStream domain: each tenant's
 * account is linked to the same account at the hub (through the hub's `<prefix>-admin` user,
 * given as a URL in `$CASTORE_LEAF_URL_<ACCOUNT>`). castore at the edge keeps its buckets at the hub
 * (`--js-domain hub`) or at the edge (`--js-domain edge`, e.g. a cache of the hub's store).
 */
export function renderEdge() {
  return (
    HEADER("An edge nats-server: a leaf node of the hub with its own JetStream domain.") +
    [
      `server_name: $NATS_SERVER_NAME`,
      `listen: "0.0.0.0:4222"`,
      `http: "0.0.0.0:8222"`,
      `jetstream { store_dir: "/data/jetstream", domain: ${EDGE_DOMAIN} }`,
      `leafnodes {`,
      `  remotes: [`,
      ...TENANTS.map((t) => `    { urls: [ $CASTORE_LEAF_URL_${t.account} ], account: ${t.account} }`),
      `  ]`,
      `}`,
      `include "accounts-edge.conf"`,
      ``,
    ].join("\n")
  );
}

// ---- the loopback cluster of deploy/local/cluster.sh --------------------------------------------

/** Ports of the loopback cluster from its base port. */
export function localPorts(base) {
  const node = (i) => ({ client: base + i - 1, cluster: base + 10 + i, monitor: base + 20 + i, leaf: base + 30 + i });
  return { nodes: [1, 2, 3].map(node), http: [base + 41, base + 42], edge: { client: base + 50, monitor: base + 51 } };
}

/**
 * A random password that nats-server reads back from its environment as a string: it parses a
 * variable's value as configuration, so a value like "4e51…" would become a number.
 */
export const newPassword = () => `pw${randomBytes(12).toString("hex")}`;

/**
 * writeFileSync through a temporary file and a rename, so a concurrent reader (another cluster.sh
 * command, a nats-server starting) sees the old file or the new one, never a part.
 */
function writeAtomic(file, data, opts = {}) {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, data, opts);
  renameSync(tmp, file);
}

function readSecrets(file) {
  const env = {};
  if (!existsSync(file)) return env;
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line);
    if (m) env[m[1]] = m[2];
  }
  return env;
}

/** Writes DIR/secrets.env (once), DIR/nats/n{1,2,3}.conf, DIR/nats/edge.conf and DIR/urls.env. */
export function writeLocal(dir, base) {
  const ports = localPorts(base);
  mkdirSync(join(dir, "nats"), { recursive: true });
  const secretsFile = join(dir, "secrets.env");
  const secrets = readSecrets(secretsFile);
  let fresh = false;
  for (const t of TENANTS) for (const r of ROLES) secrets[passwordVar(t, r)] ??= ((fresh = true), newPassword());
  // Rewritten only when a password was made: cluster.sh runs this on every command, several at
  // once (the tests kill four services in parallel); a reader that caught the file half written
  // made new passwords for the running servers, whose restarted services were then refused.
  if (fresh) writeAtomic(secretsFile, Object.entries(secrets).map(([k, v]) => `${k}=${v}`).join("\n") + "\n", { mode: 0o600 });
  writeAtomic(join(dir, "nats", "accounts.conf"), renderAccounts(TENANTS, { limits: false }));
  writeAtomic(join(dir, "nats", "accounts-edge.conf"), renderAccounts(TENANTS, { domain: HUB_DOMAIN, limits: false }));
  const routes = ports.nodes.map((n) => q(`nats-route://127.0.0.1:${n.cluster}`)).join(", ");
  for (const [i, n] of ports.nodes.entries()) {
    writeAtomic(
      join(dir, "nats", `n${i + 1}.conf`),
      [
        "# Written by deploy/gen.mjs local (deploy/local/cluster.sh); rewritten on every `up`.",
        `server_name: "castore-local-n${i + 1}"`,
        `listen: "127.0.0.1:${n.client}"`,
        `http: "127.0.0.1:${n.monitor}"`,
        `jetstream { store_dir: ${q(join(dir, "data", `n${i + 1}`))}, domain: ${HUB_DOMAIN} }`,
        `cluster { name: castore-local, listen: "127.0.0.1:${n.cluster}", routes: [${routes}] }`,
        `leafnodes { listen: "127.0.0.1:${n.leaf}" }`,
        `include "accounts.conf"`,
        "",
      ].join("\n"),
    );
  }
  const leafUrls = (t) => ports.nodes.map((n) => q(`nats-leaf://${userName(t, "admin")}:${secrets[passwordVar(t, "admin")]}@127.0.0.1:${n.leaf}`)).join(", ");
  writeAtomic(
    join(dir, "nats", "edge.conf"),
    [
      "# Written by deploy/gen.mjs local: the edge (a leaf node of the loopback cluster, domain edge).",
      `server_name: "castore-local-edge"`,
      `listen: "127.0.0.1:${ports.edge.client}"`,
      `http: "127.0.0.1:${ports.edge.monitor}"`,
      `jetstream { store_dir: ${q(join(dir, "data", "edge"))}, domain: ${EDGE_DOMAIN} }`,
      `leafnodes { remotes: [`,
      ...TENANTS.map((t) => `  { urls: [${leafUrls(t)}], account: ${t.account} }`),
      `] }`,
      `include "accounts-edge.conf"`,
      "",
    ].join("\n"),
  );
  // URLs with credentials, per tenant and role: what cluster.sh prints and hands to the services.
  const urls = {};
  for (const t of TENANTS) {
    for (const r of ROLES) {
      const cred = `${userName(t, r)}:${secrets[passwordVar(t, r)]}`;
      const key = `URL_${t.account}_${r.toUpperCase().replaceAll("-", "_")}`;
      urls[key] = ports.nodes.map((n) => `nats://${cred}@127.0.0.1:${n.client}`).join(",");
      urls[`EDGE_${key}`] = `nats://${cred}@127.0.0.1:${ports.edge.client}`;
    }
  }
  const lines = [
    `PORTS_CLIENT="${ports.nodes.map((n) => n.client).join(" ")}"`,
    `PORTS_MONITOR="${ports.nodes.map((n) => n.monitor).join(" ")}"`,
    `PORTS_HTTP="${ports.http.join(" ")}"`,
    `EDGE_CLIENT=${ports.edge.client}`,
    `EDGE_MONITOR=${ports.edge.monitor}`,
    `TENANTS="${TENANTS.map((t) => `${t.prefix}:${t.account}`).join(" ")}"`,
    ...Object.entries(urls).map(([k, v]) => `${k}=${v}`),
  ];
  writeAtomic(join(dir, "urls.env"), lines.join("\n") + "\n", { mode: 0o600 });
}

// ---- compose and Kubernetes ----------------------------------------------------------------------

/** A YAML rendering of plain data (maps, lists, strings, numbers, booleans), strings JSON-quoted. */
export function toYaml(value, indent = 0) {
  const pad = " ".repeat(indent);
  const scalar = (v) => (typeof v === "string" ? q(v) : String(v));
  const isScalar = (v) => v === null || typeof v !== "object";
  if (Array.isArray(value)) {
    if (value.length === 0) return `${pad}[]\n`;
    return value
      .map((v) => {
        if (isScalar(v)) return `${pad}- ${scalar(v)}\n`;
        const inner = toYaml(v, indent + 2);
        return `${pad}- ${inner.slice(indent + 2)}`;
      })
      .join("");
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return `${pad}{}\n`;
  return entries
    .map(([k, v]) => {
      const key = /^[A-Za-z0-9_.\/-]+$/.test(k) ? k : q(k);
      if (isScalar(v)) return `${pad}${key}: ${scalar(v)}\n`;
      if (Array.isArray(v) && v.length === 0) return `${pad}${key}: []\n`;
      if (!Array.isArray(v) && Object.keys(v).length === 0) return `${pad}${key}: {}\n`;
      return `${pad}${key}:\n${toYaml(v, Array.isArray(v) ? indent + 2 : indent + 2)}`;
    })
    .join("");
}

const IMAGE = "castore:0.1.0";
/** Each castore process as deployed: the command of the image and the CASTORE_* settings it takes. */
export const COMPONENTS = {
  blob: { command: ["node", "services/blob/dist/main.js"], replicas: 2 },
  directory: { command: ["node", "services/directory/dist/main.js"], replicas: 2 },
  pathinfo: { command: ["node", "services/pathinfo/dist/main.js"], replicas: 2 },
  "nar-bridge": { command: ["node", "services/nar-bridge/dist/main.js"], replicas: 2, http: 8080 },
};

const natsUrl = (hosts, t, role) => hosts.map((h) => `nats://${userName(t, role)}:\${${passwordVar(t, role)}}@${h}:4222`).join(",");

/** The compose file: a 3-node cluster and two replicas of every castore component, tenant castore. */
export function composeSpec() {
  const t = TENANTS[0];
  const hosts = ["nats-1", "nats-2", "nats-3"];
  const services = {};
  const pwEnv = Object.fromEntries(TENANTS.flatMap((x) => ROLES.map((r) => [passwordVar(x, r), `\${${passwordVar(x, r)}:?set it in .env}`])));
  for (const [i, h] of hosts.entries()) {
    services[h] = {
      image: "nats:2.10-alpine",
      command: ["-c", "/etc/nats/cluster.conf"],
      environment: { NATS_SERVER_NAME: h, ...pwEnv },
      volumes: ["./nats:/etc/nats:ro", `${h}-data:/data`],
      ...(i === 0 ? { ports: ["4222:4222", "8222:8222"] } : {}),
      healthcheck: { test: ["CMD", "wget", "-qO-", "http://127.0.0.1:8222/healthz"], interval: "5s", retries: 12 },
    };
  }
  for (const [name, c] of Object.entries(COMPONENTS)) {
    services[name] = {
      image: IMAGE,
      build: { context: "..", dockerfile: "deploy/Dockerfile" },
      command: c.command,
      environment: {
        CASTORE_NATS_URL: natsUrl(hosts, t, name),
        CASTORE_PREFIX: t.prefix,
        CASTORE_REPLICAS: "3",
        ...(c.http ? { CASTORE_HTTP: `:${c.http}` } : {}),
      },
      deploy: { replicas: c.replicas },
      depends_on: Object.fromEntries(hosts.map((h) => [h, { condition: "service_healthy" }])),
      restart: "unless-stopped",
      ...(c.http ? { ports: [`${c.http}-${c.http + 1}:${c.http}`] } : {}),
    };
  }
  return { name: "castore", services, volumes: Object.fromEntries(hosts.map((h) => [`${h}-data`, {}])) };
}

/** Kubernetes: one Deployment per component (and a Service for the bridge), one Secret of URLs. */
export function k8sManifests() {
  const t = TENANTS[0];
  const hosts = ["nats"]; // the Helm chart's client Service
  const docs = [];
  docs.push({
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: "castore-nats", labels: { "app.kubernetes.io/part-of": "castore" } },
    type: "Opaque",
    stringData: Object.fromEntries(Object.keys(COMPONENTS).map((n) => [n, natsUrl(hosts, t, n).replace(/\$\{[A-Z0-9_]+\}/, "CHANGE-ME")])),
  });
  for (const [name, c] of Object.entries(COMPONENTS)) {
    const labels = { "app.kubernetes.io/name": `castore-${name}`, "app.kubernetes.io/part-of": "castore" };
    const probe = c.http
      ? { httpGet: { path: "/nix-cache-info", port: "http" }, periodSeconds: 10 }
      : { exec: { command: ["node", "deploy/probe.mjs", name] }, periodSeconds: 20, timeoutSeconds: 10 };
    docs.push({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: `castore-${name}`, labels },
      spec: {
        replicas: c.replicas,
        selector: { matchLabels: { "app.kubernetes.io/name": `castore-${name}` } },
        template: {
          metadata: { labels },
          spec: {
            securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001 },
            terminationGracePeriodSeconds: 30,
            containers: [
              {
                name,
                image: IMAGE,
                command: c.command,
                env: [
                  { name: "CASTORE_NATS_URL", valueFrom: { secretKeyRef: { name: "castore-nats", key: name } } },
                  { name: "CASTORE_PREFIX", value: t.prefix },
                  { name: "CASTORE_REPLICAS", value: "3" },
                  ...(c.http ? [{ name: "CASTORE_HTTP", value: `:${c.http}` }] : []),
                ],
                ...(c.http ? { ports: [{ name: "http", containerPort: c.http }] } : {}),
                readinessProbe: { ...probe, initialDelaySeconds: 5 },
                livenessProbe: { ...probe, initialDelaySeconds: 30, failureThreshold: 3 },
                resources: {
                  requests: { cpu: "250m", memory: "256Mi" },
                  limits: { cpu: "2", memory: "768Mi" },
                },
                securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
              },
            ],
          },
        },
      },
    });
    if (c.http) {
      docs.push({
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: `castore-${name}`, labels },
        spec: { selector: { "app.kubernetes.io/name": `castore-${name}` }, ports: [{ name: "http", port: 80, targetPort: "http" }] },
      });
    }
  }
  return docs;
}

/** Values for the official NATS Helm chart (nats-io/k8s, chart `nats` 1.x): 3 nodes, JetStream, our accounts. */
export function helmValues() {
  return {
    config: {
      cluster: { enabled: true, replicas: 3, name: "castore" },
      jetstream: {
        enabled: true,
        fileStore: { enabled: true, pvc: { enabled: true, size: "100Gi" } },
        merge: { domain: HUB_DOMAIN },
      },
      leafnodes: { enabled: true },
      monitor: { enabled: true },
      merge: { $include: "castore/accounts.conf" },
    },
    configMap: { merge: {} },
    container: { env: Object.fromEntries(TENANTS.flatMap((x) => ROLES.map((r) => [passwordVar(x, r), { valueFrom: { secretKeyRef: { name: "castore-nats-passwords", key: passwordVar(x, r) } } }]))) },
    podTemplate: {
      merge: { spec: { volumes: [{ name: "castore-accounts", configMap: { name: "castore-nats-accounts" } }] } },
    },
    natsBox: { enabled: false },
  };
}

/** Every committed file gen writes, by path relative to deploy/. */
export function committedFiles() {
  const yamlDocs = (docs) => "# Generated by deploy/gen.mjs; do not edit.\n" + docs.map((d) => `---\n${toYaml(d)}`).join("");
  return {
    "nats/accounts.conf": renderAccounts(TENANTS),
    "nats/accounts-edge.conf": renderAccounts(TENANTS, { domain: HUB_DOMAIN }),
    "nats/single.conf": renderSingle(),
    "nats/cluster.conf": renderClusterNode(),
    "nats/edge.conf": renderEdge(),
    "compose.yaml": "# Generated by deploy/gen.mjs; do not edit. Passwords: CASTORE_PW_* in deploy/.env.\n" + toYaml(composeSpec()),
    "k8s/castore.yaml": yamlDocs(k8sManifests()),
    "k8s/nats-values.yaml": "# Generated by deploy/gen.mjs; do not edit. For: helm install nats nats/nats -f deploy/k8s/nats-values.yaml\n" + toYaml(helmValues()),
  };
}

function main(argv) {
  const [cmd, ...rest] = argv;
  if (cmd === "local") {
    const [dir, base] = rest;
    if (dir === undefined || !/^[0-9]+$/.test(base ?? "")) throw new Error("usage: gen.mjs local DIR BASEPORT");
    writeLocal(dir, Number(base));
    return 0;
  }
  const files = committedFiles();
  if (cmd === "--check") {
    const stale = Object.entries(files).filter(([p, text]) => !existsSync(join(here, p)) || readFileSync(join(here, p), "utf8") !== text);
    for (const [p] of stale) process.stderr.write(`deploy/${p} is not what deploy/gen.mjs writes; run node deploy/gen.mjs\n`);
    return stale.length === 0 ? 0 : 1;
  }
  if (cmd !== undefined) throw new Error(`unknown argument ${q(cmd)}; usage: gen.mjs [--check | local DIR BASEPORT]`);
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(here, p)), { recursive: true });
    writeFileSync(join(here, p), text);
  }
  return 0;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = main(process.argv.slice(2));
}
