// The nar-bridge as its own process (stateless; run as many replicas as you like behind a load
// balancer), a client of the castore services on a NATS:
//   node services/nar-bridge/dist/main.js --nats nats://host:4222[,…] --http 127.0.0.1:8080 [--prefix castore]
// or `castore-nar-bridge …` once on PATH. Flags fall back to CASTORE_* variables; `--help` lists
// them. Serves until SIGINT/SIGTERM, then drains in-flight requests and exits 0.
import { isStoreError } from "@castore/core";
import {
  Runner,
  UsageError,
  describeConfig,
  helpText,
  loadConfig,
  makeLogger,
  metricsOption,
  parse,
  startMetrics,
  storeEnv,
  storeOptions,
  wantsHelp,
  type Logger,
  type Options,
} from "@castore/service-kit";
import { bridgeOptions, loadBridgeConfig } from "./config.js";
import { serveBridge } from "./serve.js";

const BIN = "castore-nar-bridge";
const VERSION = "0.1.0";

// The path-info service signs (castore serve --signing-key); the bridge itself holds no key.
const options: Options = {
  ...bridgeOptions,
  ...Object.fromEntries(Object.entries(storeOptions).filter(([k]) => k !== "signing-key")),
  ...metricsOption,
  version: { type: "boolean", help: "print the version and exit" },
};

const help = {
  usage: [`${BIN} --nats URLS --http HOST:PORT [--prefix P] [options]`, `node services/nar-bridge/dist/main.js --nats URLS --http HOST:PORT [options]`],
  summary:
    "Serves the castore store on NATS as a Nix HTTP binary cache (substituter, nix copy --to 'http://…?compression=none', " +
    "nix store verify) until SIGINT/SIGTERM. Needs the castore services on that NATS (castore serve); signatures come from " +
    "their --signing-key. Stateless: run as many replicas as you like.",
  options,
  env: storeEnv.filter(([n]) => n !== "CASTORE_HOME"),
};

const argv = process.argv.slice(2);
if (wantsHelp(argv)) {
  process.stdout.write(helpText(help));
} else {
  let log: Logger | undefined;
  let runner: Runner | undefined;
  try {
    const { values, positionals } = parse(argv, options);
    if (values["version"] === true) {
      process.stdout.write(`${BIN} ${VERSION}\n`);
    } else {
      if (positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])} (see --help)`);
      const cfg = loadConfig(values, process.env);
      const b = loadBridgeConfig(values, process.env);
      if (cfg.nats === undefined) throw new UsageError("--nats URLS (or CASTORE_NATS_URL) is required: the NATS the castore services run on");
      if (b.listen === undefined) throw new UsageError("--http HOST:PORT (or CASTORE_HTTP) is required: where to serve the binary cache");
      const pino = await makeLogger(cfg.logLevel ?? "info", BIN);
      log = pino;
      runner = new Runner(pino);
      pino.info({ config: describeConfig(cfg), http: b.listen }, `${BIN} starting`);
      await startMetrics(cfg, runner, pino);
      const running = await serveBridge(cfg, b, pino);
      runner.service(running);
      pino.info({ url: running.bridge.url, nats: cfg.nats.display, prefix: cfg.prefix }, "serving");
      await runner.wait();
    }
  } catch (e) {
    if (log) log.error({ err: e }, "failed");
    const msg = e instanceof UsageError || isStoreError(e) ? e.message : e instanceof Error ? e.message : String(e);
    process.stderr.write(`${BIN}: ${msg.replaceAll("\n", " ")}\n`);
    process.exitCode = 1;
  } finally {
    await runner?.shutdown();
  }
  log?.info({}, "stopped");
}
