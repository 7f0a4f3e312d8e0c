// fromAddr: every service builds itself from a store address the same way; what an address may
// not say is refused with a message that names it.
import assert from "node:assert/strict";
import { test } from "node:test";
import { fromAddr } from "./addr.js";

const make = {
  memory: () => ({ kind: "memory", close: async () => {} }),
  nats: () => ({ kind: "nats", close: async () => {} }),
  jetstream: async () => ({ kind: "jetstream", close: async () => {} }),
};

test("memory:// builds the memory backend; host, path or parameters are refused", async () => {
  assert.equal((await fromAddr("blob", "memory://", {}, make)).kind, "memory");
  await assert.rejects(fromAddr("blob", "memory://host:1", {}, make), /memory:\/\/ takes no host or path/);
  await assert.rejects(fromAddr("blob", "memory://?prefix=x", {}, make), /memory:\/\/ does not take the parameter "prefix" \(allowed: none\)/);
});

test("nats:// and jetstream:// need a host and take only their parameters; others are named", async () => {
  await assert.rejects(fromAddr("blob", "nats://?prefix=x", {}, make), /nats:\/\/ needs host:port/);
  await assert.rejects(fromAddr("blob", "nats://h:1?replicas=3", {}, make), /nats:\/\/ does not take the parameter "replicas" \(allowed: prefix\)/);
  await assert.rejects(fromAddr("blob", "jetstream://h:1?replicas=x", {}, make), /replicas must be a whole number, got "x"/);
  await assert.rejects(fromAddr("blob", "nats://h:1?prefix=bad%20prefix", {}, make), /invalid subject prefix "bad prefix"/);
  await assert.rejects(fromAddr("directory", "s3://bucket", {}, make), /unknown directory store address "s3:\/\/bucket" \(use memory:\/\/, nats:\/\/ or jetstream:\/\/\)/);
});
