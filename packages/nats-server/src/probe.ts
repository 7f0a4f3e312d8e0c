// Talks to a nats-server without a NATS client: the INFO line a client gets on connect, and the
// JSON of the monitoring endpoints. Enough to tell whether a server is up, and whose it is.
import { request } from "node:http";
import { connect } from "node:net";

/** The INFO a server sends first on every client connection (fields as nats-server names them). */
export interface ServerInfo {
  readonly server_id: string;
  readonly server_name?: string;
  readonly version: string;
  readonly max_payload: number;
  readonly jetstream?: boolean;
  readonly cluster?: string;
  readonly connect_urls?: readonly string[];
  readonly [field: string]: unknown;
}

/** host and port of a `nats://[user:pass@]host[:port]` URL (port defaults to 4222). */
export function parseNatsUrl(url: string): { host: string; port: number } {
  const u = new URL(url.includes("://") ? url : `nats://${url}`);
  const host = u.hostname.startsWith("[") ? u.hostname.slice(1, -1) : u.hostname;
  return { host, port: u.port === "" ? 4222 : Number(u.port) };
}

/** Connects to `url`, reads the INFO line and hangs up. Rejects if nothing NATS-like answers. */
export function readServerInfo(url: string, timeoutMs = 2000): Promise<ServerInfo> {
  const { host, port } = parseNatsUrl(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    let buffered = "";
    const fail = (err: Error): void => {
      socket.destroy();
      reject(err);
    };
    socket.setTimeout(timeoutMs, () => fail(new Error(`no INFO from ${url} within ${timeoutMs} ms`)));
    socket.on("error", fail);
    socket.on("data", (chunk: Buffer) => {
      buffered += chunk.toString("utf8");
      const end = buffered.indexOf("\r\n");
      if (end < 0) {
        if (buffered.length > 64 * 1024) fail(new Error(`${url} sent 64 KiB without a line end`));
        return;
      }
      const line = buffered.slice(0, end);
      socket.destroy();
      if (!line.startsWith("INFO ")) {
        reject(new Error(`${url} did not start with INFO: ${JSON.stringify(line.slice(0, 80))}`));
        return;
      }
      try {
        resolve(JSON.parse(line.slice(5)) as ServerInfo);
      } catch (err) {
        reject(new Error(`${url} sent an INFO that is not JSON`, { cause: err }));
      }
    });
    socket.on("end", () => fail(new Error(`${url} closed the connection before INFO`)));
  });
}

export interface HttpJson {
  readonly status: number;
  readonly body: unknown;
}

/**
 * GET a monitoring endpoint. No keep-alive agent: a pooled socket would outlive the server
 * it points at and keep the caller's event loop busy.
 */
export function getJson(url: string, timeoutMs = 2000): Promise<HttpJson> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", reject);
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // Not every answer is JSON (e.g. a proxy's error page); the caller sees the text.
        }
        resolve({ status: res.statusCode ?? 0, body });
      });
    });
    req.on("timeout", () => req.destroy(new Error(`GET ${url} timed out after ${timeoutMs} ms`)));
    req.on("error", reject);
    req.end();
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
