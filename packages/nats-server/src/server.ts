// One nats-server process: start on free loopback ports, wait until it really serves, stop it
// without leaving processes or temp dirs behind. Used by tests and by the CLI's embedded store.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  accessSync,
  closeSync,
  constants,
  existsSync,
  fstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { hostPort, renderConfig, type ServerConfig } from "./config.js";
import { getFreePorts } from "./ports.js";
import { getJson, readServerInfo, sleep } from "./probe.js";
import { trackDir, trackPid, untrackDir, untrackPid } from "./safety-net.js";

/** What every way of running NATS for a test provides (a local process or a container). */
export interface NatsEndpoint {
  /** `nats://host:port`, for clients. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** `http://host:port` of the monitoring endpoints (/healthz, /varz, /jsz, ...). */
  readonly monitorUrl: string;
  /** Stops the server and removes what the harness created for it. Idempotent. */
  stop(): Promise<void>;
}

/** A nats-server process started by this package. */
export interface NatsServerHandle extends NatsEndpoint {
  readonly monitorPort: number;
  /** Route port when the server is a cluster member. */
  readonly clusterPort: number | undefined;
  readonly serverName: string;
  /** The configured `store_dir`; nats-server keeps its data in a `jetstream` folder under it. */
  readonly storeDir: string;
  readonly configFile: string;
  readonly logFile: string;
  /** Pid of the current process (a restart changes it). */
  readonly pid: number;
  readonly running: boolean;
  /** Sends `signal` (default SIGKILL, a crash) and waits until the process is gone. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Sends a signal without waiting (SIGSTOP/SIGCONT to freeze a node, SIGHUP to reload). */
  signal(signal: NodeJS.Signals): void;
  /** Stops the process if it runs (gracefully) and starts it again on the same ports and store. */
  restart(): Promise<void>;
  /** The last `lines` lines the current (or last) process wrote to its log. */
  logTail(lines?: number): string;
}

export interface NatsServerOptions {
  /** Path or name of the executable; default `nats-server` on PATH, then /usr/sbin/nats-server. */
  readonly binary?: string;
  /** Interface to listen on; default 127.0.0.1. */
  readonly host?: string;
  /** Client port; default a free one. A fixed port is not retried when taken. */
  readonly port?: number;
  /** Monitoring port (always enabled: readiness is checked through it); default a free one. */
  readonly monitorPort?: number;
  /** default `castore-<random>` */
  readonly serverName?: string;
  /** default true */
  readonly jetstream?: boolean;
  /** JetStream store dir; default a temp dir removed on stop. */
  readonly storeDir?: string;
  /** Keep the temp dir (config, log, store) the harness created, e.g. to inspect it. */
  readonly keepStoreDir?: boolean;
  readonly maxPayload?: number;
  /** Appended to the generated config (accounts, authorization, limits, ...). */
  readonly extraConfig?: string;
  /** Where the server's stdout and stderr go (appended); default a file in the temp dir. */
  readonly logFile?: string;
  /** Where the generated config is written; default a file in the temp dir. */
  readonly configFile?: string;
  /**
   * Let the server outlive this process: own process group, no pipes to us, not killed by the
   * exit safety net. Give storeDir, logFile and configFile, or the temp dir stays behind.
   */
  readonly detached?: boolean;
  /**
   * Put the server in its own process group (implied by detached), so a terminal's Ctrl-C
   * reaches only us and we stop the server when we are ready to (e.g. after draining services).
   * Unlike detached, the server still dies with this process.
   */
  readonly ownProcessGroup?: boolean;
  /** default 15 s */
  readonly readyTimeoutMs?: number;
  /** Grace period after SIGTERM before SIGKILL; default 10 s. */
  readonly stopTimeoutMs?: number;
}

/** The server did not come up; the message ends with the tail of its log. */
export class NatsServerStartError extends Error {
  override readonly name = "NatsServerStartError";
  readonly logTail: string;
  /** The port the server could not bind because something else holds it. */
  readonly portInUse: number | undefined;

  constructor(message: string, logTail: string) {
    super(`${message}\n--- last lines of the nats-server log ---\n${logTail === "" ? "(empty)" : logTail}`);
    this.logTail = logTail;
    // Client, monitor and route listeners all fail with "listen tcp HOST:PORT: bind: ...".
    const m = /:(\d+): bind: address already in use/.exec(logTail);
    this.portInUse = m?.[1] === undefined ? undefined : Number(m[1]);
  }
}

const FALLBACK_BINARIES = ["/usr/sbin/nats-server", "/usr/local/bin/nats-server"];

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Resolves the nats-server executable, or throws an error that says how to get one. */
export function findNatsServer(binary?: string): string {
  if (binary !== undefined && binary.includes("/")) {
    if (isExecutable(binary)) return binary;
    throw new Error(`nats-server binary ${binary} does not exist or is not executable`);
  }
  const name = binary ?? "nats-server";
  const onPath = (process.env["PATH"] ?? "")
    .split(delimiter)
    .filter((d) => d !== "")
    .map((d) => join(d, name));
  // Debian installs nats-server into /usr/sbin, which is not on a normal user's PATH.
  const candidates = binary === undefined ? [...onPath, ...FALLBACK_BINARIES] : onPath;
  const found = candidates.find(isExecutable);
  if (found !== undefined) return found;
  throw new Error(
    binary === undefined
      ? `nats-server not found on PATH nor in ${FALLBACK_BINARIES.join(", ")}; ` +
          "install it (Debian/Ubuntu: apt-get install nats-server) or pass its path as `binary`"
      : `${binary} not found on PATH`,
  );
}

/**
 * Whether a process runs under `pid`. A zombie counts as gone: a detached or orphaned server is
 * reaped by init, which can take seconds (in containers, forever) after it exited.
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: it exists, it just is not ours to signal.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The state letter follows the command name, which is in parentheses and may contain any byte.
    const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
    return state !== "Z" && state !== "X";
  } catch {
    // No procfs (not Linux), or it vanished just now: trust the signal check.
    return existsSync("/proc/self/stat") ? existsSync(`/proc/${pid}`) : true;
  }
}

/**
 * Stops a server by pid, e.g. a detached one started by an earlier process: SIGTERM, then
 * SIGKILL after `timeoutMs`. Resolves false if nothing ran under that pid. The caller must make
 * sure the pid is still the server it recorded (pids get reused).
 */
export async function stopPid(pid: number, timeoutMs = 10_000): Promise<boolean> {
  if (!isProcessAlive(pid)) return false;
  process.kill(pid, "SIGTERM");
  const deadline = Date.now() + timeoutMs;
  while (isProcessAlive(pid)) {
    if (Date.now() > deadline) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // Exited just now.
      }
      const killDeadline = Date.now() + 5000;
      while (isProcessAlive(pid)) {
        if (Date.now() > killDeadline) throw new Error(`process ${pid} survived SIGKILL`);
        await sleep(20);
      }
      break;
    }
    await sleep(20);
  }
  return true;
}

/** Everything needed to (re)launch one process; fixed for its lifetime. */
export interface ProcessSpec {
  readonly binary: string;
  readonly host: string;
  readonly config: ServerConfig;
  readonly configFile: string;
  readonly logFile: string;
  /** Removed on stop unless keep. */
  readonly ownedDir: string | undefined;
  readonly keep: boolean;
  /** Survives this process: not killed by the exit safety net, temp dir not tracked. */
  readonly detached: boolean;
  readonly ownProcessGroup: boolean;
  readonly readyTimeoutMs: number;
  readonly stopTimeoutMs: number;
}

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

const describeExit = (e: Exit): string => (e.signal !== null ? `signal ${e.signal}` : `exit code ${e.code}`);

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export class NatsServerProcess implements NatsServerHandle {
  readonly url: string;
  readonly monitorUrl: string;
  private child: ChildProcess | undefined;
  private exit: Promise<Exit> = Promise.resolve({ code: null, signal: null });
  private lastExit: Exit | undefined;
  private alive = false;
  private logOffset = 0;
  private stopping: Promise<void> | undefined;

  constructor(private readonly spec: ProcessSpec) {
    this.url = `nats://${hostPort(spec.host, spec.config.port)}`;
    this.monitorUrl = `http://${hostPort(spec.host, spec.config.monitorPort)}`;
  }

  get host(): string {
    return this.spec.host;
  }
  get port(): number {
    return this.spec.config.port;
  }
  get monitorPort(): number {
    return this.spec.config.monitorPort;
  }
  get clusterPort(): number | undefined {
    return this.spec.config.cluster?.port;
  }
  get serverName(): string {
    return this.spec.config.serverName;
  }
  get storeDir(): string {
    return this.spec.config.storeDir;
  }
  get configFile(): string {
    return this.spec.configFile;
  }
  get logFile(): string {
    return this.spec.logFile;
  }
  get pid(): number {
    return this.child?.pid ?? -1;
  }
  get running(): boolean {
    return this.alive;
  }

  /** Spawns the process and waits until it serves; on failure it is dead when this rejects. */
  async launch(): Promise<void> {
    const { spec } = this;
    mkdirSync(dirname(spec.configFile), { recursive: true });
    writeFileSync(spec.configFile, renderConfig(spec.config));
    if (spec.config.jetstream) mkdirSync(spec.config.storeDir, { recursive: true });
    mkdirSync(dirname(spec.logFile), { recursive: true });

    // Output goes to a file, never to pipes: a pipe would tie the server's life to ours and
    // make anyone waiting on our stdio (a CI step, a shell `$(...)`) wait for the server too.
    const fd = openSync(spec.logFile, "a");
    let child: ChildProcess;
    try {
      this.logOffset = fstatSync(fd).size;
      child = spawn(spec.binary, ["-c", spec.configFile], {
        stdio: ["ignore", fd, fd],
        // Node calls a new process group (setsid) "detached"; what outlives us is decided by
        // the safety net and unref below, not by this flag alone.
        detached: spec.detached || spec.ownProcessGroup,
        cwd: dirname(spec.configFile),
      });
    } finally {
      closeSync(fd);
    }
    // Kept for the life of the child: an 'error' event without a listener would crash us.
    const spawnError = new Promise<Error>((resolve) => child.on("error", resolve));
    if (child.pid === undefined) {
      throw new NatsServerStartError(`could not run ${spec.binary}: ${messageOf(await spawnError)}`, "");
    }
    const pid = child.pid;
    this.child = child;
    this.alive = true;
    this.exit = new Promise((resolve) => {
      child.once("exit", (code, signal) => {
        this.alive = false;
        this.lastExit = { code, signal };
        untrackPid(pid);
        resolve({ code, signal });
      });
    });
    // A forgotten server must not keep the caller's event loop alive; the safety net kills it
    // when the process exits instead.
    child.unref();
    if (!spec.detached) trackPid(pid);

    try {
      await this.waitReady();
    } catch (err) {
      await this.terminate();
      throw err;
    }
  }

  private async waitReady(): Promise<void> {
    const { readyTimeoutMs } = this.spec;
    const deadline = Date.now() + readyTimeoutMs;
    for (;;) {
      if (!this.alive) {
        await this.exit;
        throw new NatsServerStartError(
          `nats-server ${this.serverName} exited during start (${describeExit(this.lastExit ?? { code: null, signal: null })})`,
          this.logTail(),
        );
      }
      const problem = await this.readinessProblem();
      // The process may have died while we polled someone else who holds its port.
      if (problem === undefined && this.alive) return;
      if (Date.now() > deadline) {
        await this.terminate();
        throw new NatsServerStartError(
          `nats-server ${this.serverName} was not ready within ${readyTimeoutMs} ms (${problem ?? "exited"})`,
          this.logTail(),
        );
      }
      await sleep(25);
    }
  }

  /** undefined when ready, else why not. */
  private async readinessProblem(): Promise<string | undefined> {
    // nats-server starts the monitor before the client listener, so a healthy /healthz alone
    // does not mean clients can connect yet; the INFO check covers that.
    try {
      const health = await getJson(`${this.monitorUrl}/healthz`, 1000);
      if (health.status !== 200) return `/healthz answered ${health.status} ${JSON.stringify(health.body)}`;
    } catch (err) {
      return `monitor port: ${messageOf(err)}`;
    }
    try {
      const info = await readServerInfo(this.url, 1000);
      if (info.server_name !== this.serverName) {
        return `port ${this.port} is answered by ${info.server_name ?? info.server_id}, not ${this.serverName}`;
      }
    } catch (err) {
      return `client port: ${messageOf(err)}`;
    }
    return undefined;
  }

  logTail(lines = 40): string {
    let fd: number;
    try {
      fd = openSync(this.spec.logFile, "r");
    } catch {
      return "";
    }
    try {
      const size = fstatSync(fd).size;
      const start = Math.max(this.logOffset, size - 64 * 1024);
      const buf = Buffer.alloc(Math.max(0, size - start));
      readSync(fd, buf, 0, buf.length, start);
      return buf.toString("utf8").trimEnd().split("\n").slice(-lines).join("\n");
    } finally {
      closeSync(fd);
    }
  }

  signal(signal: NodeJS.Signals): void {
    if (this.alive) process.kill(this.pid, signal);
  }

  async kill(signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
    if (!this.alive) return;
    process.kill(this.pid, signal);
    if (!(await this.exitedWithin(this.spec.stopTimeoutMs))) {
      throw new Error(`nats-server ${this.serverName} (pid ${this.pid}) still runs ${this.spec.stopTimeoutMs} ms after ${signal}`);
    }
  }

  /** SIGTERM (nats-server flushes JetStream and exits), SIGKILL if it takes too long. */
  async terminate(): Promise<void> {
    if (!this.alive) return;
    try {
      process.kill(this.pid, "SIGTERM");
    } catch {
      // Exited between the check and the signal.
    }
    if (await this.exitedWithin(this.spec.stopTimeoutMs)) return;
    try {
      process.kill(this.pid, "SIGKILL");
    } catch {
      // Same race.
    }
    await this.exit;
  }

  private async exitedWithin(ms: number): Promise<boolean> {
    // The timer is what keeps the event loop alive while we wait: the child itself is unref'd.
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
    });
    try {
      return await Promise.race([this.exit.then(() => true as const), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      await this.terminate();
      removeOwnedDir(this.spec);
    })();
    return this.stopping;
  }

  async restart(): Promise<void> {
    if (this.stopping !== undefined) {
      throw new Error(`nats-server ${this.serverName} was stopped for good; start a new one`);
    }
    await this.terminate();
    await this.launch();
  }
}

function removeOwnedDir(spec: ProcessSpec): void {
  if (spec.ownedDir === undefined || spec.keep) return;
  rmSync(spec.ownedDir, { recursive: true, force: true, maxRetries: 3, retryDelay: 50 });
  untrackDir(spec.ownedDir);
}

export type PortPicker = (count: number, host: string) => Promise<number[]>;

const MAX_ATTEMPTS = 5;

/** Starts one nats-server (JetStream on by default) and resolves once clients can use it. */
export function startNatsServer(opts: NatsServerOptions = {}): Promise<NatsServerHandle> {
  return startNatsServerWith(opts, getFreePorts);
}

/** startNatsServer with a swappable port picker, so tests can provoke a lost port race. */
export async function startNatsServerWith(opts: NatsServerOptions, pickPorts: PortPicker): Promise<NatsServerHandle> {
  const binary = findNatsServer(opts.binary);
  const host = opts.host ?? "127.0.0.1";
  const detached = opts.detached ?? false;
  const needsTemp = opts.storeDir === undefined || opts.logFile === undefined || opts.configFile === undefined;
  const ownedDir = needsTemp ? mkdtempSync(join(tmpdir(), "castore-nats-")) : undefined;
  if (ownedDir !== undefined && !detached) trackDir(ownedDir);
  const inTemp = (name: string): string => join(ownedDir ?? tmpdir(), name);
  const serverName = opts.serverName ?? `castore-${randomBytes(4).toString("hex")}`;

  for (let attempt = 1; ; attempt++) {
    const missing = (opts.port === undefined ? 1 : 0) + (opts.monitorPort === undefined ? 1 : 0);
    const free = missing > 0 ? await pickPorts(missing, host) : [];
    const picked = new Set<number>();
    const next = (): number => {
      const p = free.shift();
      if (p === undefined) throw new Error("port picker returned too few ports");
      picked.add(p);
      return p;
    };
    const port = opts.port ?? next();
    const monitorPort = opts.monitorPort ?? next();
    const spec: ProcessSpec = {
      binary,
      host,
      config: {
        serverName,
        host,
        port,
        monitorPort,
        jetstream: opts.jetstream ?? true,
        storeDir: opts.storeDir ?? inTemp("store"),
        maxPayload: opts.maxPayload,
        extraConfig: opts.extraConfig,
      },
      configFile: opts.configFile ?? inTemp("nats-server.conf"),
      logFile: opts.logFile ?? inTemp("nats-server.log"),
      ownedDir,
      keep: opts.keepStoreDir ?? false,
      detached,
      ownProcessGroup: opts.ownProcessGroup ?? false,
      readyTimeoutMs: opts.readyTimeoutMs ?? 15_000,
      stopTimeoutMs: opts.stopTimeoutMs ?? 10_000,
    };
    const server = new NatsServerProcess(spec);
    try {
      await server.launch();
      return server;
    } catch (err) {
      // Only a port we picked can have been lost to a race; a taken fixed port is the caller's.
      const lostRace = err instanceof NatsServerStartError && err.portInUse !== undefined && picked.has(err.portInUse);
      if (lostRace && attempt < MAX_ATTEMPTS) continue;
      removeOwnedDir(spec);
      throw err;
    }
  }
}
