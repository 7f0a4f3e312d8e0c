// Directory protocol handlers: request bytes in, reply bytes out, no NATS connection. Uploads
// are validated as a whole (core LeavesToRootValidator, external references checked against the
// store) before anything is written; an invalid upload stores nothing. The staged pages are read
// twice, once to validate and once to store, one page at a time: no more than a page of an
// upload is held as directories, however many pages it has.
import { B3Digest, Code, Directory, LeavesToRootValidator, StoreError, decodeOrInvalid, invalid, type EncodedDirectory } from "@castore/core";
import type { BlobService } from "@castore/blob";
import { DIRECTORY_LIMITS, type Handler, type PageStaging } from "@castore/service-kit";
import { castore } from "@castore/proto";
import { fromItem, toItem } from "./codec.js";

import { checkExternal, type DirectoryStore } from "./store.js";

const pb = castore.nats.v1;

export function directoryHandlers(
  store: DirectoryStore,
  blobs: BlobService | null,
  staging: PageStaging,
  maxReplyBytes: number,
): { get: Handler; put: Handler } {
  return {
    async get(request) {
      const req = decodeOrInvalid("GetDirectoriesRequest", (b) => pb.GetDirectoriesRequest.decode(b), request);
      if (req.digests.length > DIRECTORY_LIMITS.digestsPerGet) {
        throw new StoreError(Code.TooLarge, `${req.digests.length} digests in one get; at most ${DIRECTORY_LIMITS.digestsPerGet}`);
      }
      const digests = req.digests.map((d, i) => B3Digest.fromBytes(d, `digest ${i}`));
      const dirs = await store.getMany(digests);
      // Answer a prefix of the request that fits in one reply; the client asks for the rest.
      const items: castore.nats.v1.IDirectoryItem[] = [];
      let bytes = 0;
      for (const dir of dirs) {
        const item = dir ? await toItem(dir, blobs) : { found: false };
        const size = (item.encoded?.length ?? 0) + 48;
        if (items.length > 0 && bytes + size > maxReplyBytes) break;
        items.push(item);
        bytes += size;
      }
      return pb.GetDirectoriesResponse.encode({ items }).finish();
    },

    async put(request) {
      const req = decodeOrInvalid("PutDirectoriesRequest", (b) => pb.PutDirectoriesRequest.decode(b), request);
      if (req.sequence >= DIRECTORY_LIMITS.pagesPerUpload) {
        throw new StoreError(Code.TooLarge, `upload page ${req.sequence}; at most ${DIRECTORY_LIMITS.pagesPerUpload} pages`);
      }
      if (!req.last) {
        if (req.uploadId.length < 8 || req.uploadId.length > 64) {
          throw invalid(`upload_id must be 8..64 bytes, got ${req.uploadId.length}`);
        }
        // Decode now so a malformed page is refused when it arrives; the closure is validated as
        // a whole on the last page.
        for (const item of req.directories) if (!item.blobDigest?.length) Directory.decode(item.encoded ?? new Uint8Array(0));
        await staging.put(Buffer.from(req.uploadId).toString("hex"), req.sequence, request);
        return pb.PutDirectoriesResponse.encode({}).finish();
      }
      // The root comes last. If it is stored, its whole closure is (roots are written last): this is
      // a retry whose reply was lost, or a repeat — answered without the staged pages, which the
      // first attempt removed.
      const lastItem = req.directories[req.directories.length - 1];
      if (req.sequence > 0 && lastItem !== undefined) {
        const root = await fromItem(lastItem, blobs);
        if ((await store.getMany([root.digest()]))[0] != null) return pb.PutDirectoriesResponse.encode({ rootDigest: root.digest().bytes }).finish();
      }
      const id = Buffer.from(req.uploadId).toString("hex");
      async function* items(): AsyncGenerator<castore.nats.v1.IDirectoryItem> {
        for (let s = 0; s < req.sequence; s++) {
          const staged = await staging.get(id, s);
          if (staged === null) throw invalid(`upload page ${s} of ${req.sequence + 1} was not received; send it again`);
          yield* pb.PutDirectoriesRequest.decode(staged).directories;
        }
        yield* req.directories;
      }
      const validator = new LeavesToRootValidator({ allowExternal: true });
      for await (const item of items()) validator.add(await fromItem(item, blobs));
      const upload = validator.finish();
      await checkExternal(store, upload);
      // Read again to store, hashing each item instead of decoding it: bytes that hash to a
      // validated digest are that directory's canonical encoding. Anything else (a non-canonical
      // encoding, a directory sent as a blob) is decoded again. A staged page replaced in between
      // (the same upload id sent again) cannot bring in anything unvalidated: the second pass must
      // match the first, digest by digest, or nothing more is written and the root never is.
      async function* again(): AsyncGenerator<EncodedDirectory> {
        for await (const item of items()) {
          if (!item.blobDigest?.length) {
            const encoded = item.encoded ?? new Uint8Array(0);
            const digest = B3Digest.of(encoded);
            if (upload.has(digest)) {
              yield { digest: () => digest, encode: () => encoded };
              continue;
            }
          }
          yield await fromItem(item, blobs);
        }
      }
      await store.putClosure(upload.root, upload.leavesToRoot(again()));
      if (req.sequence > 0) await staging.delete(id, req.sequence);
      return pb.PutDirectoriesResponse.encode({ rootDigest: upload.root.bytes }).finish();
    },
  };
}
