// NATS operator (JWT) mode as users configure it: an operator, an account and users made here
// with nkeys (no nsc), their JWTs signed here, a nats-server trusting the operator with the
// account preloaded in a memory resolver, and castore signing in with creds files (user JWT +
// nkey seed): `castore serve --creds FILE` and the CLI's `--creds FILE`. A client without creds,
// or with the creds of a user signed by an account key the server does not know, is refused.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { assertSameTree, bytes, castore, finished, freshHome, nixDump, ok, okJson, start } from "@castore/cli/testing";
import { withNatsProcess } from "@castore/nats-server";
import { createAccount, createOperator, createUser, type KeyPair } from "@nats-io/nkeys";

const work = mkdtempSync(join(tmpdir(), "castore-deploy-creds-"));
after(() => rmSync(work, { recursive: true, force: true }));

const b64url = (b: Uint8Array | string): string => Buffer.from(b).toString("base64url");

/** RFC 4648 base32 without padding, as nats-io/jwt writes a jti. */
function base32(b: Uint8Array): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of b) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return out;
}

/** A v2 NATS JWT with `claims` (jti and iat added), signed by `issuer`. */
function jwt(issuer: KeyPair, claims: Record<string, unknown>): string {
  const body: Record<string, unknown> = { jti: "", iat: Math.floor(Date.now() / 1000), iss: issuer.getPublicKey(), ...claims };
  body["jti"] = base32(createHash("sha256").update(JSON.stringify(body)).digest());
  const signing = `${b64url(JSON.stringify({ typ: "JWT", alg: "ed25519-nkey" }))}.${b64url(JSON.stringify(body))}`;
  return `${signing}.${b64url(issuer.sign(Buffer.from(signing)))}`;
}

/** An account's claims; with JetStream (unlimited) unless it is the system account. */
const accountClaims = (account: KeyPair, name: string, jetstream = true): Record<string, unknown> => ({
  sub: account.getPublicKey(),
  name,
  nats: {
    limits: {
      subs: -1, data: -1, payload: -1, imports: -1, exports: -1, wildcards: true, conn: -1, leaf: -1,
      ...(jetstream ? { mem_storage: -1, disk_storage: -1, streams: -1, consumer: -1 } : {}),
    },
    default_permissions: { pub: {}, sub: {} },
    type: "account",
    version: 2,
  },
});

/** A creds file for a new user of `account`, in the format nsc writes. */
function credsFile(account: KeyPair, name: string): string {
  const user = createUser();
  const token = jwt(account, {
    sub: user.getPublicKey(),
    name,
    nats: { pub: {}, sub: {}, subs: -1, data: -1, payload: -1, type: "user", version: 2 },
  });
  const text = `-----BEGIN NATS USER JWT-----
${token}
------END NATS USER JWT------

************************* IMPORTANT *************************
NKEY Seed printed below can be used to sign and prove identity.
NKEYs are sensitive and should be treated as secrets.

-----BEGIN USER NKEY SEED-----
${new TextDecoder().decode(user.getSeed())}
------END USER NKEY SEED------
`;
  const file = join(work, `${name}.creds`);
  writeFileSync(file, text, { mode: 0o600 });
  return file;
}

describe("NATS operator mode: creds files", { timeout: 60_000 }, () => {
  test("castore serve and the CLI sign in with creds files; without valid creds a client is refused", async (t) => {
    const operator = createOperator();
    const account = createAccount();
    const operatorJwt = jwt(operator, { sub: operator.getPublicKey(), name: "castore-operator", nats: { type: "operator", version: 2 } });
    const accountJwt = jwt(operator, accountClaims(account, "castore-account"));
    // JetStream in operator mode needs a system account.
    const system = createAccount();
    const systemJwt = jwt(operator, accountClaims(system, "SYS", false));
    const nats = await withNatsProcess(t, {
      extraConfig: [
        `operator: ${operatorJwt}`,
        `system_account: ${system.getPublicKey()}`,
        `resolver: MEMORY`,
        `resolver_preload: {`,
        `  ${account.getPublicKey()}: ${accountJwt}`,
        `  ${system.getPublicKey()}: ${systemJwt}`,
        `}`,
      ].join("\n"),
    });
    const serveCreds = credsFile(account, "castore-serve");
    const clientCreds = credsFile(account, "castore-client");
    // A user signed by an account key the operator never signed (and the server does not know).
    const strangerCreds = credsFile(createAccount(), "stranger");
    const home = freshHome(t);

    const child = start(["serve", "--nats", nats.url, "--creds", serveCreds, "--prefix", "p"], { home, env: { CASTORE_LOG_LEVEL: "info" } });
    child.stdin?.end();
    let log = "";
    child.stderr?.on("data", (b: Buffer) => (log += b.toString()));
    const done = finished(child, 50_000);
    done.catch(() => undefined);
    t.after(async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await done.catch(() => undefined);
    });
    for (let i = 0; i < 150 && !log.includes('"msg":"serving"'); i++) await new Promise((r) => setTimeout(r, 100));
    assert.match(log, /"msg":"serving"/, log);

    // Import, export and nar through the services, as a creds user.
    const src = join(work, "tree");
    mkdirSync(join(src, "sub"), { recursive: true });
    writeFileSync(join(src, "a"), bytes(300_000, 1));
    writeFileSync(join(src, "sub", "b"), "small");
    writeFileSync(join(src, "run"), "#!/bin/sh\n", { mode: 0o755 });
    symlinkSync("sub/b", join(src, "link"));
    const client = ["--nats", nats.url, "--creds", clientCreds, "--prefix", "p"];
    const r = await okJson(["import", src, "--name", "tree", ...client], { home });
    const dest = join(work, "copy");
    await ok(["export", String(r["storePath"]), dest, ...client], { home });
    assertSameTree(dest, src);
    const nar = await ok(["nar", String(r["storePath"]), ...client], { home });
    assert.ok(nar.equals(nixDump(src)), "castore nar equals nix-store --dump of the tree");

    // Without creds, and with a stranger's creds: a clear authorization error, exit 1.
    const ref = String(r["storePath"]);
    const none = await castore(["ls", ref, "--nats", nats.url, "--prefix", "p"], { home, timeoutMs: 30_000 });
    assert.equal(none.code, 1, none.stderr);
    assert.match(none.stderr, /cannot connect to NATS.*Authorization Violation/i);
    const stranger = await castore(["ls", ref, "--nats", nats.url, "--creds", strangerCreds, "--prefix", "p"], { home, timeoutMs: 30_000 });
    assert.equal(stranger.code, 1, stranger.stderr);
    assert.match(stranger.stderr, /cannot connect to NATS.*Authorization Violation/i);
    t.diagnostic(`without creds: ${none.stderr.trim()}; stranger: ${stranger.stderr.trim()}`);

    child.kill("SIGTERM");
    assert.equal((await done).code, 0, log);
  });
});
