// Path-info protocol handlers: request bytes in, reply bytes out, no NATS connection.
import { Code, StoreError, decodeNode, decodeOrInvalid, encodePathInfo, invalid, notFound, nixbase32Encode, pathInfoFromProto, toLong, validateNode } from "@castore/core";
import { castore, tvix } from "@castore/proto";
import { PATHINFO_LIMITS, type Handler } from "@castore/service-kit";
import type { PathInfoService } from "./service.js";
import type { PathInfoStore } from "./store.js";

export function pathInfoHandlers(
  svc: PathInfoService,
  store: PathInfoStore,
  maxReplyBytes: number,
): { get: Handler; put: Handler; list: Handler; calculateNar: Handler } {
  return {
    async get(request) {
      const req = decodeOrInvalid("GetPathInfoRequest", (b) => tvix.store.v1.GetPathInfoRequest.decode(b), request);
      if (req.byWhat !== "byOutputHash") throw invalid("by_output_hash is required");
      const hash = req.byOutputHash ?? new Uint8Array(0);
      if (hash.length !== 20) throw invalid(`by_output_hash must be 20 bytes, got ${hash.length}`);
      const info = await svc.get(hash);
      if (!info) throw notFound(`path info for ${nixbase32Encode(hash)} not found`);
      return encodePathInfo(info);
    },

    async put(request) {
      const m = decodeOrInvalid("PathInfo", (b) => tvix.store.v1.PathInfo.decode(b), request);
      return encodePathInfo(await svc.put(pathInfoFromProto(m)));
    },

    async list(request) {
      const req = decodeOrInvalid("ListPathInfoPageRequest", (b) => castore.nats.v1.ListPathInfoPageRequest.decode(b), request);
      if (req.limit > PATHINFO_LIMITS.pageLimit) {
        throw new StoreError(Code.TooLarge, `page limit ${req.limit}; at most ${PATHINFO_LIMITS.pageLimit}`);
      }
      if (req.cursor.length !== 0 && req.cursor.length > 64) throw invalid(`cursor of ${req.cursor.length} bytes is not one this service made`);
      // Halve the page until it fits one reply (path infos with many references are large).
      for (let limit = req.limit || PATHINFO_LIMITS.defaultPage; ; limit = Math.max(1, limit >> 1)) {
        const page = await store.listPage(req.cursor.length ? req.cursor : null, limit);
        const reply = castore.nats.v1.PathInfoPage.encode({
          pathInfos: page.infos.map((i) => tvix.store.v1.PathInfo.decode(encodePathInfo(i))),
          nextCursor: page.next ?? new Uint8Array(0),
        }).finish();
        if (reply.length <= maxReplyBytes || limit === 1) return reply;
      }
    },

    async calculateNar(request) {
      const node = decodeNode(request);
      validateNode(node, { anonymous: true });
      const f = await svc.calculateNar(node);
      return tvix.store.v1.CalculateNARResponse.encode({ narSize: toLong(f.narSize), narSha256: f.narSha256 }).finish();
    },
  };
}
