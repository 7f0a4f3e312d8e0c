// The nar-bridge judged by a real Nix client (Debian's nix-bin, no daemon): `nix copy --to` of a
// closure with references and derivations, then from fresh chroot stores `nix path-info -r`,
// `nix store ls`, `nix store verify` (contents and signatures), `nix copy --from`, substitution with
// `nix-store -r`, a missing path, a wrong public key, and the NAR behind a narinfo hashing to its
// NarHash. Two bridge replicas on one store: `castore serve --http` (which signs) and the bridge's
// own main; a NAR PUT to one and its narinfo PUT to the other. One nats-server for the file.
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { caHash, nixbase32Encode, parseNarInfo, parseStorePath, renderNarInfo } from "@castore/core";
import { withNatsServer } from "@castore/nats-server";
import { childEnv, finished, type Run } from "@castore/cli/testing";

const root = new URL("../../", import.meta.url).pathname;
const bridgeMain = join(root, "services/nar-bridge/dist/main.js");
const work = mkdtempSync(join(tmpdir(), "castore-nar-bridge-nix-"));
after(() => rmSync(work, { recursive: true, force: true }));

// Builds in a chroot store run sandboxed; /bin/sh and its libraries are lent to the sandbox.
const NIX_CONFIG = [
  "experimental-features = nix-command",
  "substituters =",
  "sandbox-paths = /bin=/usr/bin /lib=/usr/lib /lib64=/usr/lib64 /usr",
].join("\n");

let caches = 0;
/**
 * Runs a Nix command. Nix keeps narinfos it saw (and uploaded) in a disk cache under
 * XDG_CACHE_HOME: `cache` names one to share between calls; by default each call gets a fresh one,
 * so it asks the bridge itself.
 */
function nix(cmd: string, args: string[], cache?: string): { status: number | null; stdout: string; stderr: string } {
  const xdg = join(work, "xdg", cache ?? `fresh-${++caches}`);
  const r = spawnSync(cmd, args, { env: { ...process.env, NIX_CONFIG, XDG_CACHE_HOME: xdg }, encoding: "utf8", timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function nixOk(cmd: string, args: string[], cache?: string): string {
  const r = nix(cmd, args, cache);
  assert.equal(r.status, 0, `${cmd} ${args.join(" ")} failed: ${r.stderr}`);
  return r.stdout.trim();
}

function genKey(name: string): { secret: string; pub: string } {
  const secret = join(work, `${name}.sec`);
  const pub = join(work, `${name}.pub`);
  nixOk("nix-store", ["--generate-binary-cache-key", name, secret, pub]);
  return { secret, pub: readFileSync(pub, "utf8").trim() };
}

// What the file started, stopped when it ends, passed or failed: bridges first, then NATS.
const children: { child: ChildProcess; done: Promise<Run> }[] = [];
const cleanups: (() => unknown)[] = [];
after(async () => {
  for (const c of children) if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill("SIGKILL");
  await Promise.allSettled(children.map((c) => c.done));
  for (const f of cleanups.reverse()) await f();
});

/** A child process that logs `"msg":"serving"` with the bridge's URL once it listens. */
function startBridge(cmd: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; done: Promise<Run>; url: Promise<string> } {
  const child = spawn(process.execPath, cmd, { env, stdio: ["ignore", "pipe", "pipe"] });
  const done = finished(child, 600_000);
  done.catch(() => undefined);
  children.push({ child, done });
  let seen = "";
  const url = new Promise<string>((resolve, reject) => {
    child.stderr!.on("data", (b: Buffer) => {
      seen += b.toString("utf8");
      const line = seen.split("\n").find((l) => l.includes('"msg":"serving"'));
      const u = line === undefined ? null : /"(?:http|url)":"(http:\/\/[^"]+)"/.exec(line);
      if (u) resolve(u[1]!);
    });
    done.then((r) => reject(new Error(`bridge exited ${r.code}: ${r.stderr}`)), reject);
  });
  url.catch(() => undefined);
  return { child, done, url };
}

const sha256 = (b: Uint8Array): Buffer => createHash("sha256").update(b).digest();
const hashPart = (p: string): string => p.slice("/nix/store/".length, "/nix/store/".length + 32);

describe("nar-bridge with real Nix", () => {
  const storeKey = genKey("castore-store-1"); // the store signs with it (castore serve --signing-key)
  const uploaderKey = genKey("uploader-1"); // nix copy --to …&secret-key=
  const wrongKey = genKey("wrong-1");
  const src = join(work, "src"); // the chroot store the closure is built in
  let a: string; // castore serve --http (services + bridge)
  let b: string; // the bridge's own main, a second replica on the same store
  let replicaB: ReturnType<typeof startBridge>;
  let serveA: ReturnType<typeof startBridge>;
  let top: string;
  let dep: string;
  let drv: string;

  before(async () => {
    const nats = await withNatsServer({ after: (f) => cleanups.push(f) });
    serveA = startBridge(
      [join(root, "packages/cli/bin/castore.js"), "serve", "--nats", nats.url, "--prefix", "nb", "--http", "127.0.0.1:0", "--signing-key", storeKey.secret],
      childEnv(undefined),
    );
    a = await serveA.url;
    replicaB = startBridge([bridgeMain, "--nats", nats.url, "--prefix", "nb", "--http", "127.0.0.1:0"], childEnv(undefined));
    b = await replicaB.url;

    // A tiny closure: `top` refers to `dep`; both built from derivations with builder /bin/sh.
    const nonce = randomBytes(6).toString("hex");
    writeFileSync(
      join(work, "closure.nix"),
      `let dep = derivation { name = "nb-dep"; system = builtins.currentSystem; builder = "/bin/sh"; args = [ "-c" "echo ${nonce} > $out" ]; };
in derivation {
  name = "nb-top"; system = builtins.currentSystem; builder = "/bin/sh"; PATH = "/bin";
  args = [ "-c" "mkdir -p $out/bin $out/share; echo \${dep} > $out/share/dep-path; printf '#!/bin/sh\\necho hi\\n' > $out/bin/hi; chmod +x $out/bin/hi; ln -s ../share/dep-path $out/bin/link; head -c 300000 /dev/urandom > $out/share/blob" ];
}
`,
    );
    top = nixOk("nix-build", ["--store", src, "--no-out-link", join(work, "closure.nix")]);
    dep = nixOk("nix-store", ["--store", src, "--query", "--references", top]);
    drv = nixOk("nix-store", ["--store", src, "--query", "--deriver", top]);
    // The derivations (text-CA paths), then the outputs, with the uploader's signature, through the
    // "upload" disk cache, which keeps the narinfos Nix uploaded.
    const to = `${a}?compression=none&secret-key=${uploaderKey.secret}`;
    nixOk("nix", ["copy", "--from", src, "--to", to, "--derivation", top], "upload");
    nixOk("nix", ["copy", "--from", src, "--to", to, top], "upload");
  });

  after(async () => {
    // Both replicas drain and exit 0 on SIGTERM.
    replicaB.child.kill("SIGTERM");
    serveA.child.kill("SIGTERM");
    for (const r of await Promise.all([replicaB.done, serveA.done])) {
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /"msg":"stopped"/);
    }
  });

  test("nix path-info -r lists the uploaded closure from either replica, with the store's and the uploader's signatures", () => {
    for (const url of [a, b]) {
      const listed = nixOk("nix", ["path-info", "--store", url, "-r", top]).split("\n").sort();
      assert.deepEqual(listed, [dep, top].sort());
    }
    const info = parseNarInfo(nixOk("curl", ["-sf", `${b}/${hashPart(top)}.narinfo`]));
    assert.deepEqual(info.signatures.map((s) => s.name).sort(), ["castore-store-1", "uploader-1"], "each signature once");
    assert.equal(info.deriver && `/nix/store/${nixbase32Encode(info.deriver.digest)}-${info.deriver.name}`, drv);
    assert.deepEqual(info.references.map((r) => r.name), ["nb-dep"]);
    const drvInfo = parseNarInfo(nixOk("curl", ["-sf", `${a}/${hashPart(drv)}.narinfo`]));
    assert.equal(drvInfo.ca?.type, "text", "the derivation is a text-CA path, CA kept");
  });

  test("nix store ls lists the tree of an uploaded path", () => {
    const ls = nixOk("nix", ["store", "ls", "--store", a, "-lR", top]);
    assert.match(ls, /-r-xr-xr-x +\d+ \.\/bin\/hi/);
    assert.match(ls, /\.\/bin\/link -> \.\.\/share\/dep-path/);
    assert.match(ls, /-r--r--r-- +300000 \.\/share\/blob/);
  });

  test("nix store verify checks the contents and accepts the store's key and the uploader's, not another", () => {
    nixOk("nix", ["store", "verify", "--store", b, "-r", "--trusted-public-keys", storeKey.pub, "--sigs-needed", "1", top]);
    nixOk("nix", ["store", "verify", "--store", a, "-r", "--trusted-public-keys", uploaderKey.pub, "--sigs-needed", "1", top]);
    const wrong = nix("nix", ["store", "verify", "--store", a, "-r", "--trusted-public-keys", wrongKey.pub, "--sigs-needed", "1", top]);
    assert.notEqual(wrong.status, 0);
    assert.match(wrong.stderr, /untrusted/);
  });

  test("nix copy --from and substitution into fresh chroot stores; a wrong public key is refused", () => {
    const copy = join(work, "copy-store");
    nixOk("nix", ["copy", "--from", b, "--to", copy, "--trusted-public-keys", storeKey.pub, top]);
    nixOk("nix", ["store", "verify", "--store", copy, "-r", "--no-trust", top]);
    const sub = join(work, "sub-store");
    const subst = ["--option", "substituters", a];
    nixOk("nix-store", ["--store", sub, "-r", top, ...subst, "--option", "trusted-public-keys", storeKey.pub]);
    assert.equal(readFileSync(join(sub, top, "share/dep-path"), "utf8").trim(), dep);
    assert.equal(readFileSync(join(sub, top, "share/blob")).length, 300000);

    const refused = nix("nix-store", ["--store", join(work, "refused-store"), "-r", top, ...subst, "--option", "trusted-public-keys", wrongKey.pub]);
    assert.notEqual(refused.status, 0);
    assert.match(refused.stderr, /not signed by any of the keys/);
  });

  test("the uploader's own disk cache (URLs nar/<narhash>.nar) still downloads", () => {
    const copy = join(work, "copy-from-upload-cache");
    nixOk("nix", ["copy", "--from", a, "--to", copy, "--no-check-sigs", top], "upload");
    nixOk("nix", ["store", "verify", "--store", copy, "-r", "--no-trust", top]);
  });

  test("nix copy --to without ?compression=none fails, and Nix's message says to add it", () => {
    const dir = join(work, "not-compressed");
    mkdirSync(dir);
    writeFileSync(join(dir, "f"), randomBytes(100));
    const added = nixOk("nix-store", ["--store", src, "--add", dir]);
    const r = nix("nix", ["copy", "--from", src, "--to", b, added]);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /HTTP error 415 \('Unsupported Media Type: compressed NAR uploads \(\.xz\) are not accepted; upload uncompressed: nix copy --to 'http:\/\/127\.0\.0\.1:\d+\?compression=none'/);
    assert.notEqual(nix("nix", ["path-info", "--store", b, added]).status, 0, "nothing was registered");
  });

  test("a path the cache lacks is not valid", () => {
    const missing = `/nix/store/${nixbase32Encode(randomBytes(20))}-missing`;
    const r = nix("nix", ["path-info", "--store", a, missing]);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /is not valid/);
    assert.equal(nix("curl", ["-sf", "-o", "/dev/null", `${b}/${hashPart(missing)}.narinfo`]).status, 22, "404");
  });

  test("the NAR at the narinfo's URL hashes to its NarHash and is nix-store --dump of the path; ranges agree", async () => {
    const info = parseNarInfo(await (await fetch(`${b}/${hashPart(top)}.narinfo`)).text());
    const nar = Buffer.from(await (await fetch(`${b}/${info.url}`)).arrayBuffer());
    assert.equal(nixbase32Encode(sha256(nar)), nixbase32Encode(info.narSha256));
    assert.equal(BigInt(nar.length), info.narSize);
    const dump = spawnSync("nix-store", ["--dump", join(src, top)], { maxBuffer: 1 << 26 }).stdout;
    assert.ok(nar.equals(dump), "the served NAR is nix-store --dump of the built path");
    const r = await fetch(`${a}/${info.url}`, { headers: { range: "bytes=1000-200999" } });
    assert.equal(r.status, 206);
    assert.ok(Buffer.from(await r.arrayBuffer()).equals(nar.subarray(1000, 201000)));
  });

  test("two replicas: the NAR PUT to one, its narinfo PUT to the other; both then serve the path", async () => {
    const dir = join(work, "two-replicas");
    mkdirSync(dir);
    writeFileSync(join(dir, "file"), randomBytes(5000));
    const added = nixOk("nix-store", ["--store", src, "--add", dir]);
    const nar = spawnSync("nix-store", ["--dump", join(src, added)], { maxBuffer: 1 << 26 }).stdout;
    const narSha = sha256(nar);
    const put = await fetch(`${b}/nar/${nixbase32Encode(narSha)}.nar`, { method: "PUT", body: nar });
    assert.equal(put.status, 200, await put.text());
    const narinfo = renderNarInfo({
      storePath: parseStorePath(added),
      url: `nar/${nixbase32Encode(narSha)}.nar`,
      compression: "none",
      narSha256: narSha,
      narSize: BigInt(nar.length),
      references: [],
      signatures: [],
      ca: caHash("nar", "sha256", narSha),
    });
    const claim = await fetch(`${a}/${hashPart(added)}.narinfo`, { method: "PUT", body: narinfo });
    assert.equal(claim.status, 200, await claim.text());
    for (const url of [a, b]) {
      assert.equal(nixOk("nix", ["path-info", "--store", url, added]), added);
      nixOk("nix", ["store", "verify", "--store", url, "--trusted-public-keys", storeKey.pub, "--sigs-needed", "1", added]);
    }
  });

  test("the bridge's main: --help says how to run it; a bad --http is refused naming it", () => {
    const help = spawnSync(process.execPath, [bridgeMain, "--help"], { env: childEnv(undefined), encoding: "utf8" });
    assert.equal(help.status, 0, help.stderr);
    assert.match(help.stdout, /--http HOST:PORT/);
    assert.match(help.stdout, /CASTORE_HTTP/);
    const bad = spawnSync(process.execPath, [bridgeMain, "--nats", "nats://127.0.0.1:1", "--http", "localhost"], { env: childEnv(undefined), encoding: "utf8" });
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /--http must be HOST:PORT/);
  });
});
