// Command-line parsing for every castore entry point (the CLI's commands, each service's main), on
// node:util parseArgs: options may stand before or after positional arguments, unknown options are
// errors, an empty value counts as unset (DESIGN §7), and parser errors are rewritten into plain
// sentences ("unknown option --foo", "--offset needs a value") instead of parseArgs' raw text.
// Options carry their help text, so `--help` is generated from the same table that parses.
import { parseArgs } from "node:util";

export class UsageError extends Error {
  override readonly name = "UsageError";
}

export interface OptionDef {
  readonly type: "string" | "boolean";
  readonly short?: string;
  /** What the value is called in help, e.g. "N" or "FILE" (string options). */
  readonly value?: string;
  readonly help: string;
  /** An environment variable the option falls back to (listed in help). */
  readonly env?: string;
  /** May be given more than once (string options); the values, in order, are in Parsed.lists. */
  readonly multiple?: boolean;
}

export type Options = Readonly<Record<string, OptionDef>>;

export type Values = Record<string, string | boolean | undefined>;

export interface Parsed {
  readonly values: Values;
  readonly positionals: string[];
  /** The values of `multiple` options, in the order given (empty values dropped); [] if absent. */
  readonly lists: Record<string, string[]>;
}

/** Parses `args` against `options`; throws UsageError with a readable message. */
export function parse(args: readonly string[], options: Options): Parsed {
  const spec: Record<string, { type: "string" | "boolean"; short?: string; multiple?: boolean }> = {};
  for (const [name, o] of Object.entries(options)) {
    spec[name] = { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) };
  }
  let r: ReturnType<typeof parseArgs>;
  try {
    r = parseArgs({ args: [...args], options: spec, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(readable(e as Error & { code?: string }, options));
  }
  const values: Values = {};
  const lists: Record<string, string[]> = {};
  for (const [name, o] of Object.entries(options)) if (o.multiple) lists[name] = [];
  for (const [k, v] of Object.entries(r.values)) {
    if (options[k]?.multiple) {
      lists[k] = (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === "string" && x !== "");
      continue;
    }
    if (Array.isArray(v)) throw new UsageError(`--${k} given more than once`);
    values[k] = v === "" ? undefined : v;
  }
  return { values, positionals: r.positionals, lists };
}

function readable(e: Error & { code?: string }, options: Options): string {
  const opt = /'(-{1,2}[^' ]+)/.exec(e.message)?.[1];
  switch (e.code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
      return `unknown option ${opt ?? e.message} (see --help)`;
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE": {
      const name = opt?.replace(/^-+/, "") ?? "";
      const def = options[name] ?? Object.entries(options).find(([, o]) => o.short === name)?.[1];
      if (def?.type === "boolean") return `--${longName(name, options)} takes no value`;
      if (/ambiguous/.test(e.message)) {
        return `--${longName(name, options)} needs a value; for one that starts with "-", write --${longName(name, options)}=VALUE`;
      }
      return `--${longName(name, options)} needs a value${def?.value ? ` (${def.value})` : ""}`;
    }
    default:
      return e.message.split(". ")[0] ?? e.message;
  }
}

function longName(name: string, options: Options): string {
  if (options[name]) return name;
  return Object.entries(options).find(([, o]) => o.short === name)?.[0] ?? name;
}

export interface CommandHelp {
  /** One or more `Usage:` lines (without the word). */
  readonly usage: readonly string[];
  /** One or two sentences on what the command does. */
  readonly summary: string;
  readonly options: Options;
  /** Environment variables read besides those named by options. */
  readonly env?: readonly (readonly [string, string])[];
  /** Further paragraphs (REF grammar, output). */
  readonly notes?: readonly string[];
}

/** The text of `--help`: usage, summary, options, environment. */
export function helpText(h: CommandHelp): string {
  const lines: string[] = [];
  h.usage.forEach((u, i) => lines.push(`${i === 0 ? "Usage:" : "      "} ${u}`));
  lines.push("", h.summary, "");
  const opts = Object.entries(h.options);
  if (opts.length > 0) {
    lines.push("Options:");
    const left = opts.map(
      ([name, o]) => `${o.short ? `-${o.short}, ` : "    "}--${name}${o.type === "string" ? ` ${o.value ?? "VALUE"}` : ""}${o.multiple ? " ..." : ""}`,
    );
    const width = Math.max(...left.map((l) => l.length), 14);
    opts.forEach(([, o], i) => lines.push(`  ${left[i]!.padEnd(width)}  ${o.help}`));
    lines.push(`  ${"-h, --help".padEnd(width)}  show this help`);
    lines.push("");
  }
  const env: (readonly [string, string])[] = [];
  for (const [name, o] of opts) if (o.env) env.push([o.env, `same as --${name}`]);
  env.push(...(h.env ?? []));
  if (env.length > 0) {
    lines.push("Environment (a flag wins; an empty variable counts as unset):");
    const width = Math.max(...env.map(([n]) => n.length));
    for (const [n, text] of env) lines.push(`  ${n.padEnd(width)}  ${text}`);
    lines.push("");
  }
  for (const n of h.notes ?? []) lines.push(n, "");
  return lines.join("\n");
}

/** Whether argv asks for help (`-h`/`--help` anywhere before a `--`). */
export function wantsHelp(argv: readonly string[]): boolean {
  for (const a of argv) {
    if (a === "--") return false;
    if (a === "--help" || a === "-h") return true;
  }
  return false;
}
