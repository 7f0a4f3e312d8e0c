// What a running server gives its caller: the endpoint every way of running NATS provides (a
// local process or a container), and the controls of a process this package started.

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
