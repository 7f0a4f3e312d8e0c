// Just enough of the NATS client protocol for this package's tests to make one request (e.g. a
// JetStream API call) without depending on a NATS client. Not exported from the package.
import { connect } from "node:net";
import { parseNatsUrl } from "./probe.js";

/** Sends `payload` to `subject` and resolves the first reply's payload as text. */
export function rawRequest(url: string, subject: string, payload: string, timeoutMs = 5000): Promise<string> {
  const { host, port } = parseNatsUrl(url);
  const inbox = `_INBOX.raw${Math.random().toString(36).slice(2)}`;
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    let buf = Buffer.alloc(0);
    let sent = false;
    const done = (err: Error | undefined, value?: string): void => {
      socket.destroy();
      if (err !== undefined) reject(err);
      else resolve(value ?? "");
    };
    socket.setTimeout(timeoutMs, () => done(new Error(`no reply on ${subject} from ${url} within ${timeoutMs} ms`)));
    socket.on("error", (err) => done(err));
    socket.on("data", (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      for (;;) {
        const eol = buf.indexOf("\r\n");
        if (eol < 0) return;
        const line = buf.subarray(0, eol).toString("utf8");
        if (line.startsWith("MSG ")) {
          const size = Number(line.split(" ").at(-1));
          if (buf.length < eol + 2 + size + 2) return;
          done(undefined, buf.subarray(eol + 2, eol + 2 + size).toString("utf8"));
          return;
        }
        buf = buf.subarray(eol + 2);
        if (line.startsWith("INFO ") && !sent) {
          sent = true;
          const body = Buffer.from(payload, "utf8");
          socket.write(
            `CONNECT {"verbose":false,"pedantic":false,"headers":false,"protocol":1}\r\n` +
              `SUB ${inbox} 1\r\nPUB ${subject} ${inbox} ${body.length}\r\n`,
          );
          socket.write(Buffer.concat([body, Buffer.from("\r\n")]));
        } else if (line === "PING") {
          socket.write("PONG\r\n");
        } else if (line.startsWith("-ERR")) {
          done(new Error(`${url}: ${line}`));
          return;
        }
      }
    });
  });
}

/** rawRequest for the JetStream API: JSON in, JSON out, API errors thrown. */
export async function jsApi<T = Record<string, unknown>>(url: string, subject: string, body: unknown = ""): Promise<T> {
  const text = await rawRequest(url, `$JS.API.${subject}`, body === "" ? "" : JSON.stringify(body));
  const reply = JSON.parse(text) as T & { error?: { code: number; description: string } };
  if (reply.error !== undefined) throw new Error(`$JS.API.${subject}: ${reply.error.code} ${reply.error.description}`);
  return reply;
}
