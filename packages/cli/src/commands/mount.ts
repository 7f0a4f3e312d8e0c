// `castore mount MOUNTPOINT [--list-root]`: a read-only FUSE view of the store until SIGINT or
// SIGTERM, then unmounted (DESIGN §7). The root holds the store paths, looked up by name (listed
// only with --list-root); below each is its tree. A stale mount left at MOUNTPOINT by a killed
// `castore mount` is cleaned up first.
import type { Store } from "@castore/store";
import { setup, positionals, storeCommand, withStore, type CommandDef } from "../setup.js";

/** Closes the store; false if that took longer than `ms` (its NATS went away, say). */
async function closeWithin(store: Store, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const closed = await Promise.race([
    store.close().then(
      () => true,
      () => true,
    ),
    new Promise<boolean>((r) => (timer = setTimeout(() => r(false), ms))),
  ]);
  clearTimeout(timer);
  return closed;
}

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
        // withStore closes it again (a no-op then); bounded here, as its NATS may be gone by now:
        // the unmount is done, so what is left of the connection must not keep the process.
        if (!(await closeWithin(store, 5000))) log.warn("the store did not close within 5 s (is its NATS gone?); exiting anyway");
      },
      ["blobs", "directories", "pathInfos"],
    );
    // Unmounted and closed: whatever a lost NATS connection leaves behind (reconnect timers of the
    // embedded services) must not keep a foreground command from ending.
    setTimeout(() => process.exit(process.exitCode ?? 0), 2000).unref();
  },
};
