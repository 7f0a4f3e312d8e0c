// The DirectoryService contract. Backends (memory, JetStream) and the NATS client implement it.
import type { B3Digest, Directory } from "@castore/core";

export interface DirectoryService {
  /** The directory with this digest, verified against it, or null if the store lacks it. */
  get(digest: B3Digest): Promise<Directory | null>;

  /**
   * Several directories in one go (null where missing), each verified against its digest: what
   * a reader walking a tree depth first asks for (a directory's children), in few round trips.
   * Optional: without it, callers get() each.
   */
  getMany?(digests: readonly B3Digest[]): Promise<(Directory | null)[]>;

  /**
   * The closure of `root`, root to leaves, breadth-first, each digest once. Empty if the root
   * is missing. A missing directory below an existing root is an error (inconsistent store).
   * Every directory is verified against its digest and the edge sizes pointing to it.
   */
  getRecursive(root: B3Digest): AsyncIterable<Directory>;

  /** Stores one directory; the directories it refers to must already be stored. */
  put(dir: Directory): Promise<B3Digest>;

  /**
   * Uploads a closure leaves to root: each directory may refer to directories sent before it
   * or already stored. Nothing is stored until close() has validated the whole upload
   * (ordering, sizes, references, a single root); close() returns the root's digest.
   */
  putter(): DirectoryPutter;

  close(): Promise<void>;
}

export interface DirectoryPutter {
  put(dir: Directory): Promise<void>;
  close(): Promise<B3Digest>;
}
