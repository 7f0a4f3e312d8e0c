import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { loadConfig } from "./config.js";
import { connectionOptions } from "./connect.js";

const dir = mkdtempSync(join(tmpdir(), "castore-config-test-"));
after(() => rmSync(dir, { recursive: true, force: true }));

test("without --nats or CASTORE_NATS_URL the embedded default is used, with the defaults", () => {
  const c = loadConfig({}, { HOME: "/home/x" });
  assert.equal(c.nats, undefined);
  assert.equal(c.prefix, "castore");
  assert.equal(c.replicas, 1);
  assert.match(c.home, /\.local\/share\/castore$/);
});

test("a flag wins over the environment, and an empty variable counts as unset", () => {
  const c = loadConfig({ prefix: "flag" }, { CASTORE_PREFIX: "env", CASTORE_REPLICAS: "", CASTORE_HOME: "/tmp/h" });
  assert.equal(c.prefix, "flag");
  assert.equal(c.replicas, 1);
  assert.equal(c.home, "/tmp/h");
  assert.equal(loadConfig({}, { CASTORE_PREFIX: "env" }).prefix, "env");
});

test("a bad value names the variable or flag it came from and shows it", () => {
  assert.throws(() => loadConfig({}, { CASTORE_REPLICAS: "2" }), { message: `CASTORE_REPLICAS must be 1, 3 or 5, got "2"` });
  assert.throws(() => loadConfig({ replicas: "4" }, {}), { message: `--replicas must be 1, 3 or 5, got "4"` });
  assert.throws(() => loadConfig({}, { CASTORE_PREFIX: "a..b" }), /^UsageError: CASTORE_PREFIX must be dot-separated tokens/);
  assert.throws(() => loadConfig({}, { CASTORE_NATS_URL: "http://x" }), /CASTORE_NATS_URL must be comma-separated nats:\/\//);
  assert.throws(() => loadConfig({ creds: join(dir, "nope") }, {}), /--creds must name an existing file/);
  assert.throws(() => loadConfig({}, { CASTORE_LOG_LEVEL: "loud" }), /CASTORE_LOG_LEVEL must be one of/);
});

test("cluster URLs become one server list, with the user and password taken out of them", () => {
  const c = loadConfig({ nats: "nats://u:p%40ss@a:4222, nats://u:p%40ss@b:4223,nats://c" }, {});
  assert.deepEqual(c.nats?.servers, ["nats://a:4222", "nats://b:4223", "nats://c:4222"]);
  assert.equal(c.nats?.display, "nats://u:***@a:4222,nats://u:***@b:4223,nats://c:4222");
  const o = connectionOptions(c, c.nats!, "cli");
  assert.equal(o.user, "u");
  assert.equal(o.pass, "p@ss");
  assert.equal(o.name, "castore-cli");
  // A command reconnects for as long as its requests' deadlines allow (a nats-server restart of a
  // few seconds costs a pause); the requests give up, naming the lost connection.
  assert.equal(o.maxReconnectAttempts, -1);
  assert.equal(connectionOptions(c, c.nats!, "service").maxReconnectAttempts, -1, "a service never does");
});

test("URLs with different credentials are refused", () => {
  assert.throws(() => loadConfig({ nats: "nats://u:p@a,nats://v:p@b" }, {}), /same user:pass in every URL/);
});

test("creds, nkey and TLS files become authenticators and TLS options", () => {
  const seed = join(dir, "user.nk");
  writeFileSync(seed, "SUAGIEYODKBBTUMOB666Z5KA4FCWAZV7HWSGRHOD7MK6UM5IYLWLJ3EJ4A\n");
  const c = loadConfig({ nkey: seed, "tls-ca": seed }, {});
  const o = connectionOptions(c, { servers: ["tls://h:4222"], display: "tls://h:4222" }, "cli");
  assert.equal(typeof o.authenticator, "function");
  assert.deepEqual(o.tls, { caFile: seed });
  assert.throws(() => loadConfig({ nkey: seed, creds: seed }, {}), /not both/);
  assert.throws(() => loadConfig({ "tls-key": seed }, {}), /needs a certificate too/);
});

test("a signing key is read and checked at load, from --signing-key or CASTORE_SIGNING_KEY, never echoed", () => {
  // A key in the format of `nix-store --generate-binary-cache-key`: name:base64(seed ‖ public).
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const seed = privateKey.export({ format: "der", type: "pkcs8" }).subarray(-32);
  const pub = publicKey.export({ format: "der", type: "spki" }).subarray(-32);
  const good = join(dir, "good.sec");
  writeFileSync(good, `castore-config-1:${Buffer.concat([seed, pub]).toString("base64")}\n`);
  assert.equal(loadConfig({}, { CASTORE_SIGNING_KEY: good }).signingKey?.key.name, "castore-config-1");
  assert.equal(loadConfig({ "signing-key": good }, {}).signingKey?.file, good);
  assert.equal(loadConfig({}, {}).signingKey, undefined);

  const corrupt = join(dir, "corrupt.sec");
  const secret = Buffer.concat([seed, Buffer.alloc(32)]).toString("base64");
  writeFileSync(corrupt, `castore-config-1:${secret}\n`);
  assert.throws(() => loadConfig({}, { CASTORE_SIGNING_KEY: corrupt }), (e: Error) => {
    assert.match(e.message, /^CASTORE_SIGNING_KEY ".*corrupt\.sec" is not a Nix secret key \(.*\): secret key "castore-config-1" is corrupt/);
    assert.ok(!e.message.includes(secret), "the secret is not shown");
    return true;
  });
  assert.throws(() => loadConfig({ "signing-key": join(dir, "absent.sec") }, {}), /^UsageError: --signing-key must name an existing file/);
});

test("a signing key file with garbage is called no Nix secret key, naming the file and the format", () => {
  const cases: [string, RegExp][] = [
    ["hello world\n", /: secret key has no ":" between name and base64$/],
    ["", /: the file is empty$/],
    ["k1:notbase64!\n", /: secret key "k1" is not canonical base64$/],
  ];
  for (const [text, detail] of cases) {
    const garbage = join(dir, "garbage.sec");
    writeFileSync(garbage, text);
    assert.throws(() => loadConfig({ "signing-key": garbage }, {}), (e: Error) => {
      assert.ok(
        e.message.startsWith(
          `--signing-key ${JSON.stringify(garbage)} is not a Nix secret key (expected NAME:BASE64, as made by nix-store --generate-binary-cache-key): `,
        ),
        e.message,
      );
      assert.match(e.message, detail);
      assert.ok(!e.message.includes('""'), "no empty name shown");
      return true;
    });
  }
});

test("--metrics / CASTORE_METRICS is an address to listen on, off by default", () => {
  assert.equal(loadConfig({}, {}).metrics, undefined);
  assert.deepEqual(loadConfig({ metrics: "127.0.0.1:9464" }, {}).metrics, { host: "127.0.0.1", port: 9464 });
  assert.deepEqual(loadConfig({}, { CASTORE_METRICS: "[::1]:0" }).metrics, { host: "::1", port: 0 });
  assert.deepEqual(loadConfig({}, { CASTORE_METRICS: ":9464" }).metrics, { host: "0.0.0.0", port: 9464 });
  assert.throws(() => loadConfig({}, { CASTORE_METRICS: "9464" }), { message: `CASTORE_METRICS must be HOST:PORT (e.g. 127.0.0.1:8080, [::1]:8080 or :8080), got "9464"` });
  assert.throws(() => loadConfig({ metrics: "h:70000" }, {}), /^UsageError: --metrics must be HOST:PORT/);
});
