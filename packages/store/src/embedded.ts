// The embedded default (DESIGN §7): one nats-server with JetStream per $CASTORE_HOME, started
// on first use on a free loopback port and recorded in server.json, reused by later commands.
// A record is trusted only if its pid is alive and the server on its port gives its name, so a
// crashed server or a reused pid is never mistaken for ours. Starting happens under a lock, so
// commands that start together share one server.
import { randomBytes } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { isProcessAlive, readServerInfo, startNatsServer, stopPid, type NatsServerHandle } from "@castore/nats-server";
import { withLock } from "./lock.js";
import type { Logger } from "@castore/service-kit";

export interface ServerRecord {
  readonly pid: number;
  readonly port: number;
  readonly url: string;
  readonly serverName: string;
  readonly configFile: string;
  readonly logFile: string;
  /** Whether the server outlives the command that started it (false: a foreground `serve`). */
  readonly background: boolean;
  readonly startedAt: string;
}

export function embeddedPaths(home: string) {
  return {
    home,
    record: join(home, "server.json"),
    lock: join(home, "server.lock"),
    configFile: join(home, "nats", "nats-server.conf"),
    logFile: join(home, "nats", "nats-server.log"),
    storeDir: join(home, "nats", "store"),
  };
}

function readRecord(home: string): ServerRecord | null {
  let text: string;
  try {
    text = readFileSync(embeddedPaths(home).record, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw e;
  }
  try {
    const r = JSON.parse(text) as Partial<ServerRecord>;
    if (typeof r.pid === "number" && typeof r.url === "string" && typeof r.serverName === "string") {
      return r as ServerRecord;
    }
  } catch {
    // A torn or foreign file is no record; it is replaced on the next start.
  }
  return null;
}

function writeRecord(home: string, r: ServerRecord): void {
  const path = embeddedPaths(home).record;
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(r, null, 2) + "\n");
  renameSync(tmp, path);
}

function removeRecord(home: string): void {
  rmSync(embeddedPaths(home).record, { force: true });
}

/** The recorded server if it is alive and answers with its recorded name, else null. */
export async function liveServer(home: string): Promise<ServerRecord | null> {
  const r = readRecord(home);
  if (r === null || !isProcessAlive(r.pid)) return null;
  try {
    const info = await readServerInfo(r.url, 2000);
    return info.server_name === r.serverName ? r : null;
  } catch {
    return null;
  }
}

/** Whether `pid` runs nats-server on our config file (a hung server that no longer answers). */
function runsOurConfig(pid: number, configFile: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").includes(configFile);
  } catch {
    return false;
  }
}

/** Pids of processes running on our config file (Linux; elsewhere none are found). */
function serversOnConfig(configFile: string): number[] {
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return [];
  }
  return entries
    .filter((e) => /^\d+$/.test(e))
    .map(Number)
    .filter((pid) => runsOurConfig(pid, configFile) && isProcessAlive(pid));
}

/**
 * Stops servers on our store that no valid record names: one that hangs, or one whose starter
 * died before recording it. A second server on the same store directory would corrupt it.
 */
async function clearUnrecordedServers(home: string, log: Logger): Promise<void> {
  for (const pid of serversOnConfig(embeddedPaths(home).configFile)) {
    log.warn({ serverPid: pid }, "stopping an embedded nats-server that does not answer or was never recorded");
    await stopPid(pid);
  }
}

async function start(home: string, background: boolean, log: Logger): Promise<{ record: ServerRecord; handle: NatsServerHandle }> {
  const p = embeddedPaths(home);
  await clearUnrecordedServers(home, log);
  const handle = await startNatsServer({
    storeDir: p.storeDir,
    logFile: p.logFile,
    configFile: p.configFile,
    serverName: `castore-embedded-${randomBytes(4).toString("hex")}`,
    // A background server must survive us; a foreground one gets its own process group so that
    // Ctrl-C reaches `castore serve` first, which drains its services before stopping it.
    ...(background ? { detached: true } : { ownProcessGroup: true }),
  });
  const record: ServerRecord = {
    pid: handle.pid,
    port: handle.port,
    url: handle.url,
    serverName: handle.serverName,
    configFile: handle.configFile,
    logFile: handle.logFile,
    background,
    startedAt: new Date().toISOString(),
  };
  writeRecord(home, record);
  log.info({ serverPid: record.pid, url: record.url, logFile: record.logFile }, "started the embedded nats-server");
  return { record, handle };
}

/** The URL of the embedded server of `home`, starting it in the background if none runs. */
export async function ensureEmbeddedServer(home: string, log: Logger): Promise<ServerRecord> {
  const running = await liveServer(home);
  if (running !== null) return running;
  mkdirSync(home, { recursive: true });
  return withLock(embeddedPaths(home).lock, async () => {
    // Whoever held the lock before us may have started it.
    const now = await liveServer(home);
    if (now !== null) return now;
    return (await start(home, true, log)).record;
  });
}

export interface ForegroundServer {
  readonly url: string;
  /** Stops the server if this process started it (and forgets its record). */
  stop(): Promise<void>;
}

/**
 * For `castore serve` without --nats: the embedded server in the foreground, or the one that
 * already runs for this home (two servers on one store directory would corrupt it).
 */
export async function foregroundEmbeddedServer(home: string, log: Logger): Promise<ForegroundServer> {
  mkdirSync(home, { recursive: true });
  return withLock(embeddedPaths(home).lock, async () => {
    const running = await liveServer(home);
    if (running !== null) {
      log.info({ serverPid: running.pid, url: running.url }, "using the embedded nats-server that already runs");
      return { url: running.url, stop: async () => {} };
    }
    const { record, handle } = await start(home, false, log);
    return {
      url: record.url,
      stop: async () => {
        await handle.stop();
        if (readRecord(home)?.serverName === record.serverName) removeRecord(home);
        log.info({ serverPid: record.pid }, "stopped the embedded nats-server");
      },
    };
  });
}

/** `castore stop`: stops the server of `home` if one runs and is ours. Returns its pid. */
export async function stopEmbeddedServer(home: string): Promise<number | null> {
  const p = embeddedPaths(home);
  if (readRecord(home) === null) return null;
  return withLock(p.lock, async () => {
    const r = readRecord(home);
    if (r === null) return null;
    const ours = (await liveServer(home)) !== null || (isProcessAlive(r.pid) && runsOurConfig(r.pid, p.configFile));
    if (ours) await stopPid(r.pid);
    removeRecord(home);
    return ours ? r.pid : null;
  });
}
