// A whole NAR as an in-memory tree, file contents included: the simplest consumer of the
// parser's events, for tests and small NARs (what must stay bounded uses readNar directly).
import { readNar, type NarSource, type NarSummary } from "./nar-parse.js";

export type NarTree =
  | { readonly type: "directory"; readonly entries: readonly NarTreeEntry[] }
  | { readonly type: "file"; readonly executable: boolean; readonly contents: Uint8Array }
  | { readonly type: "symlink"; readonly target: Uint8Array };

export interface NarTreeEntry {
  readonly name: Uint8Array;
  readonly node: NarTree;
}

/**
 * Reads a whole NAR into a tree (entries in NAR order), file contents included: for tests and
 * small NARs only.
 */
export async function readNarTree(source: NarSource): Promise<NarSummary & { readonly root: NarTree }> {
  const nar = readNar(source);
  const dirs: NarTreeEntry[][] = [];
  let root: NarTree | null = null;
  const place = (name: Uint8Array, node: NarTree): void => {
    const parent = dirs[dirs.length - 1];
    if (parent === undefined) root = node;
    else parent.push({ name, node });
  };
  for await (const ev of nar) {
    switch (ev.type) {
      case "directory": {
        const entries: NarTreeEntry[] = [];
        place(ev.name, { type: "directory", entries });
        dirs.push(entries);
        break;
      }
      case "directory-end":
        dirs.pop();
        break;
      case "file": {
        const pieces: Uint8Array[] = [];
        for await (const p of ev.contents) pieces.push(p);
        place(ev.name, { type: "file", executable: ev.executable, contents: new Uint8Array(Buffer.concat(pieces)) });
        break;
      }
      case "symlink":
        place(ev.name, { type: "symlink", target: ev.target });
        break;
    }
  }
  return { ...nar.summary, root: root! };
}
