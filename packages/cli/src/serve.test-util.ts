// Test helpers for `castore serve` in a child process on a NATS of the test's own.
import type { ChildProcess } from "node:child_process";
import type { TestContext } from "node:test";
import { connect } from "@nats-io/transport-node";
import { finished, sleep, start, type Run, type RunOptions } from "./cli.test-util.js";

/** Starts `castore serve ARGS`; killed after the test if it is still running. */
export function serve(t: Pick<TestContext, "after">, args: string[], opts: RunOptions): { child: ChildProcess; done: Promise<Run> } {
  const child = start(["serve", ...args], opts);
  const done = finished(child, 600_000);
  done.catch(() => undefined);
  t.after(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await done.catch(() => undefined);
  });
  return { child, done };
}

/** Waits until each named micro service answers `$SRV.PING.<name>` on `url`. */
export async function waitForServices(url: string, names: string[], timeoutMs = 15_000): Promise<void> {
  const nc = await connect({ servers: url });
  try {
    const deadline = Date.now() + timeoutMs;
    for (const name of names) {
      for (;;) {
        try {
          await nc.request(`$SRV.PING.${name}`, undefined, { timeout: 500 });
          break;
        } catch (e) {
          if (Date.now() > deadline) throw e;
          await sleep(100);
        }
      }
    }
  } finally {
    await nc.close();
  }
}
