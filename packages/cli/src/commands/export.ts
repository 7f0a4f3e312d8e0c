// `castore export REF DEST [--force]`: materialises a tree (or a file, or a symlink) at DEST with
// store.exportTo: built beside DEST and renamed into place, so DEST never holds a half-written
// export. Ctrl-C aborts it; the temporary tree is removed and DEST left as it was.
import { checkExportDest, needsPathInfo, parseTreeRef } from "@castore/store";
import { Progress } from "../progress.js";
import { REF_NOTE, positionals, setup, storeCommand, withStore, type CommandDef } from "../setup.js";

export const command: CommandDef = {
  name: "export",
  help: storeCommand({
    usage: ["castore export REF DEST [--force]"],
    summary:
      "Materialises what REF names at DEST: files (exec bits as in Nix), symlinks, empty directories, every " +
      "byte verified. DEST must not exist, or be an empty directory, unless --force is given.",
    options: { force: { type: "boolean", help: "replace DEST if it exists (only once the new tree is complete)" } },
    notes: [REF_NOTE],
  }),
  async run(argv) {
    const { values, positionals: p, cfg, log } = await setup(argv, command.help);
    const [text, dest] = positionals(p, ["REF", "DEST"], command.help) as [string, string];
    const ref = parseTreeRef(text);
    const force = values["force"] === true;
    // Checked before anything starts or connects, so a refused export touches nothing.
    checkExportDest(dest, force);
    await withStore(
      cfg,
      log,
      async (store) => {
        // Resolved here, so a lone file's size gives the bar a total (a tree's is unknown).
        const resolved = await store.resolve(ref);
        const progress = Progress.forTree("export", resolved.node.type === "file" ? resolved.node.size : undefined);
        const abort = new AbortController();
        const onSignal = (signal: NodeJS.Signals): void => abort.abort(new Error(`interrupted (${signal}); ${dest} was left as it was`));
        process.once("SIGINT", onSignal);
        process.once("SIGTERM", onSignal);
        try {
          await store.exportTo(resolved, dest, { force, progress, signal: abort.signal });
        } finally {
          process.off("SIGINT", onSignal);
          process.off("SIGTERM", onSignal);
          progress?.finish();
        }
      },
      ["blobs", "directories", ...(needsPathInfo(ref) ? (["pathInfos"] as const) : [])],
    );
  },
};
