// `castore ls REF [-R] [--json]`: the entries of a directory in name (NAR) order, one line each;
// with -R the whole tree depth-first, each entry followed by what is below it (as `find` does),
// a subtree that occurs twice listed at both places.
import type { Directory, Node } from "@castore/core";
import { Code, StoreError } from "@castore/core";
import { needsPathInfo, parseTreeRef } from "@castore/store";
import { bytesField, nodeJson } from "@castore/store/summary";
import { toJson, type Json } from "../output.js";
import { JSON_OPTION, REF_NOTE, positionals, setup, storeCommand, withStore, type CommandDef } from "../setup.js";

export const command: CommandDef = {
  name: "ls",
  help: storeCommand({
    usage: ["castore ls REF [-R] [--json]"],
    summary:
      "Lists a directory's entries in name order: kind, size (files) and name; with -R the whole tree, depth " +
      "first. A file or symlink lists as itself.",
    options: { recursive: { type: "boolean", short: "R", help: "list the whole tree, each entry with its path" }, ...JSON_OPTION },
    notes: [REF_NOTE],
  }),
  run: ls,
};

const lossy = new TextDecoder("utf-8");

/** Collects output lines and writes them in large pieces (a listing can have millions). */
class LineWriter {
  #parts: string[] = [];
  #bytes = 0;
  line(s: string): void {
    this.#parts.push(s, "\n");
    this.#bytes += s.length + 1;
    if (this.#bytes >= 64 * 1024) this.flush();
  }
  flush(): void {
    if (this.#parts.length === 0) return;
    process.stdout.write(this.#parts.join(""));
    this.#parts = [];
    this.#bytes = 0;
  }
}

/** A relative path built in place: the first `len` bytes kept, then "/" (unless at the top) and a name. */
class PathBuffer {
  #buf = Buffer.allocUnsafe(4096);

  /** The new path, a view valid until the next call. */
  set(len: number, name: Uint8Array): Uint8Array {
    const sep = len === 0 ? 0 : 1;
    const end = len + sep + name.length;
    if (end > this.#buf.length) {
      const next = Buffer.allocUnsafe(Math.max(end, this.#buf.length * 2));
      this.#buf.copy(next, 0, 0, len);
      this.#buf = next;
    }
    if (sep) this.#buf[len] = 0x2f;
    this.#buf.set(name, len + sep);
    return this.#buf.subarray(0, end);
  }
}

/** `castore ls` for people: kind, size in bytes (files only), name; dirs end in "/". */
export function humanLine(node: Node, shown: Uint8Array): string {
  const kind = node.type === "directory" ? "dir" : node.type === "symlink" ? "link" : node.executable ? "exec" : "file";
  const size = node.type === "file" ? node.size.toString() : "-";
  const name = lossy.decode(shown);
  const suffix = node.type === "directory" ? "/" : node.type === "symlink" ? ` -> ${lossy.decode(node.target)}` : "";
  return `${kind.padEnd(4)} ${size.padStart(12)}  ${name}${suffix}`;
}

export function jsonLine(node: Node, name: Uint8Array, path: Uint8Array | null): string {
  const out: Record<string, Json | undefined> = {};
  bytesField(out, "name", name);
  Object.assign(out, nodeJson(node));
  if (path !== null) bytesField(out, "path", path);
  return toJson(out as Json);
}

async function ls(argv: string[]): Promise<void> {
  const { values, positionals: p, cfg, log } = await setup(argv, command.help);
  const [text] = positionals(p, ["REF"], command.help) as [string];
  const ref = parseTreeRef(text);
  const json = values["json"] === true;
  const recursive = values["recursive"] === true;
  const out = new LineWriter();
  /** `path` (with -R) is read before emit returns, so it may be a view of a reused buffer. */
  const emit = (node: Node, name: Uint8Array, path: Uint8Array | null): void => {
    if (json) out.line(jsonLine(node, name, path));
    else out.line(humanLine(node, path ?? name));
  };

  await withStore(
    cfg,
    log,
    async (store) => {
      const { node, dir } = await store.resolve(text);
      if (dir === null) {
        // A file or symlink lists as itself, named by the REF's last component or its digest.
        const name = node.name.length > 0 ? node.name : Buffer.from(ref.digest?.toHex() ?? "");
        emit(node, name, recursive ? name : null);
        return;
      }
      if (!recursive) {
        for (const e of dir.entries()) emit(e, e.name, null);
        return;
      }
      // The closure comes in pages, breadth-first; the listing is depth-first, so it is
      // collected first (its size is that of the directories, which the output exceeds anyway).
      const closure = new Map<string, Directory>();
      if (node.type === "directory") for await (const d of store.directories.getRecursive(node.digest)) closure.set(d.digest().toHex(), d);
      // Each open directory's path is a prefix of one buffer, so memory stays linear in the depth
      // (a chain from `import-nar` can be 10,000 deep; a path per level would be quadratic).
      const path = new PathBuffer();
      const stack: { entries: Iterator<Node>; len: number }[] = [{ entries: dir.entries(), len: 0 }];
      while (stack.length > 0) {
        const top = stack[stack.length - 1]!;
        const next = top.entries.next();
        if (next.done) {
          stack.pop();
          continue;
        }
        const e = next.value;
        const shown = path.set(top.len, e.name);
        emit(e, e.name, shown);
        if (e.type === "directory") {
          const child = closure.get(e.digest.toHex());
          if (!child) throw new StoreError(Code.Internal, `inconsistent store: directory ${e.digest} is referenced but missing`);
          stack.push({ entries: child.entries(), len: shown.length });
        }
      }
    },
    ["blobs", "directories", ...(needsPathInfo(ref) ? (["pathInfos"] as const) : [])],
  );
  out.flush();
}
