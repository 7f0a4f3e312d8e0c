// `castore pin REF [--json]` and `castore pin list [--json]`: pins are roots of castore gc besides
// path infos (docs/PROTOCOL.md, "Garbage collection"). Pinning touches the content first, so a pin
// set while a gc sweeps either keeps all of it or fails with "not found" — never half.
import { Code, StoreError } from "@castore/core";
import { openPins, parseTreeRef, type Store } from "@castore/store";
import { makeOutput, toJson } from "../output.js";
import { JSON_OPTION, REF_NOTE, positionals, setup, storeCommand, withStore, type CommandDef } from "../setup.js";

export const command: CommandDef = {
  name: "pin",
  help: storeCommand({
    usage: ["castore pin REF [--json]", "castore pin list [--json]"],
    summary:
      "Keeps a directory tree or blob from castore gc although no path info refers to it (`castore unpin REF` lets it go). " +
      "`castore pin list` lists the pins.",
    options: JSON_OPTION,
    notes: [REF_NOTE],
  }),
  async run(argv) {
    const { values, positionals: p, cfg, log } = await setup(argv, command.help);
    const [text] = positionals(p, ["REF"], command.help) as [string];
    const json = values["json"] === true;
    await withStore(
      cfg,
      log,
      async (store) => {
        const pins = await openPins(jetStreamOf(store), { prefix: store.prefix, ...(cfg.jsDomain === undefined ? {} : { domain: cfg.jsDomain }) });
        if (text === "list") {
          for await (const pin of pins.list()) process.stdout.write(json ? toJson({ ...pin }) + "\n" : `${pin.type} ${pin.digest} ${pin.ref}\n`);
          return;
        }
        const { node } = await store.resolve(parseTreeRef(text));
        const pin = await pins.pin(node, text);
        makeOutput(json).result({ pinned: true, ...pin });
      },
      ["blobs", "directories", "pathInfos"],
    );
  },
};

/** The NATS connection of a store kept in JetStream (pins live in one of its buckets). */
export function jetStreamOf(store: Store): NonNullable<Store["connection"]> {
  if (store.connection === null) throw new StoreError(Code.InvalidArgument, "pins are kept in a store's JetStream buckets; this store has none");
  return store.connection;
}
