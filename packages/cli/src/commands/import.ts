// `castore import PATH [--name NAME] [--json]`: stores a file, directory or symlink (symlinks
// are not followed, also at the root) and prints `castore hash`'s JSON plus transfer figures.
// After every blob and directory is stored, the PathInfo is registered as `nix-store --add`
// would: the recursive CA path (fixed:r:sha256) of the NAR, no references.
import { lstatSync } from "node:fs";
import { UsageError } from "../args.js";
import { importPath } from "../importer.js";
import { makeOutput } from "../output.js";
import { Progress } from "../progress.js";
import { setup } from "../setup.js";
import { withStore } from "../store.js";
import { hashJson, storePathName } from "./hash.js";
import { registerCaPath } from "../register.js";

export const usage = "castore import PATH [--name NAME] [--json]";

export async function importCmd(argv: string[]): Promise<void> {
  const { values, positionals, cfg, log } = await setup(argv, {
    json: { type: "boolean" },
    name: { type: "string" },
  });
  if (positionals.length !== 1) throw new UsageError(`usage: ${usage}`);
  const path = positionals[0]!;
  // A bad name or a missing path fails before anything starts or connects.
  const name = storePathName(path, values["name"] as string | undefined);
  lstatSync(path);
  const r = await withStore(
    cfg,
    log,
    async (store) => {
      const progress = Progress.forTree("import");
      try {
        const r = await importPath(path, store, { progress });
        await registerCaPath(store.infos, r, name);
        return r;
      } finally {
        progress?.finish();
      }
    },
    { pathinfo: true },
  );
  makeOutput(values["json"] === true).result({
    ...hashJson(r, name),
    bytesUploaded: r.bytesUploaded,
    chunksUploaded: r.chunksUploaded,
    chunksSkipped: r.chunksSkipped,
  });
}
