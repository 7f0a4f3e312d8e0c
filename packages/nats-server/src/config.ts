// Renders nats-server configuration text. Everything a test or the embedded store needs goes
// through here, so the quirks of the format are handled once.

export interface ClusterConfig {
  readonly name: string;
  readonly port: number;
  /** Cluster ports of the other members (all on the same host). */
  readonly peerPorts: readonly number[];
}

export interface ServerConfig {
  readonly serverName: string;
  readonly host: string;
  readonly port: number;
  readonly monitorPort: number;
  readonly jetstream: boolean;
  readonly storeDir: string;
  readonly maxPayload?: number | undefined;
  readonly cluster?: ClusterConfig | undefined;
  /** Appended verbatim, so it can add blocks (accounts, authorization) or override keys. */
  readonly extraConfig?: string | undefined;
}

/** `host:port`, bracketing IPv6 literals as nats-server's listen parser expects. */
export function hostPort(host: string, port: number): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

// JSON string syntax is a subset of what the nats conf lexer accepts for double-quoted strings,
// so a path with spaces or quotes survives.
const str = (s: string): string => JSON.stringify(s);

export function renderConfig(c: ServerConfig): string {
  if (c.port <= 0 || c.monitorPort <= 0) {
    // nats-server reads port 0 as "the default" (4222/8222), not "any free port".
    throw new Error(`ports must be chosen before rendering, got ${c.port}/${c.monitorPort}`);
  }
  const lines = [
    "# Written by @castore/nats-server; rewritten on every start.",
    `server_name: ${str(c.serverName)}`,
    `listen: ${str(hostPort(c.host, c.port))}`,
    `http: ${str(hostPort(c.host, c.monitorPort))}`,
  ];
  if (c.maxPayload !== undefined) lines.push(`max_payload: ${c.maxPayload}`);
  if (c.jetstream) lines.push(`jetstream {`, `  store_dir: ${str(c.storeDir)}`, `}`);
  if (c.cluster !== undefined) {
    const routes = c.cluster.peerPorts.map((p) => str(`nats-route://${hostPort(c.host, p)}`));
    lines.push(
      `cluster {`,
      `  name: ${str(c.cluster.name)}`,
      `  listen: ${str(hostPort(c.host, c.cluster.port))}`,
      `  routes: [${routes.join(", ")}]`,
      `}`,
    );
  }
  if (c.extraConfig !== undefined && c.extraConfig.trim() !== "") {
    lines.push("# extra configuration", c.extraConfig.trim());
  }
  return lines.join("\n") + "\n";
}
