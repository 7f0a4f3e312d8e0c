// Memory bounds checked by structure, not by timing or byte counts: how many objects of a class
// are alive. A heap snapshot collects garbage before it counts, so what it finds is retained.
import { getHeapSnapshot } from "node:v8";

/** How many live objects have `className` as their constructor's name (takes a heap snapshot). */
export async function liveInstances(className: string): Promise<number> {
  let json = "";
  for await (const piece of getHeapSnapshot()) json += piece;
  const snap = JSON.parse(json) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
    nodes: number[];
    strings: string[];
  };
  const fields = snap.snapshot.meta.node_fields;
  const typeAt = fields.indexOf("type");
  const nameAt = fields.indexOf("name");
  const objectType = snap.snapshot.meta.node_types[0].indexOf("object");
  let count = 0;
  for (let i = 0; i < snap.nodes.length; i += fields.length) {
    if (snap.nodes[i + typeAt] === objectType && snap.strings[snap.nodes[i + nameAt]!] === className) count++;
  }
  return count;
}
