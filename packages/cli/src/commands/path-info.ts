// `castore path-info get REF [--json]`, `castore path-info list [--json]` and
// `castore path-info put --node REF < narinfo`: PathInfo access (DESIGN §7). A put takes the
// narinfo's store path, references, signatures, deriver and CA, and the content from the node
// REF; its NarHash and NarSize must match the NAR of that node, or nothing is stored.
import { text as readText } from "node:stream/consumers";
import {
  formatCaHash,
  formatSignature,
  formatStorePath,
  invalid,
  makePathInfo,
  nixbase32Encode,
  notFound,
  parseNarInfo,
  renameNode,
  type PathInfo,
} from "@castore/core";
import { UsageError } from "../args.js";
import { makeOutput, nodeJson, toJson, type Json } from "../output.js";
import { parseTreeRef } from "../ref.js";
import { setup } from "../setup.js";
import { withStore } from "../store.js";
import { resolveRef } from "../tree.js";

export const usage = [
  "castore path-info get REF [--json]",
  "  castore path-info list [--json]",
  "  castore path-info put --node REF [--json] < NARINFO",
].join("\n");

/** The JSON of a PathInfo (DESIGN §7). */
export function pathInfoJson(info: PathInfo): Record<string, Json | undefined> {
  return {
    storePath: formatStorePath(info.storePath),
    narHash: `sha256:${nixbase32Encode(info.narSha256)}`,
    narSize: info.narSize,
    references: info.references.map(formatStorePath),
    signatures: info.signatures.map(formatSignature),
    deriver: info.deriver === null ? undefined : formatStorePath(info.deriver),
    ca: info.ca === null ? undefined : formatCaHash(info.ca),
    node: nodeJson(info.node),
  };
}

export async function pathInfo(argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  if (sub === "get") return get(rest);
  if (sub === "list") return list(rest);
  if (sub === "put") return put(rest);
  throw new UsageError(`usage: ${usage}`);
}

async function get(argv: string[]): Promise<void> {
  const { values, positionals, cfg, log } = await setup(argv, { json: { type: "boolean" } });
  if (positionals.length !== 1) throw new UsageError("usage: castore path-info get REF [--json]");
  const text = positionals[0]!;
  const ref = parseTreeRef(text);
  if (ref.storePath === undefined || ref.subpath.length > 0) throw new UsageError(`${text}: path-info get takes a store path`);
  const sp = ref.storePath;
  const info = await withStore(cfg, log, (s) => s.infos.get(sp.digest), { pathinfo: true });
  if (info === null) throw notFound(`${formatStorePath(sp)}: not found`);
  // A hash part that exists under another name is not this path.
  if (info.storePath.name !== sp.name) throw notFound(`${formatStorePath(sp)}: not found (the hash names ${formatStorePath(info.storePath)})`);
  makeOutput(values["json"] === true).result(pathInfoJson(info));
}

async function list(argv: string[]): Promise<void> {
  const { values, positionals, cfg, log } = await setup(argv, { json: { type: "boolean" } });
  if (positionals.length !== 0) throw new UsageError("usage: castore path-info list [--json]");
  const json = values["json"] === true;
  await withStore(
    cfg,
    log,
    async ({ infos }) => {
      let buf = "";
      for await (const info of infos.list()) {
        buf += (json ? toJson(pathInfoJson(info) as Json) : formatStorePath(info.storePath)) + "\n";
        if (buf.length > 64 * 1024) {
          if (!process.stdout.write(buf)) await new Promise((r) => process.stdout.once("drain", r));
          buf = "";
        }
      }
      process.stdout.write(buf);
    },
    { pathinfo: true },
  );
}

async function put(argv: string[]): Promise<void> {
  const { values, positionals, cfg, log } = await setup(argv, { json: { type: "boolean" }, node: { type: "string" } });
  const nodeText = values["node"];
  if (positionals.length !== 0 || typeof nodeText !== "string") {
    throw new UsageError("usage: castore path-info put --node REF [--json] < NARINFO");
  }
  const ref = parseTreeRef(nodeText);
  const ni = parseNarInfo(await readText(process.stdin));
  const stored = await withStore(
    cfg,
    log,
    async (store) => {
      const { node } = await resolveRef(store, ref, nodeText);
      const anonymous = renameNode(node, new Uint8Array(0));
      const nar = await store.infos.calculateNar(anonymous);
      const where = formatStorePath(ni.storePath);
      if (!Buffer.from(nar.narSha256).equals(ni.narSha256)) {
        throw invalid(
          `${where}: the narinfo's NarHash sha256:${nixbase32Encode(ni.narSha256)} does not match the node's NAR (sha256:${nixbase32Encode(nar.narSha256)}); nothing stored`,
        );
      }
      if (nar.narSize !== ni.narSize) {
        throw invalid(`${where}: the narinfo's NarSize ${ni.narSize} does not match the node's NAR (${nar.narSize} bytes); nothing stored`);
      }
      const info = makePathInfo({
        storePath: ni.storePath,
        node: anonymous,
        references: ni.references,
        narSize: ni.narSize,
        narSha256: ni.narSha256,
        signatures: ni.signatures,
        deriver: ni.deriver ?? null,
        ca: ni.ca ?? null,
      });
      return store.infos.put(info);
    },
    { pathinfo: true },
  );
  makeOutput(values["json"] === true).result(pathInfoJson(stored));
}
