// `castore mount MOUNTPOINT [--list-root]`: a read-only FUSE view of the store until SIGINT or
// SIGTERM, then unmounted (DESIGN §7). The root holds the store paths, looked up by name (listed
// only with --list-root); below each is its tree. A stale mount left at MOUNTPOINT by a killed
// `castore mount` is cleaned up first.
import { setup, positionals, storeCommand, withStore, type CommandDef } from "../setup.js";

export const command: CommandDef = {
  name: "mount",
  help: storeCommand({
    usage: ["castore mount MOUNTPOINT [--list-root]"],
    summary:
      "Mounts the store read-only at MOUNTPOINT (FUSE) until SIGINT/SIGTERM: the root holds store paths " +
      "(/MOUNTPOINT/<hash>-<name>/...), files read through verified range reads; xattrs " +
      "user.castore.blob.digest and user.castore.directory.digest give digests (blake3-<base64>).",
    options: {
      "list-root": { type: "boolean", help: "let the root be listed (every store path); otherwise listing it fails with EPERM" },
      "allow-other": { type: "boolean", help: "let other users see the mount (FUSE allow_other)" },
    },
    notes: [
      "Needs /dev/fuse and libfuse3 (Debian: fuse3), which ./scripts/setup.sh installs. Names are passed as bytes, " +
        "so entries whose names are not UTF-8 show unchanged.",
    ],
  }),
  async run(argv) {
    const { values, positionals: p, cfg, log } = await setup(argv, command.help, "info");
    const [dir] = positionals(p, ["MOUNTPOINT"], command.help) as [string];
    const { mountStore } = await import("@castore/fuse");
    await withStore(
      cfg,
      log,
      async (store) => {
        const m = await mountStore(store, dir, {
          listRoot: values["list-root"] === true,
          ...(values["allow-other"] === true ? { options: ["allow_other"] } : {}),
          onError: (e, what) => log.warn({ err: e }, `mount: ${what} failed`),
        });
        log.info({ mountpoint: m.mountpoint, store: store.url, prefix: store.prefix }, "mounted");
        const signals = ["SIGINT", "SIGTERM"] as const;
        let stop!: () => void;
        const stopped = new Promise<void>((r) => (stop = r));
        for (const s of signals) process.on(s, stop);
        try {
          await Promise.race([stopped, m.closed]);
        } finally {
          for (const s of signals) process.off(s, stop);
          await m.unmount();
        }
        log.info({ mountpoint: m.mountpoint }, "unmounted");
      },
      ["blobs", "directories", "pathInfos"],
    );
  },
};
