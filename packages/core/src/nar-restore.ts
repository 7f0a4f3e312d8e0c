// Unpacks a NAR onto the local disk as `nix-store --restore` does, writing each file as the
// parser hands its contents over, so memory stays bounded whatever the NAR.
import { closeSync, mkdirSync, openSync, symlinkSync, writeSync } from "node:fs";
import { open } from "node:fs/promises";
import { readNar, type NarSource, type NarSummary } from "./nar-parse.js";
import { PathStack } from "./nar-writer.js";

// Files up to this size are written with one blocking write from a copy of their contents.
// An async fs call costs a thread-pool round trip (~40 µs on a slow VM), which made a restore
// of many small files ten times slower than nix-store --restore; the blocking calls are short.
const SMALL_FILE = 1 << 20;

/**
 * Writes while the next piece is read and hashed: one write in flight, of a copy, so the
 * source is free to reuse its chunk memory once it has handed the next one over.
 */
async function writeLargeFile(path: Buffer, mode: number, contents: AsyncIterable<Uint8Array>): Promise<void> {
  const fh = await open(path, "wx", mode);
  let inFlight: Promise<void> = Promise.resolve();
  const failed: unknown[] = [];
  const write = async (data: Uint8Array): Promise<void> => {
    for (let off = 0; off < data.length; ) off += (await fh.write(data, off, data.length - off)).bytesWritten;
  };
  try {
    for await (const piece of contents) {
      await inFlight;
      if (failed.length > 0) throw failed[0];
      // Caught at once so a failed write is not reported as unhandled before it is awaited.
      inFlight = write(Uint8Array.prototype.slice.call(piece)).catch((e: unknown) => void failed.push(e));
    }
    await inFlight;
    if (failed.length > 0) throw failed[0];
  } finally {
    await inFlight;
    await fh.close();
  }
}

/**
 * Unpacks a NAR at `dest` (which must not exist) as `nix-store --restore` does: directories
 * 0o777 and files 0o666, or 0o777 if executable, all less the umask. Nothing is overwritten;
 * on error, what was written so far stays.
 */
export async function restoreNar(source: NarSource, dest: string | Buffer): Promise<NarSummary> {
  const nar = readNar(source);
  const dirs = new PathStack(Buffer.from(dest));
  for await (const ev of nar) {
    if (ev.type === "directory-end") {
      dirs.leave();
      continue;
    }
    const at = ev.depth === 0 ? dirs.root : dirs.child(ev.name);
    switch (ev.type) {
      case "directory":
        mkdirSync(at);
        dirs.enter(at);
        break;
      case "file": {
        const mode = ev.executable ? 0o777 : 0o666;
        if (ev.size <= SMALL_FILE) {
          const data = Buffer.allocUnsafe(Number(ev.size));
          let n = 0;
          for await (const piece of ev.contents) {
            data.set(piece, n);
            n += piece.length;
          }
          const fd = openSync(at, "wx", mode);
          try {
            for (let off = 0; off < data.length; ) off += writeSync(fd, data, off, data.length - off);
          } finally {
            closeSync(fd);
          }
        } else {
          await writeLargeFile(at, mode, ev.contents);
        }
        break;
      }
      case "symlink":
        symlinkSync(Buffer.from(ev.target), at);
        break;
    }
  }
  return nar.summary;
}

