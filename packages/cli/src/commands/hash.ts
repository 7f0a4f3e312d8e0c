// `castore hash PATH [--json] [--name NAME]`: the root node and the Nix view (NAR hash and size,
// the CA store path `nix-store --add` would give) of a local path, computed without storing.
// Starts nothing and loads no NATS client.
import { hashPath } from "@castore/core";
import { parse } from "@castore/service-kit/args";
import { pathSummary, storePathName } from "@castore/store/summary";
import { makeOutput } from "../output.js";
import { JSON_OPTION, positionals, type CommandDef } from "../command.js";

export const command: CommandDef = {
  name: "hash",
  help: {
    usage: ["castore hash PATH [--name NAME] [--json]"],
    summary:
      "Computes, without storing, the root node (BLAKE3 digest) of a file, directory or symlink and its Nix view: " +
      "NAR hash and size, and the store path `nix-store --add` would give it. Starts no server.",
    options: { name: { type: "string", value: "NAME", help: "the store path's name (default: PATH's base name)" }, ...JSON_OPTION },
  },
  async run(argv) {
    const { values, positionals: p } = parse(argv, command.help.options);
    const [path] = positionals(p, ["PATH"], command.help) as [string];
    const name = storePathName(path, values["name"] as string | undefined);
    const r = await hashPath(path);
    makeOutput(values["json"] === true).result(pathSummary(r, name));
  },
};
