// `castore path-info get REF [--json]`, `castore path-info list [--json]` and
// `castore path-info put --node REF < narinfo`: PathInfo access (DESIGN §7). A put takes the
// narinfo's store path, references, signatures, deriver and CA, and the content from the node
// REF; its NarHash and NarSize must match the NAR of that node, or nothing is stored.
import { text as readText } from "node:stream/consumers";
import {
  B3Digest,
  formatStorePath,
  invalid,
  makePathInfo,
  nixbase32Encode,
  notFound,
  parseNarInfo,
  parseStorePathWithSubpath,
  renameNode,
} from "@castore/core";
import { UsageError } from "@castore/service-kit/args";
import { deletePathInfo, parseTreeRef } from "@castore/store";
import { pathInfoJson } from "@castore/store/summary";
import { makeOutput, toJson, type Json } from "../output.js";
import { JSON_OPTION, positionals, setup, storeCommand, withStore, type CommandDef } from "../setup.js";

const getHelp = storeCommand({
  usage: ["castore path-info get STOREPATH [--json]"],
  summary: "Shows the PathInfo of a store path: NAR hash and size, references, signatures, deriver, CA and root node.",
  options: JSON_OPTION,
});
const listHelp = storeCommand({
  usage: ["castore path-info list [--json]"],
  summary: "Lists every store path of the store (with --json, each PathInfo as one JSON line).",
  options: JSON_OPTION,
});
const putHelp = storeCommand({
  usage: ["castore path-info put --node REF [--json] < NARINFO"],
  summary:
    "Registers a store path for content already stored: the narinfo on stdin gives the store path, references, " +
    "signatures, deriver and CA; its NarHash and NarSize must match the NAR of REF, or nothing is stored.",
  options: { node: { type: "string", value: "REF", help: "the stored content (digest or store path, with a subpath)" }, ...JSON_OPTION },
});

const deleteHelp = storeCommand({
  usage: ["castore path-info delete STOREPATH [--json]"],
  summary:
    "Drops a store path (a root of castore gc): its PathInfo and signatures are removed; its content stays until " +
    "`castore gc` collects what nothing else reaches.",
  options: JSON_OPTION,
});

export const subcommands: Record<string, typeof getHelp> = { get: getHelp, list: listHelp, put: putHelp, delete: deleteHelp };

export const command: CommandDef = {
  name: "path-info",
  help: {
    usage: [getHelp.usage[0]!, listHelp.usage[0]!, putHelp.usage[0]!, deleteHelp.usage[0]!],
    summary: "Nix store-path metadata. `castore path-info get|list|put|delete --help` say more.",
    options: {},
  },
  run: pathInfo,
};

async function pathInfo(argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  if (sub === "get") return get(rest);
  if (sub === "list") return list(rest);
  if (sub === "put") return put(rest);
  if (sub === "delete") return del(rest);
  const usage = command.help.usage.join(" | ");
  throw new UsageError(sub === undefined ? `missing subcommand get, list, put or delete; usage: ${usage}` : `unknown subcommand ${JSON.stringify(sub)}; usage: ${usage}`);
}

async function get(argv: string[]): Promise<void> {
  const { values, positionals: p, cfg, log } = await setup(argv, getHelp);
  const [text] = positionals(p, ["STOREPATH"], getHelp) as [string];
  // Parsed as a store path whatever it looks like, so a malformed one is named as one.
  if (B3Digest.tryParse(text) !== null) throw new UsageError(`${text} is a digest; path-info get takes a store path (/nix/store/<hash>-<name>)`);
  const { storePath: sp, subpath } = parseStorePathWithSubpath(text);
  if (subpath.length > 0) throw new UsageError(`${text}: path-info get takes a store path, not a path inside one`);
  const info = await withStore(cfg, log, (s) => s.pathInfos.get(sp.digest), ["pathInfos"]);
  if (info === null) throw notFound(`${formatStorePath(sp)}: not found`);
  // A hash part that exists under another name is not this path.
  if (info.storePath.name !== sp.name) throw notFound(`${formatStorePath(sp)}: not found (the hash names ${formatStorePath(info.storePath)})`);
  makeOutput(values["json"] === true).result(pathInfoJson(info));
}

async function list(argv: string[]): Promise<void> {
  const { values, positionals: p, cfg, log } = await setup(argv, listHelp);
  positionals(p, [], listHelp);
  const json = values["json"] === true;
  await withStore(
    cfg,
    log,
    async ({ pathInfos }) => {
      let buf = "";
      for await (const info of pathInfos.list()) {
        buf += (json ? toJson(pathInfoJson(info) as Json) : formatStorePath(info.storePath)) + "\n";
        if (buf.length > 64 * 1024) {
          if (!process.stdout.write(buf)) await new Promise((r) => process.stdout.once("drain", r));
          buf = "";
        }
      }
      process.stdout.write(buf);
    },
    ["blobs", "directories", "pathInfos"],
  );
}

async function put(argv: string[]): Promise<void> {
  const { values, positionals: p, cfg, log } = await setup(argv, putHelp);
  positionals(p, [], putHelp);
  const nodeText = values["node"];
  if (typeof nodeText !== "string") throw new UsageError(`--node REF is required; usage: ${putHelp.usage[0]}`);
  const ref = parseTreeRef(nodeText);
  const ni = parseNarInfo(await readText(process.stdin));
  const stored = await withStore(
    cfg,
    log,
    async (store) => {
      const { node } = await store.resolve(ref);
      const anonymous = renameNode(node, new Uint8Array(0));
      const nar = await store.pathInfos.calculateNar(anonymous);
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
      return store.pathInfos.put(info);
    },
    ["blobs", "directories", "pathInfos"],
  );
  makeOutput(values["json"] === true).result(pathInfoJson(stored));
}

async function del(argv: string[]): Promise<void> {
  const { values, positionals: p, cfg, log } = await setup(argv, deleteHelp);
  const [text] = positionals(p, ["STOREPATH"], deleteHelp) as [string];
  if (B3Digest.tryParse(text) !== null) throw new UsageError(`${text} is a digest; path-info delete takes a store path (/nix/store/<hash>-<name>)`);
  const { storePath: sp, subpath } = parseStorePathWithSubpath(text);
  if (subpath.length > 0) throw new UsageError(`${text}: path-info delete takes a store path, not a path inside one`);
  const deleted = await withStore(
    cfg,
    log,
    async (store) => {
      if (store.connection === null) throw invalid("path-info delete works on a store kept in JetStream");
      const info = await store.pathInfos.get(sp.digest);
      // A hash part that exists under another name is not this path.
      if (info === null || info.storePath.name !== sp.name) return false;
      return deletePathInfo(store.connection, { prefix: store.prefix, ...(cfg.jsDomain === undefined ? {} : { domain: cfg.jsDomain }) }, sp.digest);
    },
    ["pathInfos"],
  );
  if (!deleted) throw notFound(`${formatStorePath(sp)}: not found`);
  makeOutput(values["json"] === true).result({ deleted: true, storePath: formatStorePath(sp) });
}
