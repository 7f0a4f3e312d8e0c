// The Content-Type a stored file is served with. Its bytes are untrusted and share the bridge's
// origin, so there are only two answers, from the bytes and never from the name: text/plain for
// UTF-8 text, application/octet-stream for anything else. Never HTML, SVG, or anything else a
// browser would render or run.
import { CONTENT_TYPE } from "./route.js";

/** How much of the start of a file decides. */
export const SNIFF_BYTES = 8192;

/** Controls that plain text does not contain (tab, LF, FF, CR and ESC for terminal colours are allowed). */
const CONTROL = /[\u0000-\u0008\u000b\u000e-\u001a\u001c-\u001f\u007f]/;

/**
 * The type of a file whose first bytes are `sample` (up to SNIFF_BYTES; `whole` when that is the
 * entire file, so a multi-byte character cut off at the end of a partial sample is no reason to
 * call it binary). An empty file is text.
 */
export function guessContentType(sample: Uint8Array, whole: boolean): string {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(sample, { stream: !whole });
  } catch {
    return CONTENT_TYPE.binary;
  }
  return CONTROL.test(text) ? CONTENT_TYPE.binary : CONTENT_TYPE.text;
}
