// Two fixes to nats.js (nats-core 3.4.0), applied once when service-kit is loaded.
//
// 1. The inbound parser.
// A message larger than one socket read (Node reads 64 KiB at a time; our chunks are 128–512 KiB)
// is assembled in a DenoBuffer that starts at the size of the first piece and doubles as pieces
// arrive: a 256 KiB chunk costs ~700 KiB of allocations and ~500 KiB of copies, and a blob read
// spent a fifth of its client CPU in that growing and in the garbage collector cleaning up after
// it. The message header already says how big the message is, so here the buffer is made that big
// the moment it is started: one allocation, each byte copied once, and the bytes handed to us are a
// view on an ArrayBuffer of exactly the message's size. Nothing else changes: the same bytes in
// the same order.
//
// 2. Every answered request. After a reply settles its promise, RequestOne.resolver calls cancel(),
// which rejects the (already settled) promise with `new RequestError("cancelled")`: an Error built,
// stack trace and all, for every request that succeeded, only to be ignored. That was 4–6 % of the
// blob service's CPU during a put (one KV put per chunk). Here a settled request is cancelled
// without building it; a request cancelled before its reply still gets the error.
//
// Each patch checks the shape of what it patches and does nothing if a newer
// nats.js differs (then only the speed-up is lost); a test asserts that it applied.
import { DenoBuffer, Parser, RequestOne, State } from "@nats-io/nats-core/internal";

interface ParserInternals {
  state: number;
  msgBuf?: DenoBuffer;
  ma?: { size: number };
}

let applied = false;
let requestsPatched = false;

/** Whether both fixes are in place (for the test that guards them). */
export function natsFixesApplied(): boolean {
  return applied && requestsPatched;
}

interface RequestInternals {
  timer?: { cancel(): void };
  mux: { cancel(r: unknown): void };
  __settled?: boolean;
}

function applyRequests(): void {
  const proto = RequestOne.prototype as unknown as {
    resolver: (err: unknown, msg: unknown) => void;
    cancel: (err?: unknown) => void;
    __castoreQuiet?: boolean;
  };
  if (proto.__castoreQuiet || typeof proto.resolver !== "function" || typeof proto.cancel !== "function") return;
  const { resolver, cancel } = proto;
  proto.resolver = function (this: RequestInternals, err: unknown, msg: unknown): void {
    this.__settled = true;
    resolver.call(this, err, msg);
  };
  proto.cancel = function (this: RequestInternals, err?: unknown): void {
    if (err === undefined && this.__settled) {
      this.timer?.cancel();
      this.mux.cancel(this);
      return;
    }
    cancel.call(this, err);
  };
  proto.__castoreQuiet = true;
  requestsPatched = true;
}

function apply(): void {
  const proto = Parser.prototype as unknown as { parse: (buf: Uint8Array) => void; __castorePresized?: boolean };
  if (proto.__castorePresized || typeof proto.parse !== "function" || typeof State.MSG_PAYLOAD !== "number") return;
  const probe = new DenoBuffer(new ArrayBuffer(8));
  probe.reset();
  if (probe.capacity !== 8 || probe.length !== 0) return;
  const parse = proto.parse;
  proto.parse = function (this: ParserInternals, buf: Uint8Array): void {
    parse.call(this, buf);
    const mb = this.msgBuf;
    const size = this.ma?.size;
    if (mb !== undefined && this.state === State.MSG_PAYLOAD && typeof size === "number" && mb.capacity < size) {
      const sized = new DenoBuffer(new ArrayBuffer(size));
      sized.reset();
      sized.write(mb.bytes({ copy: false }));
      this.msgBuf = sized;
    }
  };
  proto.__castorePresized = true;
  applied = true;
}

apply();
applyRequests();
