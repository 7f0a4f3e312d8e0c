// One nats-server process over its life, from launch (config file written, output to a log
// file, ready when the readiness probe says so) through signals and restarts to a stop that
// leaves neither the process nor its temp dir behind.
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, fstatSync, mkdirSync, openSync, readSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { hostPort, renderConfig, type ServerConfig } from "./config.js";
import type { NatsServerHandle } from "./handle.js";
import { sleep } from "./probe.js";
import { readinessProblem } from "./readiness.js";
import { trackPid, untrackDir, untrackPid } from "./safety-net.js";

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

/** The handle of one process; startNatsServer and startNatsCluster build theirs from these. */
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
      throw new NatsServerStartError(`could not run ${spec.binary}: ${(await spawnError).message}`, "");
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
      const problem = await readinessProblem(this);
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

/** Removes the temp dir the harness made for the process, unless asked to keep it. */
export function removeOwnedDir(spec: ProcessSpec): void {
  if (spec.ownedDir === undefined || spec.keep) return;
  rmSync(spec.ownedDir, { recursive: true, force: true, maxRetries: 3, retryDelay: 50 });
  untrackDir(spec.ownedDir);
}
