// Logs: pino JSON on stderr, pretty when stderr is a terminal. Never stdout, which belongs to
// results and data. Commands are quiet by default (warnings only); services tell what they do.
// Libraries and services log through the small `Logger` interface (a pino logger is one), so a
// caller may pass its own logger or none. A line logged while a request is handled carries its id
// as `reqId` (core request-id.ts), whichever code logs it.
import { currentRequestId } from "@castore/core";
import pino from "pino";
import type { LogLevel } from "./config.js";

/** The pino-compatible subset services and libraries log through. */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** Logs nothing: the default when a service or library is given no logger. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

export type PinoLogger = pino.Logger;

export async function makeLogger(level: LogLevel, name = "castore"): Promise<pino.Logger> {
  const opts: pino.LoggerOptions = {
    name,
    level,
    base: { pid: process.pid },
    mixin: () => {
      const reqId = currentRequestId();
      return reqId === undefined ? {} : { reqId };
    },
  };
  if (process.stderr.isTTY) {
    // Loaded only for people: it costs start-up time that scripts need not pay.
    const { default: pretty } = await import("pino-pretty");
    return pino(opts, pretty({ destination: 2, sync: true, colorize: true, ignore: "pid,hostname" }));
  }
  return pino(opts, pino.destination({ dest: 2, sync: true }));
}
