// REF arguments (DESIGN §7). Today only digests name something; store paths need the path-info
// service, so they are recognised and refused with a clear message rather than misread.
import { B3Digest } from "@castore/core";
import { UsageError } from "./args.js";

const STORE_PATH = /^(\/nix\/store\/)?[0-9a-df-np-sv-z]{32}-[^/]+/;

/** A REF that must name a blob (`cat`, `blob stat`). */
export function parseBlobRef(text: string): B3Digest {
  const d = B3Digest.tryParse(text);
  if (d !== null) return d;
  if (STORE_PATH.test(text)) {
    throw new UsageError(`${text}: store paths need the path-info service, which is not available yet; give a blob digest`);
  }
  return B3Digest.parse(text);
}
