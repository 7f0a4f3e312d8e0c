// Outside oracles for tests: what Nix, protoc and b3sum say about a local path. Nothing here
// uses castore code, so agreement with castore is evidence, not a tautology.
import { execFileSync, spawnSync } from "node:child_process";
import { lstatSync, readFileSync, readdirSync, readlinkSync } from "node:fs";

export const NIX_ENV = {
  ...process.env,
  NIX_CONFIG: "experimental-features = nix-command\nsubstituters =",
};

const protoRoot = new URL("../../proto/proto", import.meta.url).pathname;

export function nixHash(path: string | Buffer): string {
  return execFileSync("nix-hash", ["--type", "sha256", "--base32", path.toString()], { env: NIX_ENV, encoding: "utf8" }).trim();
}

/** `nix-store --dump` bytes (up to 256 MiB). */
export function nixDump(path: string | Buffer): Buffer {
  return execFileSync("nix-store", ["--dump", path.toString()], { env: NIX_ENV, maxBuffer: 1 << 28 });
}

export function nixStoreAdd(path: string | Buffer): string {
  return execFileSync("nix-store", ["--add", path.toString()], { env: NIX_ENV, encoding: "utf8" }).trim();
}

export function b3sum(data: Buffer): string {
  return execFileSync("b3sum", ["--no-names", "-"], { input: data, encoding: "utf8" }).trim();
}

function octal(b: Uint8Array): string {
  return [...b].map((c) => "\\" + c.toString(8).padStart(3, "0")).join("");
}

function protocEncodeDirectory(textproto: string): Buffer {
  const r = spawnSync("protoc", [`-I${protoRoot}`, "--encode=tvix.castore.v1.Directory", "tvix/castore/v1/castore.proto"], {
    input: textproto,
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0) throw new Error(`protoc failed: ${r.stderr.toString()}`);
  return r.stdout;
}

export interface OracleNode {
  type: "directory" | "file" | "symlink";
  digest?: string;
  size?: number;
  executable?: boolean;
  target?: Buffer;
}

/**
 * The castore node of a local path, computed with b3sum (file digests) and protoc + b3sum
 * (directory digests, from a textproto this function writes out entry by entry).
 */
export function oracleNode(path: Buffer): OracleNode {
  const st = lstatSync(path);
  if (st.isSymbolicLink()) return { type: "symlink", target: readlinkSync(path, { encoding: "buffer" }) };
  if (st.isFile()) {
    // Piped through stdin: a non-UTF-8 file name cannot be passed as a JS string argument.
    const digest = b3sum(readFileSync(path));
    return { type: "file", digest, size: st.size, executable: (st.mode & 0o100) !== 0 };
  }
  const names = readdirSync(path, { encoding: "buffer" }).sort(Buffer.compare);
  const dirs: string[] = [];
  const files: string[] = [];
  const links: string[] = [];
  let size = 0;
  for (const name of names) {
    const child = oracleNode(Buffer.concat([path, Buffer.from("/"), name]));
    size += 1;
    if (child.type === "directory") {
      size += child.size!;
      const sz = child.size ? ` size: ${child.size}` : "";
      dirs.push(`directories { name: "${octal(name)}" digest: "${octal(Buffer.from(child.digest!, "hex"))}"${sz} }`);
    } else if (child.type === "file") {
      const sz = child.size ? ` size: ${child.size}` : "";
      const ex = child.executable ? " executable: true" : "";
      files.push(`files { name: "${octal(name)}" digest: "${octal(Buffer.from(child.digest!, "hex"))}"${sz}${ex} }`);
    } else {
      links.push(`symlinks { name: "${octal(name)}" target: "${octal(child.target!)}" }`);
    }
  }
  const encoded = protocEncodeDirectory([...dirs, ...files, ...links].join("\n"));
  return { type: "directory", digest: b3sum(encoded), size };
}
