// `castore serve [--only blob,...]`: runs the castore services in this process — each the same
// starter its own `main` runs — on a NATS (or, without --nats, on the embedded server in the
// foreground) until SIGINT/SIGTERM, then drains: services finish their in-flight requests, the
// connection flushes, and only then does the server stop (service-kit Runner). With --http it also
// serves the store as a Nix binary cache (@castore/nar-bridge), stopped first. With --upstream URL
// (repeatable, in priority order) the services answer as read-through caches of the upstream
// store(s) (@castore/store edge.ts): what a client reads through them stays in this store, and with
// --max-bytes only until the store outgrows the bound (@castore/store evict.ts).
import { blobStarter } from "@castore/blob";
import { directoryStarter } from "@castore/directory";
import { pathInfoStarter } from "@castore/pathinfo";
import { bridgeOptions, loadBridgeConfig, serveBridge } from "@castore/nar-bridge";
import { Runner, connectEmbedded, connectNats, describeConfig, metricsOption, natsTarget, startContext, startMetrics, type NatsTarget, type ServiceStarter } from "@castore/service-kit";
import { UsageError } from "@castore/service-kit/args";
import { Edge, checkUpstreams, foregroundEmbeddedServer } from "@castore/store";
import { setup, storeCommand, type CommandDef } from "../setup.js";
import { parseBytes, parseDuration } from "../units.js";

const STARTERS: readonly ServiceStarter[] = [blobStarter, directoryStarter, pathInfoStarter];

function selectServices(only: string | undefined, all: readonly ServiceStarter[] = STARTERS): ServiceStarter[] {
  if (only === undefined) return [...all];
  const picked = [...new Set(only.split(",").map((s) => s.trim()).filter((s) => s !== ""))];
  if (picked.length === 0) throw new UsageError("--only needs at least one service name");
  const names = STARTERS.map((s) => s.name);
  for (const s of picked) {
    if (!names.includes(s)) throw new UsageError(`--only: unknown service ${JSON.stringify(s)}; the services are ${names.join(", ")}`);
  }
  return all.filter((s) => picked.includes(s.name));
}

export const command: CommandDef = {
  name: "serve",
  help: storeCommand({
    usage: ["castore serve [--only blob,directory,pathinfo] [--nats URLS] [--signing-key FILE] [--http HOST:PORT] [--upstream URL ... [--write-through] [--max-bytes SIZE [--evict-grace DURATION]]]"],
    summary:
      "Runs the castore services (all, or those --only names) until SIGINT/SIGTERM, then drains in-flight " +
      "requests and exits 0. Without --nats it runs the embedded nats-server in the foreground too. With --http " +
      "it also serves the store as a Nix binary cache (substituter; nix copy --to 'http://HOST:PORT?compression=none'), " +
      "whose narinfos carry the --signing-key signature. Each part can also run as its own process: castore-blob, " +
      "castore-directory, castore-pathinfo, castore-nar-bridge. With --upstream, the services answer as read-through " +
      "caches of the upstream store(s): a client sees everything the upstream has, and what it reads stays in this store; " +
      "while an upstream is down, what is here is still served and the rest fails at once (503, naming the upstream). " +
      "With --max-bytes, this store is kept around that size: past it, the store paths read least recently are evicted " +
      "with what only they reach (castore gc's sweep), and a later read of them goes to the upstream again.",
    options: {
      only: { type: "string", value: "LIST", help: "comma-separated services to run: blob, directory, pathinfo" },
      upstream: {
        type: "string",
        value: "URL",
        multiple: true,
        help: "serve as a read-through cache of this store (nats://host:port?prefix=P, or any store address); repeat for several, in priority order",
      },
      "write-through": { type: "boolean", help: "with --upstream: writes go to the (first) upstream as well as here" },
      "max-bytes": {
        type: "string",
        value: "SIZE",
        help: "with --upstream: keep this store under SIZE (e.g. 20GiB, 500MiB), evicting what was read least recently down to 80% of it",
      },
      "evict-grace": {
        type: "string",
        value: "DURATION",
        help: "with --max-bytes: never evict what was written or relied on more recently than this (default 1m; uploads through this store must write their path info within it)",
      },
      ...bridgeOptions,
      ...metricsOption,
    },
  }),
  async run(argv) {
    const { values, lists, positionals: p, cfg, log } = await setup(argv, command.help, "info");
    if (p.length !== 0) throw new UsageError(`unexpected argument ${JSON.stringify(p[0])}; usage: ${command.help.usage[0]}`);
    const upstreams = lists["upstream"] ?? [];
    const writeThrough = values["write-through"] === true;
    if (writeThrough && upstreams.length === 0) throw new UsageError("--write-through needs --upstream URL");
    const maxText = values["max-bytes"];
    const graceText = values["evict-grace"];
    if (maxText !== undefined && upstreams.length === 0) throw new UsageError("--max-bytes needs --upstream URL (only a cache may drop what it holds)");
    if (graceText !== undefined && maxText === undefined) throw new UsageError("--evict-grace needs --max-bytes SIZE");
    const maxBytes = typeof maxText === "string" ? parseBytes(maxText) : undefined;
    if (maxBytes === null) throw new UsageError(`--max-bytes must be a size such as 20GiB, 500MiB or 1000000, got ${JSON.stringify(maxText)}`);
    const evictGraceMs = typeof graceText === "string" ? parseDuration(graceText, "--evict-grace") : undefined;
    try {
      if (upstreams.length > 0) checkUpstreams(upstreams);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    const bound = { ...(maxBytes === undefined ? {} : { maxBytes }), ...(evictGraceMs === undefined ? {} : { evictGraceMs }) };
    const edge = upstreams.length > 0 ? new Edge(upstreams, { writeThrough, logger: log, ...bound }) : null;
    const only = values["only"];
    const starters = selectServices(typeof only === "string" ? only : undefined, edge?.starters() ?? STARTERS);
    const bridge = loadBridgeConfig(values, process.env);
    if (cfg.nats === undefined && cfg.replicas !== 1) {
      throw new UsageError(`replicas ${cfg.replicas} needs a JetStream cluster; the embedded nats-server is a single node (give --nats URLS)`);
    }
    const services = starters.map((s) => s.name);
    log.info({ config: describeConfig(cfg), services, ...(edge ? { upstreams: upstreams.map(masked), writeThrough, ...bound } : {}) }, "castore serve starting");
    const runner = new Runner(log);
    if (edge) runner.atEnd(() => edge.close());
    let url: string;
    try {
      const metrics = await startMetrics(cfg, runner, log);
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
      let http: string | undefined;
      if (bridge.listen !== undefined) {
        // The bridge is a client of the services, on a connection of its own to the same NATS.
        const target = cfg.nats ?? (natsTarget(url) as NatsTarget);
        const running = await serveBridge({ ...cfg, nats: target }, bridge, log);
        runner.service(running);
        http = running.bridge.url;
      }
      log.info({ url, prefix: cfg.prefix, services, ...(http === undefined ? {} : { http }), ...(metrics === undefined ? {} : { metrics }), ...(edge ? { upstreams: upstreams.map(masked) } : {}) }, "serving");
      await runner.wait();
    } finally {
      await runner.shutdown();
    }
    log.info("stopped");
  },
};

/** An address as it may be logged: a password in it masked. */
const masked = (u: string): string => u.replace(/\/\/([^@/:]*):[^@/]*@/, "//$1:***@");
