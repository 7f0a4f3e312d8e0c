// Entry of the `castore` command: dispatches to one module per command and turns every failure
// into one line on stderr and exit status 1 (DESIGN §7). Logs and progress never go to stdout.
import { isStoreError } from "@castore/core";
import { UsageError } from "./args.js";
import * as blobCmd from "./commands/blob.js";
import * as catCmd from "./commands/cat.js";
import * as exportCmd from "./commands/export.js";
import * as hashCmd from "./commands/hash.js";
import * as importCmd from "./commands/import.js";
import * as lsCmd from "./commands/ls.js";
import * as serveCmd from "./commands/serve.js";
import * as stopCmd from "./commands/stop.js";

type Command = { usage: string; run: (argv: string[]) => Promise<void> };

const commands: Record<string, Command> = {
  serve: { usage: serveCmd.usage, run: serveCmd.serve },
  stop: { usage: stopCmd.usage, run: stopCmd.stop },
  hash: { usage: hashCmd.usage, run: hashCmd.hash },
  import: { usage: importCmd.usage, run: importCmd.importCmd },
  export: { usage: exportCmd.usage, run: exportCmd.exportCmd },
  ls: { usage: lsCmd.usage, run: lsCmd.ls },
  blob: { usage: blobCmd.usage, run: blobCmd.blob },
  cat: { usage: catCmd.usage, run: catCmd.cat },
};

function help(): string {
  return [
    "castore: a content-addressed file system and sync protocol on NATS",
    "",
    "usage:",
    ...Object.values(commands).map((c) => `  ${c.usage}`),
    "",
    "store options (every command but hash; each also read from CASTORE_<NAME>, e.g. CASTORE_NATS_URL):",
    "  --nats URLS          nats://[user:pass@]host:port,... (default: the embedded server under CASTORE_HOME)",
    "  --prefix P           subject prefix of the store (default castore)",
    "  --creds FILE | --nkey FILE | --tls-ca FILE --tls-cert FILE --tls-key FILE | --js-domain D",
    "  --replicas 1|3|5     replicas of the buckets the services create",
    "",
  ].join("\n");
}

function describe(e: unknown): string {
  if (e instanceof UsageError || isStoreError(e)) return e.message;
  const err = e as NodeJS.ErrnoException;
  if (err?.code === "ENOENT" && err.path) return `${err.path}: no such file or directory`;
  if (err?.code === "EACCES" && err.path) return `${err.path}: permission denied`;
  if (err?.code === "EPIPE") return "output closed early (EPIPE)";
  return err?.message ?? String(e);
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    process.stdout.write(help());
    return name === undefined ? 1 : 0;
  }
  const cmd = commands[name];
  if (!cmd) {
    process.stderr.write(`castore: unknown command ${JSON.stringify(name)}\n${help()}`);
    return 1;
  }
  try {
    await cmd.run(rest);
    return 0;
  } catch (e) {
    const label = name === "blob" && (rest[0] === "put" || rest[0] === "stat") ? `blob ${rest[0]}` : name;
    process.stderr.write(`castore ${label}: ${describe(e).replaceAll("\n", " ")}\n`);
    if (process.env["CASTORE_DEBUG"] && e instanceof Error) process.stderr.write(`${e.stack}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
