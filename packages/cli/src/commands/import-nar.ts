// `castore import-nar FILE|- --name NAME [--json]`: ingests a NAR with store.importNar (strict
// reader; NAR hash and size computed while it streams) and registers its CA store path. A
// malformed NAR fails before anything is registered (its directories are never committed).
import { UsageError } from "@castore/service-kit/args";
import { storePathName } from "@castore/store/summary";
import { makeOutput } from "../output.js";
import { Progress } from "../progress.js";
import { inputFile } from "../command.js";
import { JSON_OPTION, positionals, setup, storeCommand, withStore, type CommandDef } from "../setup.js";

export const command: CommandDef = {
  name: "import-nar",
  help: storeCommand({
    usage: ["castore import-nar FILE|- --name NAME [--json]"],
    summary:
      "Ingests a NAR (from FILE, or stdin with -) and registers it as the content-addressed store path of that " +
      "content and name. Prints the same fields as `castore import`.",
    options: { name: { type: "string", value: "NAME", help: "the store path's name (required)" }, ...JSON_OPTION },
  }),
  async run(argv) {
    const { values, positionals: p, cfg, log } = await setup(argv, command.help);
    const [path] = positionals(p, ["FILE"], command.help) as [string];
    const nameArg = values["name"];
    if (typeof nameArg !== "string") throw new UsageError(`--name NAME is required; usage: ${command.help.usage[0]}`);
    const name = storePathName(path, nameArg);
    const { source, size } = inputFile(path, ", not a NAR file");
    const r = await withStore(
      cfg,
      log,
      async (store) => {
        const progress = Progress.forTransfer("import-nar", size);
        try {
          return await store.importNar(source, { name, progress });
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
