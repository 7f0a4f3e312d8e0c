// Bad actors on the loopback cluster of deploy/local/cluster.sh, with the accounts and
// least-privilege users of deploy/gen.mjs: a flood of malformed and oversized messages on every
// castore subject, a reader trying to write, clients writing buckets directly, and one tenant
// reaching for another's store — through the services and around them.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { blobSubjects, bucketName, directorySubjects, pathInfoSubjects } from "@castore/core";
import { assertSameTree, bytes, castore, freshHome, ok, okJson } from "@castore/cli/testing";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { isAlive, rssOf, withLocalCluster, type LocalCluster } from "./local-cluster.js";

const work = mkdtempSync(join(tmpdir(), "castore-deploy-security-"));
after(() => rmSync(work, { recursive: true, force: true }));

const cleanups: (() => unknown)[] = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

let cluster: LocalCluster;
const url = (key: string): string => {
  const u = cluster.env[key];
  if (u === undefined) throw new Error(`urls.env has no ${key}`);
  return u;
};

/** A nats.js connection as the user of a URL list from urls.env. */
async function connectAs(key: string): Promise<NatsConnection> {
  const urls = url(key).split(",").map((s) => new URL(s));
  const nc = await connect({
    servers: urls.map((u) => `${u.hostname}:${u.port}`),
    user: decodeURIComponent(urls[0]!.username),
    pass: decodeURIComponent(urls[0]!.password),
  });
  cleanups.push(() => nc.close());
  return nc;
}

/** Resolves to the error name of a request (or "ok" if it was answered). */
async function outcome(nc: NatsConnection, subject: string, data: Uint8Array = new Uint8Array(8)): Promise<string> {
  try {
    await nc.request(subject, data, { timeout: 3000 });
    return "ok";
  } catch (e) {
    const err = e as Error & { cause?: Error };
    return err.cause?.name ?? err.name;
  }
}

const SERVICES = ["blob-1", "blob-2", "directory-1", "directory-2", "pathinfo-1", "pathinfo-2"];

describe("bad actors on the cluster", { timeout: 600_000 }, () => {
  test("the cluster comes up", async () => {
    cluster = await withLocalCluster({ after: (fn) => cleanups.push(fn) });
  });

  test("10k malformed or oversized messages on every castore subject: the services keep serving, memory stays flat", async (t) => {
    const p = "castore";
    const subjects = [...Object.values(blobSubjects(p)), ...Object.values(directorySubjects(p)), ...Object.values(pathInfoSubjects(p)), `${p}.blob.v1.replica.nonexistent.put`];
    const nc = await connectAs("URL_CASTORE_WRITER");
    let replies = 0;
    const inbox = `_INBOX.bad.${Math.random().toString(36).slice(2)}`;
    nc.subscribe(`${inbox}.>`, { callback: () => void replies++ });
    const big = bytes(300 * 1024, 7);
    const flood = async (perSubject: number): Promise<void> => {
      let n = 0;
      for (const s of subjects) {
        for (let i = 0; i < perSubject; i++) {
          // Mostly garbage protobuf of 1–200 bytes; every 250th 300 KiB (over every small endpoint's limit).
          const payload = i % 250 === 0 ? big : bytes(1 + (i % 200), i + s.length);
          nc.publish(s, payload, i % 3 === 0 ? {} : { reply: `${inbox}.${n}` });
          if (++n % 1000 === 0) await nc.flush();
        }
      }
      await nc.flush();
    };
    const pids = Object.fromEntries(SERVICES.map((s) => [s, cluster.pid(s)!]));
    await flood(1000); // warm-up: code paths compiled, buffers grown
    await new Promise((r) => setTimeout(r, 2000));
    const before = Object.fromEntries(SERVICES.map((s) => [s, rssOf(pids[s]!)]));
    const started = Date.now();
    await flood(10_000);
    // Let the services work through what is queued.
    for (let last = -1; last !== replies; ) {
      last = replies;
      await new Promise((r) => setTimeout(r, 1500));
    }
    const sent = subjects.length * 10_000;
    t.diagnostic(`${sent} bad messages on ${subjects.length} subjects in ${((Date.now() - started) / 1000).toFixed(1)} s; ${replies} error replies`);
    assert.ok(replies > sent / 3, `the services answered the requests with errors (${replies} replies)`);
    for (const s of SERVICES) {
      assert.ok(isAlive(pids[s]!), `${s} is still running`);
      assert.equal(cluster.pid(s), pids[s], `${s} was not restarted`);
      const after = rssOf(pids[s]!);
      t.diagnostic(`${s}: RSS ${(before[s]! / 2 ** 20).toFixed(0)} MB -> ${(after / 2 ** 20).toFixed(0)} MB`);
      assert.ok(after < before[s]! + 64 * 2 ** 20, `${s}'s memory stays flat: ${before[s]} -> ${after} bytes`);
    }
    // A valid request still succeeds: an import and its export.
    const home = freshHome(t);
    const src = join(work, "valid");
    (await import("node:fs")).mkdirSync(src);
    writeFileSync(join(src, "a"), bytes(200_000, 3));
    writeFileSync(join(src, "b"), "b");
    const r = await okJson(["import", src, "--name", "valid", "--nats", cluster.natsUrl], { home });
    const dest = join(work, "valid-copy");
    await ok(["export", String(r["storePath"]), dest, "--nats", url("URL_CASTORE_READER")], { home });
    assertSameTree(dest, src);
  });

  test("a reader cannot put: a clear permission error, and nothing is stored", async (t) => {
    const home = freshHome(t);
    const file = join(work, "reader-put");
    writeFileSync(file, bytes(700_000, 11));
    const h = await okJson(["hash", file], { home });
    const r = await castore(["blob", "put", file, "--nats", url("URL_CASTORE_READER")], { home });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Permissions Violation for Publish to "castore\.blob\.v1\.[a-z_.]+"/);
    const st = await castore(["blob", "stat", String(h["digest"]), "--nats", url("URL_CASTORE_ADMIN")], { home });
    assert.equal(st.code, 1);
    assert.match(st.stderr, /not found/);
    const imp = await castore(["import", join(work, "valid"), "--nats", url("URL_CASTORE_READER")], { home });
    assert.equal(imp.code, 1);
    assert.match(imp.stderr, /Permissions Violation/);
  });

  test("no client role can write a castore bucket directly", async () => {
    const chunks = bucketName("castore", "chunks");
    for (const role of ["READER", "WRITER"]) {
      const nc = await connectAs(`URL_CASTORE_${role}`);
      for (const subject of [
        `$KV.${chunks}.${"ab".repeat(32)}`,
        `$KV.${bucketName("castore", "pathinfo")}.x`,
        `$JS.API.STREAM.CREATE.KV_${bucketName("castore", "evil")}`,
        `$JS.API.STREAM.UPDATE.KV_${chunks}`,
        `$JS.API.STREAM.PURGE.KV_${chunks}`,
        `$JS.API.STREAM.DELETE.KV_${chunks}`,
        `$JS.API.STREAM.MSG.DELETE.KV_${chunks}`,
        `$JS.API.CONSUMER.CREATE.KV_${chunks}`,
      ]) {
        assert.equal(await outcome(nc, subject), "PermissionViolationError", `${role.toLowerCase()} may not publish to ${subject}`);
      }
    }
    // The direct-read permission lets a client read chunks, and only that.
    const nc = await connectAs("URL_CASTORE_WRITER");
    assert.notEqual(await outcome(nc, `$JS.API.DIRECT.GET.KV_${chunks}`, new TextEncoder().encode('{"seq":1}')), "PermissionViolationError");
  });

  test("a client of tenant A cannot read or write tenant B, through the services or around them", async (t) => {
    const home = freshHome(t);
    // Tenant B stores something.
    const src = join(work, "valid");
    const b = await okJson(["import", src, "--name", "tenant-b", "--prefix", "team-b", "--nats", url("URL_TEAM_B_WRITER")], { home });
    // Through the services: A's account has no service on B's prefix (the CLI says so at once), and
    // NATS refuses A's users every subject of B's prefix.
    const refused = /Permissions Violation for Publish to "team-b\.|no castore services on \S+ \(prefix team-b\)/;
    const read = await castore(["ls", String(b["storePath"]), "--prefix", "team-b", "--nats", url("URL_CASTORE_WRITER")], { home });
    assert.equal(read.code, 1);
    assert.match(read.stderr, refused);
    const write = await castore(["import", src, "--prefix", "team-b", "--nats", url("URL_CASTORE_WRITER")], { home });
    assert.equal(write.code, 1);
    assert.match(write.stderr, refused);
    const nca = await connectAs("URL_CASTORE_WRITER");
    for (const subject of [...Object.values(blobSubjects("team-b")), ...Object.values(directorySubjects("team-b")), ...Object.values(pathInfoSubjects("team-b"))]) {
      assert.equal(await outcome(nca, subject), "PermissionViolationError", `tenant A may not publish to ${subject}`);
    }
    // Under its own prefix A does not see B's path.
    const own = await castore(["path-info", "get", String(b["storePath"]), "--nats", url("URL_CASTORE_ADMIN")], { home });
    assert.equal(own.code, 1);
    assert.match(own.stderr, /not found/);
    // Around them: even A's admin (its whole account) finds none of B's streams; B's are in B's account.
    const nc = await connectAs("URL_CASTORE_ADMIN");
    const info = await nc.request(`$JS.API.STREAM.INFO.KV_${bucketName("team-b", "chunks")}`, undefined, { timeout: 3000 });
    assert.match(new TextDecoder().decode(info.data), /stream not found/);
    const names = await nc.request("$JS.API.STREAM.NAMES", undefined, { timeout: 3000 });
    const listed = (JSON.parse(new TextDecoder().decode(names.data)) as { streams: string[] }).streams;
    assert.ok(listed.includes(`KV_${bucketName("castore", "chunks")}`));
    assert.ok(!listed.some((s) => s.endsWith("_team-b")), `A's account lists none of B's streams: ${listed.join(", ")}`);
    // And B's admin sees its own.
    const ncb = await connectAs("URL_TEAM_B_ADMIN");
    const infob = await ncb.request(`$JS.API.STREAM.INFO.KV_${bucketName("team-b", "chunks")}`, undefined, { timeout: 3000 });
    assert.doesNotMatch(new TextDecoder().decode(infob.data), /not found/);
    // B's writer cannot reach A's store either.
    const back = await castore(["ls", String(b["storePath"]), "--nats", url("URL_TEAM_B_WRITER")], { home });
    assert.equal(back.code, 1);
    assert.match(back.stderr, /Permissions Violation for Publish to "castore\.|no castore services on \S+ \(prefix castore\)/);
  });
});
