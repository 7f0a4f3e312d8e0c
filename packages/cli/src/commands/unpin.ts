// `castore unpin REF [--json]`: drops the pin of a directory or blob (castore pin); its content is
// then collected by castore gc unless a path info or another pin reaches it.
import { B3Digest, notFound } from "@castore/core";
import { openPins, parseTreeRef } from "@castore/store";
import { makeOutput } from "../output.js";
import { JSON_OPTION, REF_NOTE, positionals, setup, storeCommand, withStore, type CommandDef } from "../setup.js";
import { jetStreamOf } from "./pin.js";

export const command: CommandDef = {
  name: "unpin",
  help: storeCommand({
    usage: ["castore unpin REF [--json]"],
    summary: "Drops a pin (castore pin): castore gc may then collect the content unless a path info or another pin reaches it.",
    options: JSON_OPTION,
    notes: [REF_NOTE, "A bare digest unpins it directly, also when its content is gone."],
  }),
  async run(argv) {
    const { values, positionals: p, cfg, log } = await setup(argv, command.help);
    const [text] = positionals(p, ["REF"], command.help) as [string];
    const removed = await withStore(
      cfg,
      log,
      async (store) => {
        const pins = await openPins(jetStreamOf(store), { prefix: store.prefix, ...(cfg.jsDomain === undefined ? {} : { domain: cfg.jsDomain }) });
        // A bare digest needs no lookup (its content may be gone); anything else is resolved.
        const digest = B3Digest.tryParse(text) ?? (await store.resolve(parseTreeRef(text))).node;
        const d = digest instanceof B3Digest ? digest : "digest" in digest ? digest.digest : null;
        if (d === null) throw notFound(`${text}: a symlink is never pinned`);
        return pins.unpin(d);
      },
      ["blobs", "directories", "pathInfos"],
    );
    if (removed.length === 0) throw notFound(`${text}: not pinned`);
    makeOutput(values["json"] === true).result({ unpinned: true, digest: removed[0]!.digest, ref: removed[0]!.ref });
  },
};
