// `castore nar REF`: the NAR of a node or store path on stdout (store.nar), rendered from the blob
// and directory services with file contents fetched ahead of the writer. Nothing but NAR bytes
// goes to stdout; on a terminal a progress bar goes to stderr.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Node } from "@castore/core";
import { needsPathInfo, parseTreeRef, type Resolved } from "@castore/store";
import { bulkStdout } from "../output.js";
import { Progress } from "../progress.js";
import { REF_NOTE, positionals, setup, storeCommand, withStore, type CommandDef } from "../setup.js";

export const command: CommandDef = {
  name: "nar",
  help: storeCommand({
    usage: ["castore nar REF"],
    summary: "Writes the NAR of what REF names to stdout, byte-identical to `nix-store --dump`; every file is verified.",
    notes: [REF_NOTE],
  }),
  async run(argv) {
    const { positionals: p, cfg, log } = await setup(argv, command.help);
    const [text] = positionals(p, ["REF"], command.help) as [string];
    const ref = parseTreeRef(text);
    await withStore(
      cfg,
      log,
      async (store) => {
        const resolved = await store.resolve(text);
        const source = Readable.from(store.nar(resolved.node), { objectMode: false });
        const progress = Progress.forTransfer("nar", knownNarSize(resolved));
        try {
          if (progress === null) await pipeline(source, bulkStdout());
          else await pipeline(source, progress.meter(), bulkStdout());
        } finally {
          progress?.finish();
        }
      },
      ["blobs", "directories", ...(needsPathInfo(ref) ? (["pathInfos"] as const) : [])],
    );
  },
};

/**
 * The NAR's size where it is known without rendering it: a store path's PathInfo records it, and
 * a file's follows from its size. A directory's would need its whole closure first (or a
 * calculate_nar, which reads every byte), so it is left unknown and the bar shows bytes so far.
 */
function knownNarSize({ node, pathInfo }: Resolved): bigint | undefined {
  if (pathInfo !== null) return pathInfo.narSize;
  return node.type === "file" ? fileNarSize(node) : undefined;
}

/** Each NAR string is an 8-byte length, then the bytes padded to a multiple of 8. */
const narString = (len: bigint): bigint => 8n + ((len + 7n) / 8n) * 8n;

/** The NAR of a lone file: the header, `( type regular [executable ""] contents <data> )`. */
function fileNarSize(node: Extract<Node, { type: "file" }>): bigint {
  const strings = ["nix-archive-1", "(", "type", "regular", ...(node.executable ? ["executable", ""] : []), "contents", ")"];
  return strings.reduce((n, s) => n + narString(BigInt(s.length)), narString(node.size));
}
