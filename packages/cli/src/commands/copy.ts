// `castore copy --from URL --to URL REF... [--json]`: copies closures between two stores with
// @castore/store copyClosure, moving only what the target lacks. Either side defaults to the store
// of --nats/--prefix (the embedded store without --nats). Ctrl-C stops the copy; nothing half-done
// becomes visible in the target, and the same command run again moves only the rest.
import { UsageError } from "@castore/service-kit/args";
import type { OpenStoreOptions, Store } from "@castore/store";
import { makeOutput } from "../output.js";
import { Progress } from "../progress.js";
import { JSON_OPTION, setup, storeCommand, type CommandDef } from "../setup.js";

export const command: CommandDef = {
  name: "copy",
  help: storeCommand({
    usage: ["castore copy --from URL --to URL REF... [--json]"],
    summary:
      "Copies closures from one store to another, moving only what the target lacks: for a store path, its path info and " +
      "those of every path it refers to (recursively), each with its content; for a digest, its tree (or blob). Blobs go " +
      "first, directories leaves to root, path infos last and each after its references, so a reader of the target never " +
      "sees a path info whose content or references are missing, and an interrupted copy, run again, moves only the rest.",
    options: {
      from: { type: "string", value: "URL", help: "the store to copy from (default: the store of --nats/--prefix, or the embedded store)" },
      to: { type: "string", value: "URL", help: "the store to copy to (default: the store of --nats/--prefix, or the embedded store)" },
      ...JSON_OPTION,
    },
    notes: [
      "URL: nats://[user:pass@]host:port[,host:port...]?prefix=P[&read=direct] (running services, e.g. `castore serve`); " +
        "jetstream://host:port?prefix=P[&replicas=N&domain=D] (the services run in this process on that JetStream); " +
        "embedded (the embedded store under CASTORE_HOME); memory:// (an empty store in this process, for trying things). " +
        "A URL without ?prefix= takes --prefix. --creds, --nkey and the --tls-* files apply to both connections.",
      "REF: a store path (/nix/store/<hash>-<name> or <hash>-<name>): the path and its closure under references, with " +
        "their content; a digest (64 hex, b3:<base64> or blake3-<base64>): a directory's tree, else a blob; a store path or " +
        "digest followed by a subpath (/nix/store/<hash>-x/bin): that node's content, without path infos.",
      "Path infos keep the source's signatures (a path the target has gets the ones it lacks). The target checks every path " +
        "info against its content and references before storing it, and a target that signs (`castore serve --signing-key`, " +
        "or --signing-key for a target that runs in this process: jetstream:// or embedded) adds its own signature.",
      "Every byte read from the source is verified against its digest; the target checks chunks, blobs, directories and " +
        "path infos again on arrival. The pack parts of every directory the target lacks are copied too (read from the " +
        "source's packs), so the target serves trees of small files at once.",
      'Output: with --json one line {"pathInfos":N,"directories":N,"chunks":N,"bytesMoved":N}: what was written to the target ' +
        "(bytesMoved counts chunks, directories, path infos and pack parts sent); a copy with nothing to do prints zeros. " +
        "A progress counter goes to stderr on a terminal.",
    ],
  }),
  async run(argv) {
    const { values, positionals: refs, cfg, log } = await setup(argv, command.help);
    if (refs.length === 0) throw new UsageError(`missing REF; usage: ${command.help.usage[0]}`);
    const fromText = values["from"];
    const toText = values["to"];
    if (fromText === undefined && toText === undefined) throw new UsageError(`give --from URL, --to URL or both; usage: ${command.help.usage[0]}`);
    // Loaded here, not at the top: `--help` needs no NATS client.
    const { copyClosure, needsPathInfo, openStore, parseTreeRef, storeAddress } = await import("@castore/store");
    const parsed = refs.map((r) => parseTreeRef(r)); // every REF checked before anything connects
    const services = ["blobs", "directories", ...(parsed.some(needsPathInfo) ? (["pathInfos"] as const) : [])] as const;
    const [defaultUrl, opts] = storeAddress(cfg, { logger: log, require: services });
    const where = (text: unknown): string | undefined => (text === undefined ? defaultUrl : text === "embedded" ? undefined : String(text));
    const fromUrl = where(fromText);
    const toUrl = where(toText);
    if (fromUrl === toUrl && fromUrl !== "memory://") {
      throw new UsageError(`--from and --to name the same store (${fromUrl ?? "the embedded store"}); copy between two different stores`);
    }
    const open = (url: string | undefined): Promise<Store> => openStore(url, opts as OpenStoreOptions);
    const from = await open(fromUrl);
    let to: Store | null = null;
    const progress = Progress.forTree("copy");
    const abort = new AbortController();
    const onSignal = (signal: NodeJS.Signals): void => abort.abort(new Error(`interrupted (${signal}); run the same copy again to move the rest`));
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
    try {
      to = await open(toUrl);
      const summary = await copyClosure(from, to, parsed, { progress, signal: abort.signal });
      progress?.finish();
      makeOutput(values["json"] === true).result({ ...summary });
    } finally {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      progress?.finish();
      await Promise.allSettled([from.close(), to?.close()]);
    }
  },
};
