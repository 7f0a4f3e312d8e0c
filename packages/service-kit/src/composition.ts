// Store compositions (DESIGN §6): named stores built from each other — a cache in front of a
// remote cluster, an in-process LRU in front of that, several upstreams in priority order. This is
// the validated form of a composition file (JSON) and of the combinator URLs; building the stores
// is @castore/store's business. Everything here is checked before anything connects: unknown
// types and fields, references to names that do not exist, bad addresses, and cycles (named).
import { invalid } from "@castore/core";
import { z } from "zod";
import { addrPrefix, addrScheme, addrTarget, parseStoreAddr } from "./addr.js";

/** A store named in the file, or a store address written in place (an anonymous store). */
export type StoreRef = string;

export type StoreDef =
  | { readonly type: "memory" }
  | { readonly type: "nats"; readonly url: string }
  | { readonly type: "jetstream"; readonly url: string }
  | {
      readonly type: "cache";
      readonly near: StoreRef;
      /** One far store, or several tried in order (a priority store). */
      readonly far: StoreRef | readonly StoreRef[];
      readonly writeThrough: boolean;
    }
  | { readonly type: "lru"; readonly inner: StoreRef; readonly maxBytes: number; readonly maxPathInfos: number }
  | { readonly type: "priority"; readonly stores: readonly StoreRef[] };

export interface Composition {
  readonly stores: Readonly<Record<string, StoreDef>>;
  /** The store a program opens (default "root"). */
  readonly root: string;
}

/** The leaf schemes and the combinator schemes a store address may have. */
export const LEAF_SCHEMES = ["memory", "nats", "jetstream"] as const;
export const COMBINATOR_SCHEMES = ["cache", "lru", "priority"] as const;

const NAME = /^[A-Za-z0-9_-]{1,64}$/;
const ref = z.string().min(1, { message: "must name a store or be a store address" });
const size = z.number().int().positive();

const defSchema = z.discriminatedUnion(
  "type",
  [
    z.strictObject({ type: z.literal("memory") }),
    z.strictObject({ type: z.literal("nats"), url: z.string() }),
    z.strictObject({ type: z.literal("jetstream"), url: z.string() }),
    z.strictObject({
      type: z.literal("cache"),
      near: ref,
      far: z.union([ref, z.array(ref).min(1, { message: "needs at least one far store" })]),
      writeThrough: z.boolean().default(false),
    }),
    z.strictObject({ type: z.literal("lru"), inner: ref, maxBytes: size, maxPathInfos: size.default(10_000) }),
    z.strictObject({ type: z.literal("priority"), stores: z.array(ref).min(1, { message: "needs at least one store" }) }),
  ],
  { error: (i) => (i.code === "invalid_union" ? `unknown store type ${JSON.stringify((i.input as { type?: unknown })?.type)} (the types are memory, nats, jetstream, cache, lru, priority)` : undefined) },
);

const fileSchema = z.strictObject({
  stores: z.record(z.string().regex(NAME, { message: "store names are 1-64 letters, digits, _ and -" }), defSchema),
  root: z.string().default("root"),
});

/** Whether a reference is written as a store address rather than a name. */
export const isAddress = (r: StoreRef): boolean => r.includes(":");

/** The references a store makes to others. */
export function refsOf(def: StoreDef): StoreRef[] {
  switch (def.type) {
    case "cache":
      return [def.near, ...(typeof def.far === "string" ? [def.far] : def.far)];
    case "lru":
      return [def.inner];
    case "priority":
      return [...def.stores];
    default:
      return [];
  }
}

/**
 * Parses and checks a composition file's text. `source` names it in messages ("comp.json"); every
 * message says where in the file the problem is.
 */
export function parseComposition(text: string, source: string): Composition {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw invalid(`${source} is not JSON: ${(e as Error).message}`);
  }
  const r = fileSchema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const at = issue.path.length === 0 ? "" : ` at ${issue.path.map(String).join(".")}`;
    throw invalid(`${source}${at}: ${issue.message}`);
  }
  const c: Composition = r.data as Composition;
  checkComposition(c, source);
  return c;
}

/** The checks beyond the schema: names exist, addresses parse, no cycles, the root exists. */
export function checkComposition(c: Composition, source: string): void {
  const where = (name: string) => `${source} at stores.${name}`;
  for (const [name, def] of Object.entries(c.stores)) {
    if (def.type === "nats" || def.type === "jetstream") {
      if (addrScheme(def.url) !== def.type) throw invalid(`${where(name)}.url: a ${def.type} store needs a ${def.type}:// address, got ${JSON.stringify(def.url)}`);
      checkAddress(def.url, `${where(name)}.url`);
    }
    for (const r of refsOf(def)) {
      if (isAddress(r)) checkAddress(r, where(name));
      else if (!(r in c.stores)) throw invalid(`${where(name)}: no store is named ${JSON.stringify(r)} (the stores are ${Object.keys(c.stores).join(", ")})`);
    }
  }
  if (!(c.root in c.stores)) throw invalid(`${source}: the root store ${JSON.stringify(c.root)} is not among the stores (${Object.keys(c.stores).join(", ") || "none"})`);
  const cycle = findCycle(c);
  if (cycle !== null) throw invalid(`${source}: the stores refer to each other in a cycle: ${cycle.join(" -> ")}`);
}

/** A cycle of names (first = last), or null. */
export function findCycle(c: Composition): string[] | null {
  const state = new Map<string, "open" | "done">();
  const path: string[] = [];
  const visit = (name: string): string[] | null => {
    const s = state.get(name);
    if (s === "done") return null;
    if (s === "open") return [...path.slice(path.indexOf(name)), name];
    state.set(name, "open");
    path.push(name);
    for (const r of refsOf(c.stores[name]!)) {
      if (isAddress(r)) continue;
      const found = visit(r);
      if (found) return found;
    }
    path.pop();
    state.set(name, "done");
    return null;
  };
  for (const name of Object.keys(c.stores)) {
    const found = visit(name);
    if (found) return found;
  }
  return null;
}

/** A store address in place of a name: a leaf or a combinator URL, checked without connecting. */
export function checkAddress(addr: string, where: string): void {
  const scheme = addrScheme(addr);
  try {
    if (scheme === "memory" || scheme === "nats" || scheme === "jetstream") {
      const a = parseStoreAddr(addr, scheme === "memory" ? [] : scheme === "nats" ? ["prefix", "read"] : ["prefix", "replicas", "maxBytes", "domain"]);
      if (scheme === "memory") {
        if (a.authority !== "" || (a.path !== "" && a.path !== "/")) throw invalid("memory:// takes no host or path");
      } else {
        addrTarget(a);
        addrPrefix(a);
      }
      return;
    }
    if (scheme !== undefined && (COMBINATOR_SCHEMES as readonly string[]).includes(scheme)) {
      compositionOfUrl(addr);
      return;
    }
  } catch (e) {
    throw invalid(`${where}: ${(e as Error).message}`);
  }
  throw invalid(
    `${where}: ${JSON.stringify(addr)} is not a store address (use memory://, nats://host:port, jetstream://host:port, ` +
      "cache://?near=…&far=…, lru://?inner=…&maxBytes=N or priority://?store=…&store=…, inner addresses URL-encoded)",
  );
}

/**
 * The composition a combinator URL stands for (its root is "root"):
 *   cache://?near=ADDR&far=ADDR[&far=ADDR…][&writeThrough=true]
 *   lru://?inner=ADDR&maxBytes=N[&maxPathInfos=N]
 *   priority://?store=ADDR&store=ADDR[…]
 * Each ADDR is a store address, URL-encoded (encodeURIComponent), itself possibly a combinator.
 */
export function compositionOfUrl(url: string): Composition {
  const scheme = addrScheme(url);
  const allowed: Record<string, string[]> = {
    cache: ["near", "far", "writeThrough"],
    lru: ["inner", "maxBytes", "maxPathInfos"],
    priority: ["store"],
  };
  if (scheme === undefined || !(scheme in allowed)) throw invalid(`not a combinator address: ${JSON.stringify(url)}`);
  const a = parseStoreAddr(url, allowed[scheme]!);
  if (a.authority !== "" || (a.path !== "" && a.path !== "/")) throw invalid(`${scheme}:// takes no host or path, only parameters (${allowed[scheme]!.join(", ")})`);
  const one = (k: string): string => {
    const all = a.params.getAll(k);
    if (all.length !== 1 || all[0] === "") throw invalid(`${scheme}:// needs exactly one ${k}=, got ${all.length}`);
    return all[0]!;
  };
  const inner = (addr: string, k: string): string => {
    if (addrScheme(addr) === undefined) throw invalid(`${scheme}:// ${k}=${JSON.stringify(addr)} is not a store address (URL-encode inner addresses)`);
    checkAddress(addr, `${scheme}:// ${k}=`);
    return addr;
  };
  const whole = (k: string, dflt?: number): number => {
    const v = a.params.get(k);
    if (v === null && dflt !== undefined) return dflt;
    if (v === null || !/^[1-9]\d*$/.test(v)) throw invalid(`${scheme}:// ${k} must be a positive whole number, got ${JSON.stringify(v)}`);
    return Number(v);
  };
  let def: StoreDef;
  if (scheme === "cache") {
    const fars = a.params.getAll("far");
    if (fars.length === 0) throw invalid("cache:// needs far= (one or more, in priority order)");
    const wt = a.params.get("writeThrough");
    if (wt !== null && wt !== "true" && wt !== "false") throw invalid(`cache:// writeThrough must be true or false, got ${JSON.stringify(wt)}`);
    def = {
      type: "cache",
      near: inner(one("near"), "near"),
      far: fars.length === 1 ? inner(fars[0]!, "far") : fars.map((f) => inner(f, "far")),
      writeThrough: wt === "true",
    };
  } else if (scheme === "lru") {
    def = { type: "lru", inner: inner(one("inner"), "inner"), maxBytes: whole("maxBytes"), maxPathInfos: whole("maxPathInfos", 10_000) };
  } else {
    const stores = a.params.getAll("store");
    if (stores.length === 0) throw invalid("priority:// needs store= (one or more, in priority order)");
    def = { type: "priority", stores: stores.map((s) => inner(s, "store")) };
  }
  return { stores: { root: def }, root: "root" };
}
