// Entry of the `castore` command: dispatches to one module per command and turns every failure
// into one line on stderr and exit status 1 (DESIGN §7). Logs and progress never go to stdout.
import { isStoreError } from "@castore/core";
import { UsageError } from "./args.js";
type Command = { usage: string; run: (argv: string[]) => Promise<void> };

// Loaded on demand: `castore hash` should not pay for NATS, zod and pino at start-up.
const commands: Record<string, () => Promise<Command>> = {
  serve: async () => {
    const m = await import("./commands/serve.js");
    return { usage: m.usage, run: m.serve };
  },
  stop: async () => {
    const m = await import("./commands/stop.js");
    return { usage: m.usage, run: m.stop };
  },
  hash: async () => {
    const m = await import("./commands/hash.js");
    return { usage: m.usage, run: m.hash };
  },
  import: async () => {
    const m = await import("./commands/import.js");
    return { usage: m.usage, run: m.importCmd };
  },
  export: async () => {
    const m = await import("./commands/export.js");
    return { usage: m.usage, run: m.exportCmd };
  },
  ls: async () => {
    const m = await import("./commands/ls.js");
    return { usage: m.usage, run: m.ls };
  },
  blob: async () => {
    const m = await import("./commands/blob.js");
    return { usage: m.usage, run: m.blob };
  },
  cat: async () => {
    const m = await import("./commands/cat.js");
    return { usage: m.usage, run: m.cat };
  },
  nar: async () => {
    const m = await import("./commands/nar.js");
    return { usage: m.usage, run: m.nar };
  },
  "import-nar": async () => {
    const m = await import("./commands/import-nar.js");
    return { usage: m.usage, run: m.importNar };
  },
  "path-info": async () => {
    const m = await import("./commands/path-info.js");
    return { usage: m.usage, run: m.pathInfo };
  },
};

async function help(): Promise<string> {
  const usages = await Promise.all(Object.values(commands).map(async (load) => (await load()).usage));
  return [
    "castore: a content-addressed file system and sync protocol on NATS",
    "",
    "usage:",
    ...usages.map((u) => `  ${u}`),
    "",
    "store options (every command but hash; each also read from CASTORE_<NAME>, e.g. CASTORE_NATS_URL):",
    "  --nats URLS          nats://[user:pass@]host:port,... (default: the embedded server under CASTORE_HOME)",
    "  --prefix P           subject prefix of the store (default castore)",
    "  --creds FILE | --nkey FILE | --tls-ca FILE --tls-cert FILE --tls-key FILE | --js-domain D",
    "  --replicas 1|3|5     replicas of the buckets the services create",
    "  --signing-key FILE   Nix secret key (nix-store --generate-binary-cache-key) the path-info service",
    "                       signs every path with (serve, and the in-process service of the embedded default)",
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
    process.stdout.write(await help());
    return name === undefined ? 1 : 0;
  }
  const load = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!load) {
    process.stderr.write(`castore: unknown command ${JSON.stringify(name)}\n${await help()}`);
    return 1;
  }
  try {
    await (await load()).run(rest);
    return 0;
  } catch (e) {
    const sub = rest[0];
    const label =
      (name === "blob" && (sub === "put" || sub === "stat")) || (name === "path-info" && (sub === "get" || sub === "list" || sub === "put"))
        ? `${name} ${sub}`
        : name;
    process.stderr.write(`castore ${label}: ${describe(e).replaceAll("\n", " ")}\n`);
    if (process.env["CASTORE_DEBUG"] && e instanceof Error) process.stderr.write(`${e.stack}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
