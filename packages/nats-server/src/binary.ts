// Finds the nats-server executable: PATH first, then where distributions install it, with an
// error that says how to get one.
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

const FALLBACK_BINARIES = ["/usr/sbin/nats-server", "/usr/local/bin/nats-server"];

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Resolves the nats-server executable, or throws an error that says how to get one. */
export function findNatsServer(binary?: string): string {
  if (binary !== undefined && binary.includes("/")) {
    if (isExecutable(binary)) return binary;
    throw new Error(`nats-server binary ${binary} does not exist or is not executable`);
  }
  const name = binary ?? "nats-server";
  const onPath = (process.env["PATH"] ?? "")
    .split(delimiter)
    .filter((d) => d !== "")
    .map((d) => join(d, name));
  // Debian installs nats-server into /usr/sbin, which is not on a normal user's PATH.
  const candidates = binary === undefined ? [...onPath, ...FALLBACK_BINARIES] : onPath;
  const found = candidates.find(isExecutable);
  if (found !== undefined) return found;
  throw new Error(
    binary === undefined
      ? `nats-server not found on PATH nor in ${FALLBACK_BINARIES.join(", ")}; ` +
          "install it (Debian/Ubuntu: apt-get install nats-server) or pass its path as `binary`"
      : `${binary} not found on PATH`,
  );
}
