// When a started server really serves: its monitor says healthy and its client port answers
// with its own INFO (not a stranger's that holds the port).
import { getJson, readServerInfo } from "./probe.js";

/** The server being waited for, as the readiness probe needs it. */
export interface ReadinessTarget {
  readonly url: string;
  readonly monitorUrl: string;
  readonly port: number;
  readonly serverName: string;
}

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** undefined when ready, else why not. */
export async function readinessProblem(server: ReadinessTarget): Promise<string | undefined> {
  // nats-server starts the monitor before the client listener, so a healthy /healthz alone
  // does not mean clients can connect yet; the INFO check covers that.
  try {
    const health = await getJson(`${server.monitorUrl}/healthz`, 1000);
    if (health.status !== 200) return `/healthz answered ${health.status} ${JSON.stringify(health.body)}`;
  } catch (err) {
    return `monitor port: ${messageOf(err)}`;
  }
  try {
    const info = await readServerInfo(server.url, 1000);
    if (info.server_name !== server.serverName) {
      return `port ${server.port} is answered by ${info.server_name ?? info.server_id}, not ${server.serverName}`;
    }
  } catch (err) {
    return `client port: ${messageOf(err)}`;
  }
  return undefined;
}
