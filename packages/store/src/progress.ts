// What long operations (import, export, NAR ingest and rendering) report as they go. The CLI draws
// a bar from it on a terminal; a library user may pass anything with these methods, or nothing.
export interface Progress {
  /** `n` more bytes done. */
  add(n: number): void;
  /** `n` more files done (trees). */
  addFiles(n: number): void;
}
