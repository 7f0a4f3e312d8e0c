// `castore ls REF [-R] [--json]`: the entries of a directory in name (NAR) order, one line each;
// with -R the whole tree depth-first, each entry followed by what is below it (as `find` does),
// a subtree that occurs twice listed at both places.
import type { Directory, Node } from "@castore/core";
import { Code, StoreError } from "@castore/core";
import { needsPathInfo, parseTreeRef, relPath } from "@castore/store";
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
  const emit = (node: Node, parts: readonly Uint8Array[]): void => {
    const name = parts[parts.length - 1] ?? new Uint8Array(0);
    if (json) out.line(jsonLine(node, name, recursive ? relPath(parts) : null));
    else out.line(humanLine(node, recursive ? relPath(parts) : name));
  };

  await withStore(
    cfg,
    log,
    async (store) => {
      const { node, dir } = await store.resolve(text);
      if (dir === null) {
        // A file or symlink lists as itself, named by the REF's last component or its digest.
        const name = node.name.length > 0 ? node.name : Buffer.from(ref.digest?.toHex() ?? "");
        emit(node, [name]);
        return;
      }
      if (!recursive) {
        for (const e of dir.entries()) emit(e, [e.name]);
        return;
      }
      // The closure comes in pages, breadth-first; the listing is depth-first, so it is
      // collected first (its size is that of the directories, which the output exceeds anyway).
      const closure = new Map<string, Directory>();
      if (node.type === "directory") for await (const d of store.directories.getRecursive(node.digest)) closure.set(d.digest().toHex(), d);
      const stack: { entries: Iterator<Node>; parts: Uint8Array[] }[] = [{ entries: dir.entries(), parts: [] }];
      while (stack.length > 0) {
        const top = stack[stack.length - 1]!;
        const next = top.entries.next();
        if (next.done) {
          stack.pop();
          continue;
        }
        const e = next.value;
        const parts = [...top.parts, e.name];
        emit(e, parts);
        if (e.type === "directory") {
          const child = closure.get(e.digest.toHex());
          if (!child) throw new StoreError(Code.Internal, `inconsistent store: directory ${e.digest} is referenced but missing`);
          stack.push({ entries: child.entries(), parts });
        }
      }
    },
    ["blobs", "directories", ...(needsPathInfo(ref) ? (["pathInfos"] as const) : [])],
  );
  out.flush();
}
