// Free loopback ports, found by letting the kernel pick (bind port 0). A port is only free at
// the moment we look, so whoever binds it later must retry on "address already in use".
import { createServer, type Server } from "node:net";

// Never hand out the NATS defaults: a developer's own nats-server may want them later, and a
// test that accidentally talks to a stranger on 4222 would pass for the wrong reason.
const RESERVED: ReadonlySet<number> = new Set([4222, 6222, 7422, 8222]);

/** Chooses `count` ports on `host`; getFreePorts, or a stand-in that provokes a lost race in tests. */
export type PortPicker = (count: number, host: string) => Promise<number[]>;

/** `count` distinct ports that were free on `host` a moment ago. */
export async function getFreePorts(count: number, host = "127.0.0.1"): Promise<number[]> {
  // All listeners stay open until every port is known, so the kernel cannot hand out one twice.
  const servers: Server[] = [];
  const ports: number[] = [];
  try {
    while (ports.length < count) {
      const server = createServer();
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen({ port: 0, host, exclusive: true }, () => resolve());
      });
      const address = server.address();
      if (address === null || typeof address === "string") {
        throw new Error(`could not read the port bound on ${host}`);
      }
      if (!RESERVED.has(address.port)) ports.push(address.port);
    }
  } finally {
    await Promise.all(
      servers.map((s) => new Promise<void>((resolve) => (s.listening ? s.close(() => resolve()) : resolve()))),
    );
  }
  return ports;
}
