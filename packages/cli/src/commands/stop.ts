// `castore stop`: stops the embedded nats-server of $CASTORE_HOME, if one runs and is ours.
import { UsageError } from "../args.js";
import { makeOutput } from "../output.js";
import { setup } from "../setup.js";
import { stopEmbeddedServer } from "../embedded.js";

export const usage = "castore stop [--json]";

export async function stop(argv: string[]): Promise<void> {
  const { values, positionals, cfg } = await setup(argv, { json: { type: "boolean" } });
  if (positionals.length !== 0) throw new UsageError(`usage: ${usage}`);
  const pid = await stopEmbeddedServer(cfg.home);
  const out = makeOutput(values["json"] === true);
  if (out.json) out.result({ stopped: pid !== null, ...(pid === null ? {} : { pid }) });
  else process.stdout.write(pid === null ? "no embedded nats-server was running\n" : `stopped the embedded nats-server (pid ${pid})\n`);
}
