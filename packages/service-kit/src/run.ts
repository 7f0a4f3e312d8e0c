// Running services in the foreground: until SIGINT/SIGTERM (or the NATS connection is lost for
// good), then a clean shutdown — services first (they finish in-flight requests), then the
// connection drains, then whatever else was started (an embedded nats-server). Each step has a
// deadline and a failing step is logged while the rest still runs, so nothing is left behind.
// `serviceMain` is the whole entry point of a service run as its own process.
import { isStoreError, type SigningKey } from "@castore/core";
import type { NatsConnection } from "@nats-io/nats-core";
import { UsageError, helpText, parse, wantsHelp, type Options } from "./args.js";
import type { RunningService } from "./bind.js";
import { describeConfig, loadConfig, metricsOption, storeEnv, storeOptions, type Config } from "./config.js";
import { connectNats } from "./connect.js";
import { makeLogger, type Logger } from "./logger.js";
import { serveMetrics } from "./metrics.js";

/** What a service needs to start on a connection: where its buckets are and how to behave. */
export interface StartContext {
  readonly prefix: string;
  readonly replicas: number;
  readonly domain?: string;
  /** The key the path-info service signs with (null: it signs nothing). */
  readonly signingKey: SigningKey | null;
  readonly logger: Logger;
}

/** One service as `castore serve` and its own main start it. */
export interface ServiceStarter {
  /** Short name: blob, directory, pathinfo. */
  readonly name: string;
  /** Its micro-service name, e.g. castore-blob. */
  readonly serviceName: string;
  readonly description: string;
  start(nc: NatsConnection, ctx: StartContext): Promise<RunningService>;
}

export function startContext(cfg: Config, logger: Logger): StartContext {
  return {
    prefix: cfg.prefix,
    replicas: cfg.replicas,
    ...(cfg.jsDomain === undefined ? {} : { domain: cfg.jsDomain }),
    signingKey: cfg.signingKey?.key ?? null,
    logger,
  };
}

/** How long one shutdown step may take: a NATS that is gone can make a drain wait forever. */
const STEP_TIMEOUT_MS = 10_000;

function withDeadline(p: Promise<void>, ms: number, what: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took over ${ms / 1000} s; going on without it`)), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

/**
 * Listens for SIGINT/SIGTERM from construction on (a signal during start-up must still end in a
 * clean shutdown); a second signal exits at once without draining.
 */
export class Runner {
  readonly #log: Logger;
  readonly #signal: Promise<NodeJS.Signals>;
  readonly #onSignal: (s: NodeJS.Signals) => void;
  readonly #services: Pick<RunningService, "stop">[] = [];
  readonly #last: (() => Promise<void>)[] = [];
  #nc: NatsConnection | undefined;

  constructor(log: Logger) {
    this.#log = log;
    let signalled: (s: NodeJS.Signals) => void = () => {};
    this.#signal = new Promise<NodeJS.Signals>((resolve) => (signalled = resolve));
    let signals = 0;
    this.#onSignal = (s) => {
      if (++signals > 1) {
        log.warn({ signal: s }, "second signal: exiting without draining");
        process.exit(1);
      }
      signalled(s);
    };
    process.on("SIGINT", this.#onSignal);
    process.on("SIGTERM", this.#onSignal);
  }

  /** The connection given to connection(), if any. */
  get nc(): NatsConnection | undefined {
    return this.#nc;
  }

  /** The connection the services use: drained after they stop. */
  connection(nc: NatsConnection): void {
    this.#nc = nc;
  }

  /**
   * A started service (or anything serving requests, such as the nar-bridge's HTTP server):
   * stopped first, the last started before the others.
   */
  service(s: Pick<RunningService, "stop">): void {
    this.#services.unshift(s);
  }

  /** Runs after the connection is closed (e.g. stopping an embedded server). */
  atEnd(step: () => Promise<void>): void {
    this.#last.unshift(step);
  }

  /** Resolves on a signal; rejects when the connection is lost for good. */
  async wait(): Promise<NodeJS.Signals> {
    const closed = (this.#nc?.closed() ?? new Promise<void | Error>(() => {})).then((err) => {
      throw new Error(`lost the NATS connection for good${err ? `: ${err.message}` : ""}`);
    });
    closed.catch(() => {}); // after a signal, our own drain closes it; nobody waits any more
    const s = await Promise.race([this.#signal, closed]);
    this.#log.info({ signal: s }, "draining");
    return s;
  }

  async shutdown(): Promise<void> {
    const conn = this.#nc;
    const steps: [string, () => Promise<void>][] = [
      ...this.#services.map((r): [string, () => Promise<void>] => ["stop a service", () => withDeadline(r.stop(), STEP_TIMEOUT_MS, "stopping a service")]),
      [
        "drain the connection",
        async () => {
          if (conn === undefined || conn.isClosed()) return;
          try {
            await withDeadline(conn.drain(), STEP_TIMEOUT_MS, "draining the connection");
          } finally {
            // A drain that gave up (NATS is gone, nothing can be flushed) must not keep us alive.
            if (!conn.isClosed()) await conn.close();
          }
        },
      ],
      ...this.#last.map((f): [string, () => Promise<void>] => ["finish", f]),
    ];
    for (const [what, step] of steps) {
      await step().catch((err: unknown) => this.#log.error({ err }, `could not ${what}`));
    }
    process.off("SIGINT", this.#onSignal);
    process.off("SIGTERM", this.#onSignal);
  }
}

/**
 * With `--metrics HOST:PORT` (CASTORE_METRICS): serves this process's metrics there until the
 * runner shuts down (stopped after the services, so their last requests can still be scraped).
 * Returns the URL, or undefined when metrics are off.
 */
export async function startMetrics(cfg: Config, runner: Runner, log: Logger): Promise<string | undefined> {
  if (cfg.metrics === undefined) return undefined;
  const m = await serveMetrics(cfg.metrics, log);
  runner.atEnd(() => m.stop());
  return m.url;
}

const VERSION = "0.1.0";

/**
 * The entry point of a service run as its own process:
 *   node services/<name>/dist/main.js --nats URLS [--prefix P] [...]
 * Configuration from flags and CASTORE_* variables (validated, a bad value names its source),
 * pino logs on stderr, serves until SIGINT/SIGTERM, drains, exits 0; a start-up failure is one
 * line on stderr and exit 1.
 */
export async function serviceMain(starter: ServiceStarter, argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  const bin = starter.serviceName;
  const options: Options = {
    // --read is a client's choice; --signing-key only the path-info service uses.
    ...Object.fromEntries(Object.entries(storeOptions).filter(([k]) => k !== "read" && (k !== "signing-key" || starter.name === "pathinfo"))),
    ...metricsOption,
    version: { type: "boolean", help: "print the version and exit" },
  };
  const help = {
    usage: [`${bin} --nats URLS [--prefix P] [options]`, `node services/${starter.name}/dist/main.js --nats URLS [options]`],
    summary: `Runs the ${starter.description} as its own process (one replica; start as many as you like), until SIGINT/SIGTERM.`,
    options,
    env: storeEnv.filter(([n]) => n !== "CASTORE_HOME"),
  };
  if (wantsHelp(argv)) {
    process.stdout.write(helpText(help));
    return;
  }
  let log: Logger | undefined;
  let runner: Runner | undefined;
  try {
    const { values, positionals } = parse(argv, options);
    if (values["version"] === true) {
      process.stdout.write(`${bin} ${VERSION}\n`);
      return;
    }
    if (positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])} (see --help)`);
    const cfg = loadConfig(values, process.env);
    if (cfg.nats === undefined) throw new UsageError("--nats URLS (or CASTORE_NATS_URL) is required: the NATS the service runs on");
    const pino = await makeLogger(cfg.logLevel ?? "info", bin);
    log = pino;
    runner = new Runner(pino);
    pino.info({ config: describeConfig(cfg) }, `${bin} starting`);
    await startMetrics(cfg, runner, pino);
    const nc = await connectNats(cfg, cfg.nats, "service");
    runner.connection(nc);
    runner.service(await starter.start(nc, startContext(cfg, pino)));
    pino.info({ nats: cfg.nats.display, prefix: cfg.prefix }, "serving");
    await runner.wait();
  } catch (e) {
    if (log) log.error({ err: e }, "failed");
    const msg = e instanceof UsageError || isStoreError(e) ? e.message : e instanceof Error ? e.message : String(e);
    process.stderr.write(`${bin}: ${msg.replaceAll("\n", " ")}\n`);
    process.exitCode = 1;
  } finally {
    await runner?.shutdown();
  }
  log?.info({}, "stopped");
}
