// Test helper (exported from @castore/core/testing only): runs the real Nix tools that golden
// tests compare against, with a clear failure when Nix is missing instead of a bare ENOENT.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const NIX_ENV = { ...process.env, NIX_CONFIG: "experimental-features = nix-command\nsubstituters =" };

/** Runs a Nix command and returns its stdout, trimmed. Throws with Nix's stderr on failure. */
export function runNix(command: string, args: readonly string[]): string {
  try {
    return execFileSync(command, args, { env: NIX_ENV, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { status?: number; stderr?: string };
    if (err.code === "ENOENT") {
      throw new Error(`this test needs real Nix: ${command} is not on PATH (install Nix 2.8 or newer)`);
    }
    throw new Error(`${command} ${args.join(" ")} failed (exit ${err.status}): ${err.stderr ?? ""}`.trim(), { cause: e });
  }
}

/** Like runNix, but returns the exit status and stderr instead of throwing on failure. */
export function tryNix(command: string, args: readonly string[]): { status: number; stderr: string } {
  try {
    execFileSync(command, args, { env: NIX_ENV, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    return { status: 0, stderr: "" };
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { status?: number | null; stderr?: string };
    if (err.code === "ENOENT") {
      throw new Error(`this test needs real Nix: ${command} is not on PATH (install Nix 2.8 or newer)`);
    }
    return { status: err.status ?? -1, stderr: err.stderr ?? "" };
  }
}

/** Binary caches written by real `nix copy`, for narinfo and signing tests. */
export interface NixCaches {
  /** A file:// cache with `compression=none`, every narinfo signed with `secretKey`. */
  readonly signed: string;
  /** A file:// cache with the default compression (xz) and no signatures. */
  readonly unsigned: string;
  /** Key texts as `nix-store --generate-binary-cache-key` writes them. */
  readonly secretKey: string;
  readonly publicKey: string;
  /** An input-addressed path with a reference and a deriver (built from a tiny derivation). */
  readonly withRefs: string;
  /** Everything copied: withRefs and its text-CA dependency, recursive and flat CA paths. */
  readonly paths: readonly string[];
}

/** Creates the caches under `dir` (which the caller removes). Spawns Nix about seven times. */
export function makeNixCaches(dir: string): NixCaches {
  writeFileSync(
    join(dir, "withrefs.nix"),
    `let dep = builtins.toFile "castore-dep.txt" "dependency";
in derivation {
  name = "castore-withrefs";
  system = builtins.currentSystem;
  builder = "/bin/sh";
  args = [ "-c" "echo \${dep} > $out" ];
}
`,
  );
  const withRefs = runNix("nix-build", ["--no-out-link", "--option", "sandbox", "false", join(dir, "withrefs.nix")]);
  writeFileSync(join(dir, "castore-file.txt"), "a file for narinfo tests\n");
  mkdirSync(join(dir, "castore-dir"));
  writeFileSync(join(dir, "castore-dir", "x"), "x");
  const added = runNix("nix-store", ["--add", join(dir, "castore-file.txt"), join(dir, "castore-dir")]).split("\n");
  const flat = runNix("nix-store", ["--add-fixed", "sha256", join(dir, "castore-file.txt")]);
  const paths = [withRefs, ...added, flat];

  const secretFile = join(dir, "key.sec");
  const publicFile = join(dir, "key.pub");
  runNix("nix-store", ["--generate-binary-cache-key", "castore-test-1", secretFile, publicFile]);
  const signed = join(dir, "signed");
  const unsigned = join(dir, "unsigned");
  runNix("nix", ["copy", "--to", `file://${signed}?compression=none&secret-key=${secretFile}`, ...paths]);
  runNix("nix", ["copy", "--to", `file://${unsigned}`, ...paths]);
  return {
    signed,
    unsigned,
    secretKey: readFileSync(secretFile, "utf8"),
    publicKey: readFileSync(publicFile, "utf8"),
    withRefs,
    paths: [...paths, runNix("nix-store", ["--query", "--references", withRefs])],
  };
}

/** The narinfo file of `storePath` in a file:// cache directory. */
export function narinfoFile(cache: string, storePath: string): string {
  return join(cache, storePath.slice("/nix/store/".length, "/nix/store/".length + 32) + ".narinfo");
}
