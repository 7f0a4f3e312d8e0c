// Command-line parsing on node:util parseArgs: options may stand before or after positional
// arguments, unknown options are errors, and an empty value counts as unset (DESIGN §7).
import { parseArgs, type ParseArgsConfig } from "node:util";

export class UsageError extends Error {
  override readonly name = "UsageError";
}

export type OptionSpec = NonNullable<ParseArgsConfig["options"]>;

export function parse<O extends OptionSpec>(
  args: string[],
  options: O,
): { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] } {
  try {
    const r = parseArgs({ args, options, allowPositionals: true, strict: true });
    const values: Record<string, string | boolean | string[] | undefined> = {};
    for (const [k, v] of Object.entries(r.values)) values[k] = v === "" ? undefined : (v as string | boolean | string[]);
    return { values, positionals: r.positionals };
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}
