// Logs: pino JSON on stderr, pretty when stderr is a terminal. Never stdout, which belongs to
// results and data. Commands are quiet by default (warnings only); `serve` tells what it does.
import pino, { type Logger } from "pino";
import type { LogLevel } from "./config.js";

export type { Logger };

export async function makeLogger(level: LogLevel, name = "castore"): Promise<Logger> {
  const opts = { name, level, base: { pid: process.pid } };
  if (process.stderr.isTTY) {
    // Loaded only for people: it costs start-up time that scripts need not pay.
    const { default: pretty } = await import("pino-pretty");
    return pino(opts, pretty({ destination: 2, sync: true, colorize: true, ignore: "pid,hostname" }));
  }
  return pino(opts, pino.destination({ dest: 2, sync: true }));
}
