// deploy/ as committed: the generated files are what deploy/gen.mjs writes now; every nats-server
// configuration passes `nats-server -t`; the compose file, Kubernetes manifests and Helm values
// parse (PyYAML, Debian's python3-yaml) to exactly what gen meant, and their castore settings are
// flags the services' configuration schema knows and accepts. Docker and Kubernetes cannot run
// here; this is what can be checked without them.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, test } from "node:test";
import { blobSubjects, directorySubjects, pathInfoSubjects } from "@castore/core";
import { findNatsServer } from "@castore/nats-server";
import { loadConfig, storeOptions } from "@castore/service-kit";
import { bridgeOptions } from "@castore/nar-bridge";
import { root } from "./local-cluster.js";

interface Tenant {
  prefix: string;
  account: string;
}
interface Perms {
  publish: string[];
  subscribe: string[];
}
interface Gen {
  TENANTS: Tenant[];
  ROLES: string[];
  COMPONENTS: Record<string, { command: string[] }>;
  passwordVar(t: Tenant, role: string): string;
  tenantUsers(t: Tenant, opts?: { domain?: string }): Record<string, Perms>;
  composeSpec(): { services: Record<string, { command: string[]; environment: Record<string, string> }> };
  k8sManifests(): Array<Record<string, unknown>>;
  helmValues(): Record<string, unknown>;
}

const gen = (await import(pathToFileURL(join(root, "deploy/gen.mjs")).href)) as Gen;
const deploy = (p: string): string => join(root, "deploy", p);

/** Every CASTORE_PW_* variable, set to a password nats-server reads as a string. */
function passwordEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NATS_SERVER_NAME: "n1" };
  for (const t of gen.TENANTS) {
    for (const r of gen.ROLES) env[gen.passwordVar(t, r)] = `pw${r.length}x`;
    env[`CASTORE_LEAF_URL_${t.account}`] = `nats-leaf://${t.prefix}-admin:pw@127.0.0.1:7422`;
  }
  return env;
}

/** A subject matches a NATS pattern (`*` one token, `>` the rest). */
function matches(pattern: string, subject: string): boolean {
  const p = pattern.split(".");
  const s = subject.split(".");
  for (let i = 0; i < p.length; i++) {
    if (p[i] === ">") return s.length > i;
    if (i >= s.length || (p[i] !== "*" && p[i] !== s[i])) return false;
  }
  return p.length === s.length;
}
const allowed = (patterns: string[], subject: string): boolean => patterns.some((p) => matches(p, subject));

function yamlToJson(file: string): unknown[] {
  const py = "import sys, json, yaml\nprint(json.dumps(list(yaml.safe_load_all(open(sys.argv[1])))))";
  return JSON.parse(execFileSync("python3", ["-c", py, file], { encoding: "utf8" })) as unknown[];
}

describe("deploy/ as committed", () => {
  test("the generated files are what deploy/gen.mjs writes", () => {
    const r = spawnSync(process.execPath, [deploy("gen.mjs"), "--check"], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
  });

  for (const conf of ["single.conf", "cluster.conf", "edge.conf"]) {
    test(`nats-server -t accepts nats/${conf}`, () => {
      const r = spawnSync(findNatsServer(), ["-t", "-c", deploy(`nats/${conf}`)], { encoding: "utf8", env: passwordEnv() });
      assert.equal(r.status, 0, r.stderr + r.stdout);
      assert.match(r.stderr + r.stdout, /is valid/);
    });
  }

  test("each service subscribes to all its subjects; writers may call every operation, readers no write", () => {
    for (const t of gen.TENANTS) {
      const u = gen.tenantUsers(t);
      const b = blobSubjects(t.prefix);
      const d = directorySubjects(t.prefix);
      const p = pathInfoSubjects(t.prefix);
      for (const s of Object.values(b)) assert.ok(allowed(u["blob"]!.subscribe, s) && allowed(u["writer"]!.publish, s), s);
      for (const s of Object.values(d)) assert.ok(allowed(u["directory"]!.subscribe, s) && allowed(u["writer"]!.publish, s), s);
      for (const s of Object.values(p)) assert.ok(allowed(u["pathinfo"]!.subscribe, s) && allowed(u["writer"]!.publish, s), s);
      for (const s of [b.putChunks, b.commit, b.session, b.packPut, d.put, p.put]) {
        assert.ok(!allowed(u["reader"]!.publish, s), `a reader may not publish to ${s}`);
      }
      for (const role of ["reader", "writer"]) {
        assert.ok(!u[role]!.publish.some((x) => x.startsWith("$KV.") || x.includes(".STREAM.CREATE.") || x === ">"), `${role} writes no bucket`);
      }
      // No service may touch another tenant's subjects.
      for (const role of ["blob", "directory", "pathinfo", "nar-bridge", "serve", "reader", "writer"]) {
        for (const other of gen.TENANTS.filter((x) => x !== t)) {
          assert.ok(!allowed(u[role]!.publish, blobSubjects(other.prefix).stat), `${t.prefix}-${role} cannot reach ${other.prefix}`);
        }
      }
    }
  });

  test("compose, Kubernetes and Helm files parse to what gen meant, with settings the services accept", () => {
    const compose = yamlToJson(deploy("compose.yaml"))[0];
    assert.deepEqual(compose, gen.composeSpec());
    assert.deepEqual(yamlToJson(deploy("k8s/castore.yaml")), gen.k8sManifests());
    assert.deepEqual(yamlToJson(deploy("k8s/nats-values.yaml"))[0], gen.helmValues());

    const known = new Set([...Object.values(storeOptions), ...Object.values(bridgeOptions)].map((o) => o.env).filter((e): e is string => e !== undefined));
    known.add("CASTORE_LOG_LEVEL");
    const check = (where: string, command: string[], env: Record<string, string>): void => {
      assert.ok(existsSync(join(root, command[1]!)) || command[1] === "deploy/probe.mjs", `${where}: ${command[1]} exists`);
      for (const k of Object.keys(env)) if (k.startsWith("CASTORE_") && !k.startsWith("CASTORE_PW_")) assert.ok(known.has(k), `${where}: ${k} is a castore setting`);
      // The values as the schema reads them (passwords substituted, as compose / the Secret would).
      const resolved = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v.replace(/\$\{[A-Z0-9_]+\}|CHANGE-ME/g, "pw1")]));
      const cfg = loadConfig({}, resolved);
      assert.ok(cfg.nats !== undefined && cfg.nats.servers.length >= 1, `${where}: a NATS to use`);
      assert.equal(cfg.replicas, 3, `${where}: R3 buckets on the cluster`);
    };
    for (const [name, svc] of Object.entries(gen.composeSpec().services)) {
      if (name.startsWith("nats-")) continue;
      assert.ok(name in gen.COMPONENTS);
      check(`compose ${name}`, svc.command, svc.environment);
    }
    const secret = gen.k8sManifests().find((d) => d["kind"] === "Secret") as { stringData: Record<string, string> };
    for (const d of gen.k8sManifests().filter((x) => x["kind"] === "Deployment")) {
      const c = (d as { spec: { replicas: number; template: { spec: { containers: Array<Record<string, unknown>> } } } }).spec;
      assert.ok(c.replicas >= 2, "replicas");
      const container = c.template.spec.containers[0]!;
      assert.ok(container["readinessProbe"] && container["livenessProbe"] && container["resources"], "probes and resources");
      const env: Record<string, string> = {};
      for (const e of container["env"] as Array<{ name: string; value?: string; valueFrom?: { secretKeyRef: { key: string } } }>) {
        env[e.name] = e.value ?? secret.stringData[e.valueFrom!.secretKeyRef.key]!;
      }
      check(`k8s ${String((d["metadata"] as { name: string }).name)}`, container["command"] as string[], env);
    }
  });

  test("the Dockerfile is multi-stage and runs as an unprivileged user", () => {
    const text = readFileSync(deploy("Dockerfile"), "utf8");
    assert.equal((text.match(/^FROM /gm) ?? []).length, 2);
    assert.match(text, /^USER 10001/m);
  });
});
