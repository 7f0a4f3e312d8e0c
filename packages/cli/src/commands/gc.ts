// `castore gc [--grace DURATION] [--dry-run] [--json]`: removes what no path info or pin reaches and
// nobody wrote or relied on within the grace period (docs/PROTOCOL.md, "Garbage collection"), on the
// store's JetStream buckets (the embedded store, or with --nats the NATS the services use, which
// needs JetStream access). Safe beside imports running elsewhere. Reports what it freed per kind.
import { Code, StoreError } from "@castore/core";
import { GC_KINDS, gc, type GcKind } from "@castore/store";
import { makeOutput } from "../output.js";
import { formatBytes, parseDuration } from "../units.js";
import { JSON_OPTION, positionals, setup, storeCommand, withStore, type CommandDef } from "../setup.js";

const LABELS: Record<GcKind, string> = {
  chunks: "chunks",
  blobIndexes: "blob indexes",
  treePages: "tree pages",
  directories: "directories",
  packs: "pack parts",
  staged: "staged upload pages",
  narCache: "cached NAR figures",
};

export const command: CommandDef = {
  name: "gc",
  help: storeCommand({
    usage: ["castore gc [--grace DURATION] [--dry-run] [--json]"],
    summary:
      "Removes chunks, blob indexes, tree pages, directories and pack parts that no path info or pin reaches and that " +
      "nothing wrote or relied on within the grace period (default 1h), and staged pages of uploads that never finished. " +
      "Safe while imports run elsewhere: an upload that loses a race with it fails loudly, it never commits over a hole. " +
      "Reports what it freed (or, with --dry-run, what it would free).",
    options: {
      grace: { type: "string", value: "DURATION", help: "keep everything written or relied on more recently than this (default 1h; e.g. 30m, 2h, 90s)" },
      "dry-run": { type: "boolean", help: "report what would be freed; remove nothing" },
      ...JSON_OPTION,
    },
  }),
  async run(argv) {
    const { values, positionals: p, cfg, log } = await setup(argv, command.help);
    positionals(p, [], command.help);
    const json = values["json"] === true;
    const dryRun = values["dry-run"] === true;
    const graceMs = typeof values["grace"] === "string" ? parseDuration(values["grace"]) : 3_600_000;
    const tty = process.stderr.isTTY === true;
    const onProgress = tty
      ? (phase: string, n: number) => process.stderr.write(`\r\x1b[Kgc: ${phase}${n > 0 ? ` ${n}` : ""}`)
      : undefined;
    const report = await withStore(
      cfg,
      log,
      async (store) => {
        if (store.connection === null) throw new StoreError(Code.InvalidArgument, "gc collects a store kept in JetStream");
        return gc(store.connection, { prefix: store.prefix, ...(cfg.jsDomain === undefined ? {} : { domain: cfg.jsDomain }) }, {
          graceMs,
          dryRun,
          ...(onProgress ? { onProgress } : {}),
        });
      },
      [],
    );
    if (tty) process.stderr.write("\r\x1b[K");
    const total = GC_KINDS.reduce((a, k) => ({ count: a.count + report.freed[k].count, bytes: a.bytes + report.freed[k].bytes }), { count: 0, bytes: 0 });
    if (json) {
      const freed: Record<string, { count: number; bytes: number }> = { ...report.freed, total };
      makeOutput(true).result({ dryRun: report.dryRun, graceMs: report.graceMs, pathInfos: report.pathInfos, pins: report.pins, spared: report.spared, freed } as never);
      return;
    }
    const verb = dryRun ? "would free" : "freed";
    const parts = GC_KINDS.filter((k) => report.freed[k].count > 0).map((k) => `${report.freed[k].count} ${LABELS[k]} (${formatBytes(report.freed[k].bytes)})`);
    process.stdout.write(
      `${verb} ${formatBytes(total.bytes)}: ${parts.length > 0 ? parts.join(", ") : "nothing"}; ` +
        `roots: ${report.pathInfos} path info(s), ${report.pins} pin(s)` +
        (report.spared > 0 ? `; ${report.spared} record(s) kept because an upload relied on them meanwhile` : "") +
        "\n",
    );
  },
};
