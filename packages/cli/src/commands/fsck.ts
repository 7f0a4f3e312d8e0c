// `castore fsck [--repair] [--json]`: checks every chunk, blob index, directory and path info of
// the store (in its JetStream buckets: the embedded store, or with --nats the NATS the services
// use, which needs JetStream access) and reports what is wrong, with its digest. --repair removes
// broken records (and everything that claims them) so that a re-import restores them. Exit 1 when
// anything was wrong, repaired or not: removing a record does not bring its data back.
import { Code, StoreError } from "@castore/core";
import { fsck, type FsckProblem } from "@castore/store";
import { makeOutput, toJson } from "../output.js";
import { JSON_OPTION, positionals, setup, storeCommand, withStore, type CommandDef } from "../setup.js";

export const command: CommandDef = {
  name: "fsck",
  help: storeCommand({
    usage: ["castore fsck [--repair] [--json]"],
    summary:
      "Checks every chunk, blob index, directory, path info and pack part of the store and reports what is wrong, " +
      "with its digest; exit 1 if anything is. With --repair, removes broken records and what depends on them " +
      "(a directory above a broken one, a path info whose content is gone), so that importing again restores them, " +
      "gives blobs stored before trees existed their tree, and writes or rewrites pack parts from the chunks.",
    options: { repair: { type: "boolean", help: "remove broken records so a re-import restores them; write missing trees and pack parts" }, ...JSON_OPTION },
  }),
  async run(argv) {
    const { values, positionals: p, cfg, log } = await setup(argv, command.help);
    positionals(p, [], command.help);
    const json = values["json"] === true;
    const repair = values["repair"] === true;
    const onProblem = (x: FsckProblem): void => {
      process.stdout.write(
        json
          ? toJson({ kind: x.kind, key: x.key, problem: x.problem, repaired: x.repaired }) + "\n"
          : `${x.kind} ${x.key}: ${x.problem}${x.repaired ? " (removed)" : ""}\n`,
      );
    };
    const report = await withStore(
      cfg,
      log,
      async (store) => {
        if (store.connection === null) throw new StoreError(Code.InvalidArgument, "fsck checks a store kept in JetStream");
        return fsck(store.connection, { prefix: store.prefix, ...(cfg.jsDomain === undefined ? {} : { domain: cfg.jsDomain }) }, { repair, onProblem });
      },
      [],
    );
    const summary = { ...report, upstreams: report.upstreams === null ? null : [...report.upstreams], ok: report.problems === 0 };
    if (json) makeOutput(true).result(summary);
    else {
      process.stdout.write(
        `checked ${report.chunks} chunks, ${report.blobs} blob indexes, ${report.directories} directories, ${report.pathInfos} path infos, ${report.packs} pack parts: ` +
          (report.treesMissing > 0 ? `${report.treesMissing} blob(s) stored before trees existed${report.treesBuilt > 0 ? `, ${report.treesBuilt} given their tree` : " (--repair gives them their tree; reads do too)"}; ` : "") +
          (report.upstreams !== null ? `a cache of ${report.upstreams.join(", ")}: ${report.leftToUpstream} file content(s) left to the upstream (fetched when read); ` : "") +
          (report.packsMissing > 0 ? `${report.packsMissing} pack part(s) not written yet${report.packsBuilt > 0 ? `, ${report.packsBuilt} written now` : " (--repair writes them; reads do too)"}; ` : "") +
          (report.problems === 0 ? "no problems\n" : `${report.problems} problem(s)${repair ? `, ${report.repaired} repaired` : "; run with --repair to remove the broken records"}\n`),
      );
    }
    if (report.problems > 0) process.exitCode = 1;
  },
};
