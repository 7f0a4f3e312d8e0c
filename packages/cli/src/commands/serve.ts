// `castore serve [--only blob,...]`: runs the castore services in this process — each the same
// starter its own `main` runs — on a NATS (or, without --nats, on the embedded server in the
// foreground) until SIGINT/SIGTERM, then drains: services finish their in-flight requests, the
// connection flushes, and only then does the server stop (service-kit Runner).
import { blobStarter } from "@castore/blob";
import { directoryStarter } from "@castore/directory";
import { pathInfoStarter } from "@castore/pathinfo";
import { Runner, connectEmbedded, connectNats, describeConfig, startContext, type ServiceStarter } from "@castore/service-kit";
import { UsageError } from "@castore/service-kit/args";
import { foregroundEmbeddedServer } from "@castore/store";
import { setup, storeCommand, type CommandDef } from "../setup.js";

const STARTERS: readonly ServiceStarter[] = [blobStarter, directoryStarter, pathInfoStarter];

function selectServices(only: string | undefined): ServiceStarter[] {
  if (only === undefined) return [...STARTERS];
  const picked = [...new Set(only.split(",").map((s) => s.trim()).filter((s) => s !== ""))];
  if (picked.length === 0) throw new UsageError("--only needs at least one service name");
  const names = STARTERS.map((s) => s.name);
  for (const s of picked) {
    if (!names.includes(s)) throw new UsageError(`--only: unknown service ${JSON.stringify(s)}; the services are ${names.join(", ")}`);
  }
  return STARTERS.filter((s) => picked.includes(s.name));
}

export const command: CommandDef = {
  name: "serve",
  help: storeCommand({
    usage: ["castore serve [--only blob,directory,pathinfo] [--nats URLS] [--signing-key FILE]"],
    summary:
      "Runs the castore services (all, or those --only names) until SIGINT/SIGTERM, then drains in-flight " +
      "requests and exits 0. Without --nats it runs the embedded nats-server in the foreground too. Each " +
      "service can also run as its own process: castore-blob, castore-directory, castore-pathinfo.",
    options: { only: { type: "string", value: "LIST", help: "comma-separated services to run: blob, directory, pathinfo" } },
  }),
  async run(argv) {
    const { values, positionals: p, cfg, log } = await setup(argv, command.help, "info");
    if (p.length !== 0) throw new UsageError(`unexpected argument ${JSON.stringify(p[0])}; usage: ${command.help.usage[0]}`);
    const only = values["only"];
    const starters = selectServices(typeof only === "string" ? only : undefined);
    if (cfg.nats === undefined && cfg.replicas !== 1) {
      throw new UsageError(`replicas ${cfg.replicas} needs a JetStream cluster; the embedded nats-server is a single node (give --nats URLS)`);
    }
    const services = starters.map((s) => s.name);
    log.info({ config: describeConfig(cfg), services }, "castore serve starting");
    const runner = new Runner(log);
    let url: string;
    try {
      if (cfg.nats === undefined) {
        const embedded = await foregroundEmbeddedServer(cfg.home, log);
        runner.atEnd(() => embedded.stop());
        url = embedded.url;
        runner.connection(await connectEmbedded(embedded.url, "service"));
      } else {
        url = cfg.nats.display;
        runner.connection(await connectNats(cfg, cfg.nats, "service"));
      }
      const nc = runner.nc!;
      const ctx = startContext(cfg, log);
      for (const s of starters) runner.service(await s.start(nc, ctx));
      log.info({ url, prefix: cfg.prefix, services }, "serving");
      await runner.wait();
    } finally {
      await runner.shutdown();
    }
    log.info("stopped");
  },
};
