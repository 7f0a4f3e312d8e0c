// The castore node model: a directory, file or symlink entry, named by raw bytes. A node with
// an empty name is "anonymous" (a root in CalculateNAR or a nar-bridge URL); a named node is an
// entry of a Directory or the root of a PathInfo. Validation rules follow tvix
// (castore/src/path/component.rs, nodes/symlink_target.rs).
import { B3Digest } from "./digest.js";
import { invalid, showBytes } from "./errors.js";

export const MAX_NAME_LENGTH = 255;
export const MAX_SYMLINK_TARGET_LENGTH = 4095;
export const U64_MAX = 2n ** 64n - 1n;

export interface DirectoryNode {
  readonly type: "directory";
  readonly name: Uint8Array;
  readonly digest: B3Digest;
  /** Entries below this node (see Directory.size); a u64. */
  readonly size: bigint;
}

export interface FileNode {
  readonly type: "file";
  readonly name: Uint8Array;
  readonly digest: B3Digest;
  /** The file size in bytes; a u64. */
  readonly size: bigint;
  readonly executable: boolean;
}

export interface SymlinkNode {
  readonly type: "symlink";
  readonly name: Uint8Array;
  readonly target: Uint8Array;
}

export type Node = DirectoryNode | FileNode | SymlinkNode;

const encoder = new TextEncoder();

/** Bytes of a name given as a string (UTF-8) or as bytes (taken as is). */
export function nameBytes(name: string | Uint8Array): Uint8Array {
  return typeof name === "string" ? encoder.encode(name) : name;
}

/** Why `name` is not a valid path component, or null if it is. */
export function nameProblem(name: Uint8Array): string | null {
  if (name.length === 0) return "name is empty";
  if (name.length > MAX_NAME_LENGTH) {
    return `name is ${name.length} bytes, more than ${MAX_NAME_LENGTH}`;
  }
  if (name.length === 1 && name[0] === 0x2e) return 'name is "."';
  if (name.length === 2 && name[0] === 0x2e && name[1] === 0x2e) return 'name is ".."';
  if (name.includes(0x2f)) return 'name contains "/"';
  if (name.includes(0)) return "name contains NUL";
  return null;
}

/** Throws InvalidArgument unless `name` is a valid path component. */
export function validateName(name: Uint8Array): void {
  const p = nameProblem(name);
  if (p) throw invalid(`invalid name ${showBytes(name)}: ${p}`);
}

/** Why `target` is not a valid symlink target, or null if it is. Slashes are allowed. */
export function symlinkTargetProblem(target: Uint8Array): string | null {
  if (target.length === 0) return "target is empty";
  if (target.length > MAX_SYMLINK_TARGET_LENGTH) {
    return `target is ${target.length} bytes, more than ${MAX_SYMLINK_TARGET_LENGTH}`;
  }
  if (target.includes(0)) return "target contains NUL";
  return null;
}

export function directoryNode(name: string | Uint8Array, digest: B3Digest, size: bigint | number): DirectoryNode {
  return { type: "directory", name: nameBytes(name), digest, size: BigInt(size) };
}

export function fileNode(
  name: string | Uint8Array,
  digest: B3Digest,
  size: bigint | number,
  executable = false,
): FileNode {
  return { type: "file", name: nameBytes(name), digest, size: BigInt(size), executable };
}

export function symlinkNode(name: string | Uint8Array, target: string | Uint8Array): SymlinkNode {
  return { type: "symlink", name: nameBytes(name), target: nameBytes(target) };
}

/** The same node under another name (empty for anonymous). */
export function renameNode<N extends Node>(node: N, name: Uint8Array): N {
  return { ...node, name };
}

/**
 * Checks one node on its own: name (unless `anonymous`, which requires an empty name), symlink
 * target, and that sizes fit in a u64. Throws InvalidArgument naming the node.
 */
export function validateNode(node: Node, opts: { anonymous?: boolean } = {}): void {
  if (opts.anonymous) {
    if (node.name.length !== 0) {
      throw invalid(`root node must be anonymous (empty name), got name ${showBytes(node.name)}`);
    }
  } else {
    validateName(node.name);
  }
  if (node.type === "symlink") {
    const p = symlinkTargetProblem(node.target);
    if (p) throw invalid(`symlink ${showBytes(node.name)}: ${p}`);
  } else if (node.size < 0n || node.size > U64_MAX) {
    throw invalid(`${node.type} ${showBytes(node.name)}: size ${node.size} is not a u64`);
  }
}

/** Bytewise comparison of two names (never compare names as JS strings: UTF-16 order differs). */
export function compareNames(a: Uint8Array, b: Uint8Array): number {
  return Buffer.compare(a, b);
}
