// Entry of the `castore` command: dispatches to one module per command, answers `--help` (for
// castore and for every command) and `--version`, and turns every failure into one line on stderr
// and exit status 1 (DESIGN §7). Logs and progress never go to stdout.
import { isStoreError } from "@castore/core";
import { UsageError, helpText, wantsHelp } from "@castore/service-kit/args";
import { endQuietlyWhenOutputCloses, isClosedPipe } from "./closed-pipe.js";
import type { CommandDef } from "./command.js";

const VERSION = "0.1.0";

// Loaded on demand: `castore hash` should not pay for NATS, zod and pino at start-up.
const commands: Record<string, () => Promise<{ command: CommandDef; subcommands?: Record<string, CommandDef["help"]> }>> = {
  import: () => import("./commands/import.js"),
  export: () => import("./commands/export.js"),
  ls: () => import("./commands/ls.js"),
  cat: () => import("./commands/cat.js"),
  nar: () => import("./commands/nar.js"),
  copy: () => import("./commands/copy.js"),
  hash: () => import("./commands/hash.js"),
  "import-nar": () => import("./commands/import-nar.js"),
  "path-info": () => import("./commands/path-info.js"),
  blob: () => import("./commands/blob.js"),
  serve: () => import("./commands/serve.js"),
  stop: () => import("./commands/stop.js"),
  fsck: () => import("./commands/fsck.js"),
  gc: () => import("./commands/gc.js"),
  pin: () => import("./commands/pin.js"),
  unpin: () => import("./commands/unpin.js"),
  mount: () => import("./commands/mount.js"),
};

async function overview(): Promise<string> {
  const defs = await Promise.all(Object.values(commands).map(async (load) => (await load()).command));
  const width = Math.max(...defs.map((d) => d.name.length));
  return [
    "Usage: castore COMMAND [ARGS] [OPTIONS]",
    "",
    "castore: a content-addressed file system and sync protocol on NATS (tvix/snix compatible).",
    "Without --nats, commands use the embedded store under CASTORE_HOME (started on first use).",
    "",
    "Commands:",
    ...defs.map((d) => `  ${d.name.padEnd(width)}  ${d.help.usage.join("\n  " + " ".repeat(width) + "  ")}`),
    "",
    "`castore COMMAND --help` shows a command's options and the environment variables it reads.",
    "`castore --version` prints the version.",
    "",
  ].join("\n");
}

function describe(e: unknown): string {
  if (e instanceof UsageError || isStoreError(e)) return e.message;
  const err = e as NodeJS.ErrnoException;
  if (err?.code === "ENOENT" && err.path) return `${err.path}: no such file or directory`;
  if (err?.code === "EACCES" && err.path) return `${err.path}: permission denied`;
  return err?.message ?? String(e);
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    process.stdout.write(await overview());
    return name === undefined ? 1 : 0;
  }
  if (name === "--version" || name === "-V" || name === "version") {
    process.stdout.write(`castore ${VERSION}\n`);
    return 0;
  }
  const load = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!load) {
    process.stderr.write(`castore: unknown command ${JSON.stringify(name)}; \`castore --help\` lists the commands\n`);
    return 1;
  }
  const mod = await load();
  const sub = rest[0] !== undefined && mod.subcommands && Object.hasOwn(mod.subcommands, rest[0]) ? rest[0] : undefined;
  const label = sub === undefined ? name : `${name} ${sub}`;
  if (wantsHelp(rest)) {
    process.stdout.write(helpText(sub === undefined ? mod.command.help : mod.subcommands![sub]!));
    return 0;
  }
  try {
    await mod.command.run(rest);
    // A command that succeeded may still report a finding with its status (fsck).
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (e) {
    // A reader that stopped (`| head`) is no failure; usually the stdout handler got there first.
    if (isClosedPipe(e)) return 0;
    process.stderr.write(`castore ${label}: ${describe(e).replaceAll("\n", " ")}\n`);
    if (process.env["CASTORE_DEBUG"] && e instanceof Error) process.stderr.write(`${e.stack}\n`);
    return 1;
  }
}

endQuietlyWhenOutputCloses();
process.exitCode = await main(process.argv.slice(2));
