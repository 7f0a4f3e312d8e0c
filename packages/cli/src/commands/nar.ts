// `castore nar REF`: the NAR of a node or store path on stdout (store.nar), rendered from the blob
// and directory services with file contents fetched ahead of the writer. Nothing but NAR bytes
// goes to stdout.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { needsPathInfo, parseTreeRef } from "@castore/store";
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
        const { node } = await store.resolve(text);
        await pipeline(Readable.from(store.nar(node), { objectMode: false }), process.stdout);
      },
      ["blobs", "directories", ...(needsPathInfo(ref) ? (["pathInfos"] as const) : [])],
    );
  },
};
