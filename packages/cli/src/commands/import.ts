// `castore import PATH [--name NAME] [--json]`: stores a file, directory or symlink (symlinks are
// not followed, also at the root) with store.importPath and prints `castore hash`'s JSON plus
// transfer figures. The store path is registered only after all its content is stored.
import { lstatSync } from "node:fs";
import { storePathName } from "@castore/store/summary";
import { makeOutput } from "../output.js";
import { Progress } from "../progress.js";
import { JSON_OPTION, positionals, setup, storeCommand, withStore, type CommandDef } from "../setup.js";

export const command: CommandDef = {
  name: "import",
  help: storeCommand({
    usage: ["castore import PATH [--name NAME] [--json]"],
    summary:
      "Stores a file, directory or symlink (not followed) and registers it as the store path `nix-store --add` " +
      "gives it. Prints the fields of `castore hash` plus bytesUploaded, chunksUploaded and chunksSkipped; " +
      "only chunks the store lacks are sent.",
    options: { name: { type: "string", value: "NAME", help: "the store path's name (default: PATH's base name)" }, ...JSON_OPTION },
  }),
  async run(argv) {
    const { values, positionals: p, cfg, log } = await setup(argv, command.help);
    const [path] = positionals(p, ["PATH"], command.help) as [string];
    // A bad name or a missing path fails before anything starts or connects.
    const name = storePathName(path, values["name"] as string | undefined);
    const st = lstatSync(path);
    const r = await withStore(
      cfg,
      log,
      async (store) => {
        // A lone file's size is the total; a tree's would take a walk of its own, so the bar
        // shows files and bytes so far instead.
        const progress = Progress.forTree("import", st.isFile() ? st.size : undefined);
        try {
          return await store.importPath(path, { name, progress });
        } finally {
          progress?.finish();
        }
      },
      ["blobs", "directories", "pathInfos"],
    );
    const { node: _node, narSha256: _sha, ...fields } = r;
    makeOutput(values["json"] === true).result(fields);
  },
};
