// `castore blob put FILE|-` and `castore blob stat DIGEST`: store a blob, show its size and chunks.
import { notFound } from "@castore/core";
import type { ChunkMeta } from "@castore/blob";
import { UsageError } from "@castore/service-kit/args";
import { parseBlobRef } from "@castore/store";
import { makeOutput } from "../output.js";
import { Progress } from "../progress.js";
import { formatBytes } from "../units.js";
import { inputFile } from "../command.js";
import { JSON_OPTION, positionals, setup, storeCommand, withStore, type CommandDef } from "../setup.js";

const putHelp = storeCommand({
  usage: ["castore blob put FILE|- [--json]"],
  summary:
    "Stores one blob (a file, or stdin with -): chunked with FastCDC, only chunks the store lacks are sent. " +
    "Prints digest, size, chunks, bytesUploaded, chunksUploaded, chunksSkipped.",
  options: JSON_OPTION,
});

const statHelp = storeCommand({
  usage: ["castore blob stat DIGEST [--json]"],
  summary:
    "Shows a blob's size, chunk count and the spread of its chunk sizes (with --json instead chunkList, its " +
    "chunks in order).",
  options: JSON_OPTION,
});

export const command: CommandDef = {
  name: "blob",
  help: {
    usage: [putHelp.usage[0]!, statHelp.usage[0]!],
    summary: "Stores a blob, or shows one. `castore blob put --help` and `castore blob stat --help` say more.",
    options: {},
  },
  async run(argv) {
    const [sub, ...rest] = argv;
    if (sub === "put") return put(rest);
    if (sub === "stat") return stat(rest);
    throw new UsageError(
      sub === undefined ? `missing subcommand put or stat; usage: ${command.help.usage.join(" | ")}` : `unknown subcommand ${JSON.stringify(sub)}; usage: ${command.help.usage.join(" | ")}`,
    );
  },
};

/** Help for `blob put` / `blob stat` (main.ts asks before running). */
export const subcommands: Record<string, typeof putHelp> = { put: putHelp, stat: statHelp };

async function put(argv: string[]): Promise<void> {
  const { values, positionals: p, cfg, log } = await setup(argv, putHelp);
  const [path] = positionals(p, ["FILE"], putHelp) as [string];
  const { source, size } = inputFile(path, "; blob put stores one file");
  const r = await withStore(cfg, log, async ({ blobs }) => {
    const progress = Progress.forTransfer("put", size);
    try {
      return await blobs.put(progress === null ? source : source.pipe(progress.meter()));
    } finally {
      progress?.finish();
    }
  });
  makeOutput(values["json"] === true).result({
    digest: r.digest.toHex(),
    size: r.size,
    chunks: r.chunks,
    bytesUploaded: r.bytesUploaded,
    chunksUploaded: r.chunksUploaded,
    chunksSkipped: r.chunksSkipped,
  });
}

async function stat(argv: string[]): Promise<void> {
  const { values, positionals: p, cfg, log } = await setup(argv, statHelp);
  const [text] = positionals(p, ["DIGEST"], statHelp) as [string];
  const digest = parseBlobRef(text);
  const st = await withStore(cfg, log, ({ blobs }) => blobs.stat(digest));
  if (st === null) throw notFound(`blob ${digest} not found`);
  // Counted like `blob put` does: a blob stored as one chunk has one, the empty blob none.
  const chunks = st.chunks.length > 0 ? st.chunks.length : st.size > 0n ? 1 : 0;
  const out = makeOutput(values["json"] === true);
  if (out.json) {
    out.result({ digest: st.digest.toHex(), size: st.size, chunks, chunkList: st.chunks.map((c) => ({ digest: c.digest.toHex(), size: c.size })) });
    return;
  }
  // For people a summary: a large blob has thousands of chunks, which only --json lists.
  out.result({
    digest: st.digest.toHex(),
    size: st.size >= 1024n ? `${st.size} (${formatBytes(st.size)})` : String(st.size),
    chunks: String(chunks),
    ...(st.chunks.length > 0 ? chunkSummary(st.chunks) : {}),
  });
}

/** Distinct chunks and the spread of chunk sizes, e.g. "min 131072, avg 262144, max 524288". */
function chunkSummary(chunks: readonly ChunkMeta[]): Record<string, string> {
  let min = Infinity;
  let max = 0;
  let total = 0;
  const distinct = new Set<string>();
  for (const c of chunks) {
    min = Math.min(min, c.size);
    max = Math.max(max, c.size);
    total += c.size;
    distinct.add(c.digest.toHex());
  }
  return {
    "distinct chunks": String(distinct.size),
    "chunk sizes": `min ${min}, avg ${Math.round(total / chunks.length)}, max ${max} bytes`,
  };
}
