// Connection security as users configure it, on a nats-server with deploy/gen.mjs's accounts and
// permissions: TLS with a CA made here (openssl; server and client certificates, verified both
// ways), users signing in with nkeys (`--nkey FILE`, a seed file), through `castore serve` and the
// CLI; and per-tenant JetStream account limits: a tenant over its storage limit gets a clear error,
// the other tenant is unaffected.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { after, describe, test } from "node:test";
import { assertSameTree, bytes, castore, finished, freshHome, ok, okJson, start } from "@castore/cli/testing";
import { withNatsProcess } from "@castore/nats-server";
import { createUser } from "@nats-io/nkeys";
import { root } from "./local-cluster.js";

interface Tenant {
  prefix: string;
  account: string;
  maxFile: string;
  maxMem: string;
}
interface Gen {
  TENANTS: Tenant[];
  ROLES: string[];
  userName(t: Tenant, role: string): string;
  renderAccounts(tenants: Tenant[], opts: { nkeys: Record<string, string> }): string;
}

const work = mkdtempSync(join(tmpdir(), "castore-deploy-connection-"));
after(() => rmSync(work, { recursive: true, force: true }));

function openssl(...args: string[]): void {
  execFileSync("openssl", args, { cwd: work, stdio: ["ignore", "ignore", "pipe"] });
}

/** A test CA, a server certificate for 127.0.0.1 and a client certificate, all signed by it. */
function makeCerts(): { ca: string; serverCert: string; serverKey: string; clientCert: string; clientKey: string } {
  openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=castore test CA");
  for (const [name, ext] of [
    ["server", "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth"],
    ["client", "extendedKeyUsage=clientAuth"],
  ] as const) {
    writeFileSync(join(work, `${name}.ext`), ext + "\n");
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", `/CN=castore ${name}`);
    openssl("x509", "-req", "-in", `${name}.csr`, "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", `${name}.pem`, "-days", "2", "-extfile", `${name}.ext`);
  }
  return {
    ca: join(work, "ca.pem"),
    serverCert: join(work, "server.pem"),
    serverKey: join(work, "server.key"),
    clientCert: join(work, "client.pem"),
    clientKey: join(work, "client.key"),
  };
}

describe("connection security as users configure it", { timeout: 300_000 }, () => {
  test("TLS (a test CA) and nkey users through castore serve and the CLI; per-tenant JetStream limits", async (t) => {
    const gen = (await import(pathToFileURL(join(root, "deploy/gen.mjs")).href)) as Gen;
    const certs = makeCerts();
    // Tenant team-b: 600 MiB at first (its two staging buckets reserve 512 MiB when they are made);
    // once its services run, the operator lowers it to 48 MiB (a config reload).
    const tenants = gen.TENANTS.map((x) => (x.prefix === "team-b" ? { ...x, maxFile: "600M" } : { ...x, maxFile: "4G" }));
    const seeds: Record<string, string> = {};
    const nkeys: Record<string, string> = {};
    for (const x of tenants) {
      for (const role of gen.ROLES) {
        const kp = createUser();
        const name = gen.userName(x, role);
        nkeys[name] = kp.getPublicKey();
        const file = join(work, `${name}.nk`);
        writeFileSync(file, new TextDecoder().decode(kp.getSeed()) + "\n", { mode: 0o600 });
        seeds[name] = file;
      }
    }
    const nats = await withNatsProcess(t, {
      extraConfig: [
        `tls { cert_file: ${JSON.stringify(certs.serverCert)}, key_file: ${JSON.stringify(certs.serverKey)}, ca_file: ${JSON.stringify(certs.ca)}, verify: true, timeout: 5 }`,
        gen.renderAccounts(tenants, { nkeys }),
      ].join("\n"),
    });
    const url = nats.url.replace(/^nats:/, "tls:");
    const tls = ["--tls-ca", certs.ca, "--tls-cert", certs.clientCert, "--tls-key", certs.clientKey];
    const home = freshHome(t);

    // Without the client certificate, or without an nkey, nothing connects.
    const noCert = await castore(["ls", "0".repeat(64), "--nats", url, "--tls-ca", certs.ca, "--nkey", seeds["castore-reader"]!], { home, timeoutMs: 60_000 });
    assert.equal(noCert.code, 1);
    assert.match(noCert.stderr, /cannot connect to NATS|certificate|closed|handshake/i);
    const noKey = await castore(["ls", "0".repeat(64), "--nats", url, ...tls], { home, timeoutMs: 60_000 });
    assert.equal(noKey.code, 1);
    assert.match(noKey.stderr, /cannot connect to NATS.*(Authorization|authentication)/i);

    // castore serve for each tenant, as its serve user, over TLS.
    const serves = tenants.map((x) => {
      const child = start(["serve", "--nats", url, ...tls, "--nkey", seeds[gen.userName(x, "serve")]!, "--prefix", x.prefix], {
        home,
        env: { CASTORE_LOG_LEVEL: "info" },
      });
      child.stdin?.end();
      let log = "";
      child.stderr?.on("data", (b: Buffer) => (log += b.toString()));
      const done = finished(child, 280_000);
      done.catch(() => undefined);
      t.after(async () => {
        if (child.exitCode === null) child.kill("SIGKILL");
        await done.catch(() => undefined);
      });
      return { child, done, log: () => log };
    });
    for (let i = 0; i < 200 && !serves.every((s) => s.log().includes('"msg":"serving"')); i++) await new Promise((r) => setTimeout(r, 100));
    for (const s of serves) assert.match(s.log(), /"msg":"serving"/, s.log());

    // The CLI as a writer (nkey) over TLS: import; a reader exports it.
    const src = join(work, "tree");
    mkdirSync(join(src, "sub"), { recursive: true });
    writeFileSync(join(src, "a"), bytes(600_000, 1));
    writeFileSync(join(src, "sub", "b"), "small");
    const writer = (p: string): string[] => ["--nats", url, ...tls, "--nkey", seeds[`${p}-writer`]!, "--prefix", p];
    const reader = (p: string): string[] => ["--nats", url, ...tls, "--nkey", seeds[`${p}-reader`]!, "--prefix", p];
    const r = await okJson(["import", src, "--name", "tree", ...writer("castore")], { home });
    const dest = join(work, "copy");
    await ok(["export", String(r["storePath"]), dest, ...reader("castore")], { home });
    assertSameTree(dest, src);
    const denied = await castore(["blob", "put", join(src, "a"), ...reader("castore")], { home });
    assert.equal(denied.code, 1);
    assert.match(denied.stderr, /Permissions Violation for Publish/);

    // Account limits: team-b's limit lowered to 48 MiB; a put over it fails with a clear error.
    const conf = readFileSync(nats.configFile, "utf8");
    assert.ok(conf.includes("max_file: 600M"));
    writeFileSync(nats.configFile, conf.replace("max_file: 600M", "max_file: 48M"));
    nats.signal("SIGHUP");
    for (let i = 0; i < 50 && !nats.logTail(20).includes("Reloaded"); i++) await new Promise((r) => setTimeout(r, 100));
    const big = join(work, "big");
    writeFileSync(big, bytes(64 << 20, 5));
    const over = await castore(["blob", "put", big, ...writer("team-b")], { home, timeoutMs: 120_000 });
    assert.equal(over.code, 1, "a put beyond the tenant's storage limit fails");
    t.diagnostic(`over the limit: ${over.stderr.trim()}`);
    assert.match(over.stderr, /storage limit|insufficient|resources|maximum bytes/i);
    // The other tenant is unaffected: it still stores and reads.
    const other = join(work, "other");
    writeFileSync(other, bytes(3 << 20, 9));
    const put = await okJson(["blob", "put", other, ...writer("castore")], { home });
    const back = await ok(["cat", String(put["digest"]), ...reader("castore")], { home });
    assert.ok(back.equals(bytes(3 << 20, 9)));

    for (const s of serves) s.child.kill("SIGTERM");
    for (const s of serves) assert.equal((await s.done).code, 0);
  });
});
