// `castore stop`: stops the embedded nats-server of $CASTORE_HOME, if one runs and is ours.
import { stopEmbeddedServer } from "@castore/store";
import { makeOutput } from "../output.js";
import { JSON_OPTION, positionals, setup, type CommandDef } from "../setup.js";
import { storeEnv } from "@castore/service-kit";

export const command: CommandDef = {
  name: "stop",
  help: {
    usage: ["castore stop [--json]"],
    summary: "Stops the embedded background nats-server of CASTORE_HOME, if one runs. Its data stays.",
    options: JSON_OPTION,
    env: storeEnv.filter(([n]) => n === "CASTORE_HOME"),
  },
  async run(argv) {
    const { values, positionals: p, cfg } = await setup(argv, command.help);
    positionals(p, [], command.help);
    const pid = await stopEmbeddedServer(cfg.home);
    const out = makeOutput(values["json"] === true);
    if (out.json) out.result({ stopped: pid !== null, ...(pid === null ? {} : { pid }) });
    else process.stdout.write(pid === null ? "no embedded nats-server was running\n" : `stopped the embedded nats-server (pid ${pid})\n`);
  },
};
