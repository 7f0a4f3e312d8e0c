import * as $protobuf from "protobufjs/minimal.js";
import Long = require("long");
export namespace castore {

    namespace nats {

        namespace v1 {

            interface IMissingChunksRequest {
                digests?: (Uint8Array[]|null);
                sizeHints?: (number[]|null);
            }

            class MissingChunksRequest implements IMissingChunksRequest {
                constructor(properties?: castore.nats.v1.IMissingChunksRequest);
                public digests: Uint8Array[];
                public sizeHints: number[];
                public static create(properties?: castore.nats.v1.IMissingChunksRequest): castore.nats.v1.MissingChunksRequest;
                public static encode(message: castore.nats.v1.IMissingChunksRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): castore.nats.v1.MissingChunksRequest;
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IMissingChunksResponse {
                missing?: (Uint8Array[]|null);
            }

            class MissingChunksResponse implements IMissingChunksResponse {
                constructor(properties?: castore.nats.v1.IMissingChunksResponse);
                public missing: Uint8Array[];
                public static create(properties?: castore.nats.v1.IMissingChunksResponse): castore.nats.v1.MissingChunksResponse;
                public static encode(message: castore.nats.v1.IMissingChunksResponse, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): castore.nats.v1.MissingChunksResponse;
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IPutChunksRequest {
                chunks?: (Uint8Array[]|null);
            }

            class PutChunksRequest implements IPutChunksRequest {
                constructor(properties?: castore.nats.v1.IPutChunksRequest);
                public chunks: Uint8Array[];
                public static create(properties?: castore.nats.v1.IPutChunksRequest): castore.nats.v1.PutChunksRequest;
                public static encode(message: castore.nats.v1.IPutChunksRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): castore.nats.v1.PutChunksRequest;
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IPutChunksResponse {
                digests?: (Uint8Array[]|null);
                existed?: (boolean[]|null);
            }

            class PutChunksResponse implements IPutChunksResponse {
                constructor(properties?: castore.nats.v1.IPutChunksResponse);
                public digests: Uint8Array[];
                public existed: boolean[];
                public static create(properties?: castore.nats.v1.IPutChunksResponse): castore.nats.v1.PutChunksResponse;
                public static encode(message: castore.nats.v1.IPutChunksResponse, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): castore.nats.v1.PutChunksResponse;
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface ICommitBlobRequest {
                digest?: (Uint8Array|null);
                chunks?: (tvix.castore.v1.StatBlobResponse.IChunkMeta[]|null);
                page?: (number|null);
                pages?: (number|null);
            }

            class CommitBlobRequest implements ICommitBlobRequest {
                constructor(properties?: castore.nats.v1.ICommitBlobRequest);
                public digest: Uint8Array;
                public chunks: tvix.castore.v1.StatBlobResponse.IChunkMeta[];
                public page: number;
                public pages: number;
                public static create(properties?: castore.nats.v1.ICommitBlobRequest): castore.nats.v1.CommitBlobRequest;
                public static encode(message: castore.nats.v1.ICommitBlobRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): castore.nats.v1.CommitBlobRequest;
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface ICommitBlobResponse {
                size?: (number|Long|null);
                committed?: (boolean|null);
            }

            class CommitBlobResponse implements ICommitBlobResponse {
                constructor(properties?: castore.nats.v1.ICommitBlobResponse);
                public size: (number|Long);
                public committed: boolean;
                public static create(properties?: castore.nats.v1.ICommitBlobResponse): castore.nats.v1.CommitBlobResponse;
                public static encode(message: castore.nats.v1.ICommitBlobResponse, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): castore.nats.v1.CommitBlobResponse;
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IRecheckChunkResponse {
                ok?: (boolean|null);
                repaired?: (boolean|null);
            }

            class RecheckChunkResponse implements IRecheckChunkResponse {
                constructor(properties?: castore.nats.v1.IRecheckChunkResponse);
                public ok: boolean;
                public repaired: boolean;
                public static create(properties?: castore.nats.v1.IRecheckChunkResponse): castore.nats.v1.RecheckChunkResponse;
                public static encode(message: castore.nats.v1.IRecheckChunkResponse, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): castore.nats.v1.RecheckChunkResponse;
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface ISessionOpenResponse {
                session?: (Uint8Array|null);
                subject?: (string|null);
            }

            class SessionOpenResponse implements ISessionOpenResponse {
                constructor(properties?: castore.nats.v1.ISessionOpenResponse);
                public session: Uint8Array;
                public subject: string;
                public static create(properties?: castore.nats.v1.ISessionOpenResponse): castore.nats.v1.SessionOpenResponse;
                public static encode(message: castore.nats.v1.ISessionOpenResponse, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): castore.nats.v1.SessionOpenResponse;
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface ISessionItem {
                data?: (Uint8Array|null);
                meta?: (tvix.castore.v1.StatBlobResponse.IChunkMeta|null);
            }

            class SessionItem implements ISessionItem {
                constructor(properties?: castore.nats.v1.ISessionItem);
                public data: Uint8Array;
                public meta?: (tvix.castore.v1.StatBlobResponse.IChunkMeta|null);
                public static create(properties?: castore.nats.v1.ISessionItem): castore.nats.v1.SessionItem;
                public static encode(message: castore.nats.v1.ISessionItem, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): castore.nats.v1.SessionItem;
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface ISessionPutRequest {
                session?: (Uint8Array|null);
                firstIndex?: (number|null);
                items?: (castore.nats.v1.ISessionItem[]|null);
            }

            class SessionPutRequest implements ISessionPutRequest {
                constructor(properties?: castore.nats.v1.ISessionPutRequest);
                public session: Uint8Array;
                public firstIndex: number;
                public items: castore.nats.v1.ISessionItem[];
                public static create(properties?: castore.nats.v1.ISessionPutRequest): castore.nats.v1.SessionPutRequest;
                public static encode(message: castore.nats.v1.ISessionPutRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): castore.nats.v1.SessionPutRequest;
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface ISessionCommitRequest {
                session?: (Uint8Array|null);
                digest?: (Uint8Array|null);
                totalChunks?: (number|null);
            }

            class SessionCommitRequest implements ISessionCommitRequest {
                constructor(properties?: castore.nats.v1.ISessionCommitRequest);
                public session: Uint8Array;
                public digest: Uint8Array;
                public totalChunks: number;
                public static create(properties?: castore.nats.v1.ISessionCommitRequest): castore.nats.v1.SessionCommitRequest;
                public static encode(message: castore.nats.v1.ISessionCommitRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): castore.nats.v1.SessionCommitRequest;
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IRelayChunksRequest {
                digests?: (Uint8Array[]|null);
                replyPrefix?: (string|null);
                firstToken?: (number|null);
                seqs?: ((number|Long)[]|null);
            }

            class RelayChunksRequest implements IRelayChunksRequest {
                constructor(properties?: castore.nats.v1.IRelayChunksRequest);
                public digests: Uint8Array[];
                public replyPrefix: string;
                public firstToken: number;
                public seqs: (number|Long)[];
                public static create(properties?: castore.nats.v1.IRelayChunksRequest): castore.nats.v1.RelayChunksRequest;
                public static encode(message: castore.nats.v1.IRelayChunksRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): castore.nats.v1.RelayChunksRequest;
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IPackPutRequest {
                directory?: (Uint8Array|null);
                part?: (number|null);
                pack?: (Uint8Array|null);
            }

            class PackPutRequest implements IPackPutRequest {
                constructor(properties?: castore.nats.v1.IPackPutRequest);
                public directory: Uint8Array;
                public part: number;
                public pack: Uint8Array;
                public static create(properties?: castore.nats.v1.IPackPutRequest): castore.nats.v1.PackPutRequest;
                public static encode(message: castore.nats.v1.IPackPutRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): castore.nats.v1.PackPutRequest;
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IPackGetRequest {
                directory?: (Uint8Array|null);
                part?: (number|null);
            }

            class PackGetRequest implements IPackGetRequest {
                constructor(properties?: castore.nats.v1.IPackGetRequest);
                public directory: Uint8Array;
                public part: number;
                public static create(properties?: castore.nats.v1.IPackGetRequest): castore.nats.v1.PackGetRequest;
                public static encode(message: castore.nats.v1.IPackGetRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): castore.nats.v1.PackGetRequest;
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IStatBlobPageRequest {
                digest?: (Uint8Array|null);
                chunkOffset?: (number|null);
            }

            class StatBlobPageRequest implements IStatBlobPageRequest {
                constructor(properties?: castore.nats.v1.IStatBlobPageRequest);
                public digest: Uint8Array;
                public chunkOffset: number;
                public static create(properties?: castore.nats.v1.IStatBlobPageRequest): castore.nats.v1.StatBlobPageRequest;
                public static encode(message: castore.nats.v1.IStatBlobPageRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): castore.nats.v1.StatBlobPageRequest;
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IStatBlobPage {
                size?: (number|Long|null);
                totalChunks?: (number|null);
                chunks?: (tvix.castore.v1.StatBlobResponse.IChunkMeta[]|null);
                chunkSeqs?: ((number|Long)[]|null);
            }

            class StatBlobPage implements IStatBlobPage {
                constructor(properties?: castore.nats.v1.IStatBlobPage);
                public size: (number|Long);
                public totalChunks: number;
                public chunks: tvix.castore.v1.StatBlobResponse.IChunkMeta[];
                public chunkSeqs: (number|Long)[];
                public static create(properties?: castore.nats.v1.IStatBlobPage): castore.nats.v1.StatBlobPage;
                public static encode(message: castore.nats.v1.IStatBlobPage, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): castore.nats.v1.StatBlobPage;
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IBlobIndex {
                size?: (number|Long|null);
                chunks?: (tvix.castore.v1.StatBlobResponse.IChunkMeta[]|null);
                extraParts?: (number|null);
                hasTree?: (boolean|null);
                chunkSeqs?: ((number|Long)[]|null);
            }

            class BlobIndex implements IBlobIndex {
                constructor(properties?: castore.nats.v1.IBlobIndex);
                public size: (number|Long);
                public chunks: tvix.castore.v1.StatBlobResponse.IChunkMeta[];
                public extraParts: number;
                public hasTree: boolean;
                public chunkSeqs: (number|Long)[];
                public static create(properties?: castore.nats.v1.IBlobIndex): castore.nats.v1.BlobIndex;
                public static encode(message: castore.nats.v1.IBlobIndex, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): castore.nats.v1.BlobIndex;
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface ITreePageRequest {
                digest?: (Uint8Array|null);
                level?: (number|null);
                page?: (number|null);
                count?: (number|null);
            }

            class TreePageRequest implements ITreePageRequest {
                constructor(properties?: castore.nats.v1.ITreePageRequest);
                public digest: Uint8Array;
                public level: number;
                public page: number;
                public count: number;
                public static create(properties?: castore.nats.v1.ITreePageRequest): castore.nats.v1.TreePageRequest;
                public static encode(message: castore.nats.v1.ITreePageRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): castore.nats.v1.TreePageRequest;
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IDirectoryItem {
                encoded?: (Uint8Array|null);
                blobDigest?: (Uint8Array|null);
                found?: (boolean|null);
            }

            class DirectoryItem implements IDirectoryItem {
                constructor(properties?: castore.nats.v1.IDirectoryItem);
                public encoded: Uint8Array;
                public blobDigest: Uint8Array;
                public found: boolean;
                public static create(properties?: castore.nats.v1.IDirectoryItem): castore.nats.v1.DirectoryItem;
                public static encode(message: castore.nats.v1.IDirectoryItem, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): castore.nats.v1.DirectoryItem;
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IGetDirectoriesRequest {
                digests?: (Uint8Array[]|null);
            }

            class GetDirectoriesRequest implements IGetDirectoriesRequest {
                constructor(properties?: castore.nats.v1.IGetDirectoriesRequest);
                public digests: Uint8Array[];
                public static create(properties?: castore.nats.v1.IGetDirectoriesRequest): castore.nats.v1.GetDirectoriesRequest;
                public static encode(message: castore.nats.v1.IGetDirectoriesRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): castore.nats.v1.GetDirectoriesRequest;
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IGetDirectoriesResponse {
                items?: (castore.nats.v1.IDirectoryItem[]|null);
            }

            class GetDirectoriesResponse implements IGetDirectoriesResponse {
                constructor(properties?: castore.nats.v1.IGetDirectoriesResponse);
                public items: castore.nats.v1.IDirectoryItem[];
                public static create(properties?: castore.nats.v1.IGetDirectoriesResponse): castore.nats.v1.GetDirectoriesResponse;
                public static encode(message: castore.nats.v1.IGetDirectoriesResponse, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): castore.nats.v1.GetDirectoriesResponse;
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IPutDirectoriesRequest {
                uploadId?: (Uint8Array|null);
                sequence?: (number|null);
                directories?: (castore.nats.v1.IDirectoryItem[]|null);
                last?: (boolean|null);
            }

            class PutDirectoriesRequest implements IPutDirectoriesRequest {
                constructor(properties?: castore.nats.v1.IPutDirectoriesRequest);
                public uploadId: Uint8Array;
                public sequence: number;
                public directories: castore.nats.v1.IDirectoryItem[];
                public last: boolean;
                public static create(properties?: castore.nats.v1.IPutDirectoriesRequest): castore.nats.v1.PutDirectoriesRequest;
                public static encode(message: castore.nats.v1.IPutDirectoriesRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): castore.nats.v1.PutDirectoriesRequest;
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IPutDirectoriesResponse {
                rootDigest?: (Uint8Array|null);
            }

            class PutDirectoriesResponse implements IPutDirectoriesResponse {
                constructor(properties?: castore.nats.v1.IPutDirectoriesResponse);
                public rootDigest: Uint8Array;
                public static create(properties?: castore.nats.v1.IPutDirectoriesResponse): castore.nats.v1.PutDirectoriesResponse;
                public static encode(message: castore.nats.v1.IPutDirectoriesResponse, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): castore.nats.v1.PutDirectoriesResponse;
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IListPathInfoPageRequest {
                cursor?: (Uint8Array|null);
                limit?: (number|null);
            }

            class ListPathInfoPageRequest implements IListPathInfoPageRequest {
                constructor(properties?: castore.nats.v1.IListPathInfoPageRequest);
                public cursor: Uint8Array;
                public limit: number;
                public static create(properties?: castore.nats.v1.IListPathInfoPageRequest): castore.nats.v1.ListPathInfoPageRequest;
                public static encode(message: castore.nats.v1.IListPathInfoPageRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): castore.nats.v1.ListPathInfoPageRequest;
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IPathInfoPage {
                pathInfos?: (tvix.store.v1.IPathInfo[]|null);
                nextCursor?: (Uint8Array|null);
            }

            class PathInfoPage implements IPathInfoPage {
                constructor(properties?: castore.nats.v1.IPathInfoPage);
                public pathInfos: tvix.store.v1.IPathInfo[];
                public nextCursor: Uint8Array;
                public static create(properties?: castore.nats.v1.IPathInfoPage): castore.nats.v1.PathInfoPage;
                public static encode(message: castore.nats.v1.IPathInfoPage, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): castore.nats.v1.PathInfoPage;
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }
        }
    }
}

export namespace tvix {

    namespace castore {

        namespace v1 {

            interface IDirectory {
                directories?: (tvix.castore.v1.IDirectoryNode[]|null);
                files?: (tvix.castore.v1.IFileNode[]|null);
                symlinks?: (tvix.castore.v1.ISymlinkNode[]|null);
            }

            class Directory implements IDirectory {
                constructor(properties?: tvix.castore.v1.IDirectory);
                public directories: tvix.castore.v1.IDirectoryNode[];
                public files: tvix.castore.v1.IFileNode[];
                public symlinks: tvix.castore.v1.ISymlinkNode[];
                public static create(properties?: tvix.castore.v1.IDirectory): tvix.castore.v1.Directory;
                public static encode(message: tvix.castore.v1.IDirectory, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): tvix.castore.v1.Directory;
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IDirectoryNode {
                name?: (Uint8Array|null);
                digest?: (Uint8Array|null);
                size?: (number|Long|null);
            }

            class DirectoryNode implements IDirectoryNode {
                constructor(properties?: tvix.castore.v1.IDirectoryNode);
                public name: Uint8Array;
                public digest: Uint8Array;
                public size: (number|Long);
                public static create(properties?: tvix.castore.v1.IDirectoryNode): tvix.castore.v1.DirectoryNode;
                public static encode(message: tvix.castore.v1.IDirectoryNode, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): tvix.castore.v1.DirectoryNode;
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IFileNode {
                name?: (Uint8Array|null);
                digest?: (Uint8Array|null);
                size?: (number|Long|null);
                executable?: (boolean|null);
            }

            class FileNode implements IFileNode {
                constructor(properties?: tvix.castore.v1.IFileNode);
                public name: Uint8Array;
                public digest: Uint8Array;
                public size: (number|Long);
                public executable: boolean;
                public static create(properties?: tvix.castore.v1.IFileNode): tvix.castore.v1.FileNode;
                public static encode(message: tvix.castore.v1.IFileNode, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): tvix.castore.v1.FileNode;
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface ISymlinkNode {
                name?: (Uint8Array|null);
                target?: (Uint8Array|null);
            }

            class SymlinkNode implements ISymlinkNode {
                constructor(properties?: tvix.castore.v1.ISymlinkNode);
                public name: Uint8Array;
                public target: Uint8Array;
                public static create(properties?: tvix.castore.v1.ISymlinkNode): tvix.castore.v1.SymlinkNode;
                public static encode(message: tvix.castore.v1.ISymlinkNode, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): tvix.castore.v1.SymlinkNode;
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface INode {
                directory?: (tvix.castore.v1.IDirectoryNode|null);
                file?: (tvix.castore.v1.IFileNode|null);
                symlink?: (tvix.castore.v1.ISymlinkNode|null);
            }

            class Node implements INode {
                constructor(properties?: tvix.castore.v1.INode);
                public directory?: (tvix.castore.v1.IDirectoryNode|null);
                public file?: (tvix.castore.v1.IFileNode|null);
                public symlink?: (tvix.castore.v1.ISymlinkNode|null);
                public node?: ("directory"|"file"|"symlink");
                public static create(properties?: tvix.castore.v1.INode): tvix.castore.v1.Node;
                public static encode(message: tvix.castore.v1.INode, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): tvix.castore.v1.Node;
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IStatBlobRequest {
                digest?: (Uint8Array|null);
                sendChunks?: (boolean|null);
                sendBao?: (boolean|null);
            }

            class StatBlobRequest implements IStatBlobRequest {
                constructor(properties?: tvix.castore.v1.IStatBlobRequest);
                public digest: Uint8Array;
                public sendChunks: boolean;
                public sendBao: boolean;
                public static create(properties?: tvix.castore.v1.IStatBlobRequest): tvix.castore.v1.StatBlobRequest;
                public static encode(message: tvix.castore.v1.IStatBlobRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): tvix.castore.v1.StatBlobRequest;
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IStatBlobResponse {
                chunks?: (tvix.castore.v1.StatBlobResponse.IChunkMeta[]|null);
                bao?: (Uint8Array|null);
            }

            class StatBlobResponse implements IStatBlobResponse {
                constructor(properties?: tvix.castore.v1.IStatBlobResponse);
                public chunks: tvix.castore.v1.StatBlobResponse.IChunkMeta[];
                public bao: Uint8Array;
                public static create(properties?: tvix.castore.v1.IStatBlobResponse): tvix.castore.v1.StatBlobResponse;
                public static encode(message: tvix.castore.v1.IStatBlobResponse, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): tvix.castore.v1.StatBlobResponse;
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            namespace StatBlobResponse {

                interface IChunkMeta {
                    digest?: (Uint8Array|null);
                    size?: (number|Long|null);
                }

                class ChunkMeta implements IChunkMeta {
                    constructor(properties?: tvix.castore.v1.StatBlobResponse.IChunkMeta);
                    public digest: Uint8Array;
                    public size: (number|Long);
                    public static create(properties?: tvix.castore.v1.StatBlobResponse.IChunkMeta): tvix.castore.v1.StatBlobResponse.ChunkMeta;
                    public static encode(message: tvix.castore.v1.StatBlobResponse.IChunkMeta, writer?: $protobuf.Writer): $protobuf.Writer;
                    public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): tvix.castore.v1.StatBlobResponse.ChunkMeta;
                    public static getTypeUrl(typeUrlPrefix?: string): string;
                }
            }

            interface IReadBlobRequest {
                digest?: (Uint8Array|null);
            }

            class ReadBlobRequest implements IReadBlobRequest {
                constructor(properties?: tvix.castore.v1.IReadBlobRequest);
                public digest: Uint8Array;
                public static create(properties?: tvix.castore.v1.IReadBlobRequest): tvix.castore.v1.ReadBlobRequest;
                public static encode(message: tvix.castore.v1.IReadBlobRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): tvix.castore.v1.ReadBlobRequest;
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IBlobChunk {
                data?: (Uint8Array|null);
            }

            class BlobChunk implements IBlobChunk {
                constructor(properties?: tvix.castore.v1.IBlobChunk);
                public data: Uint8Array;
                public static create(properties?: tvix.castore.v1.IBlobChunk): tvix.castore.v1.BlobChunk;
                public static encode(message: tvix.castore.v1.IBlobChunk, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): tvix.castore.v1.BlobChunk;
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IPutBlobResponse {
                digest?: (Uint8Array|null);
            }

            class PutBlobResponse implements IPutBlobResponse {
                constructor(properties?: tvix.castore.v1.IPutBlobResponse);
                public digest: Uint8Array;
                public static create(properties?: tvix.castore.v1.IPutBlobResponse): tvix.castore.v1.PutBlobResponse;
                public static encode(message: tvix.castore.v1.IPutBlobResponse, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): tvix.castore.v1.PutBlobResponse;
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IGetDirectoryRequest {
                digest?: (Uint8Array|null);
                recursive?: (boolean|null);
            }

            class GetDirectoryRequest implements IGetDirectoryRequest {
                constructor(properties?: tvix.castore.v1.IGetDirectoryRequest);
                public digest?: (Uint8Array|null);
                public recursive: boolean;
                public byWhat?: "digest";
                public static create(properties?: tvix.castore.v1.IGetDirectoryRequest): tvix.castore.v1.GetDirectoryRequest;
                public static encode(message: tvix.castore.v1.IGetDirectoryRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): tvix.castore.v1.GetDirectoryRequest;
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IPutDirectoryResponse {
                rootDigest?: (Uint8Array|null);
            }

            class PutDirectoryResponse implements IPutDirectoryResponse {
                constructor(properties?: tvix.castore.v1.IPutDirectoryResponse);
                public rootDigest: Uint8Array;
                public static create(properties?: tvix.castore.v1.IPutDirectoryResponse): tvix.castore.v1.PutDirectoryResponse;
                public static encode(message: tvix.castore.v1.IPutDirectoryResponse, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): tvix.castore.v1.PutDirectoryResponse;
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }
        }
    }

    namespace store {

        namespace v1 {

            interface IPathInfo {
                node?: (tvix.castore.v1.INode|null);
                references?: (Uint8Array[]|null);
                narinfo?: (tvix.store.v1.INARInfo|null);
            }

            class PathInfo implements IPathInfo {
                constructor(properties?: tvix.store.v1.IPathInfo);
                public node?: (tvix.castore.v1.INode|null);
                public references: Uint8Array[];
                public narinfo?: (tvix.store.v1.INARInfo|null);
                public static create(properties?: tvix.store.v1.IPathInfo): tvix.store.v1.PathInfo;
                public static encode(message: tvix.store.v1.IPathInfo, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): tvix.store.v1.PathInfo;
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IStorePath {
                name?: (string|null);
                digest?: (Uint8Array|null);
            }

            class StorePath implements IStorePath {
                constructor(properties?: tvix.store.v1.IStorePath);
                public name: string;
                public digest: Uint8Array;
                public static create(properties?: tvix.store.v1.IStorePath): tvix.store.v1.StorePath;
                public static encode(message: tvix.store.v1.IStorePath, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): tvix.store.v1.StorePath;
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface INARInfo {
                narSize?: (number|Long|null);
                narSha256?: (Uint8Array|null);
                signatures?: (tvix.store.v1.NARInfo.ISignature[]|null);
                referenceNames?: (string[]|null);
                deriver?: (tvix.store.v1.IStorePath|null);
                ca?: (tvix.store.v1.NARInfo.ICA|null);
            }

            class NARInfo implements INARInfo {
                constructor(properties?: tvix.store.v1.INARInfo);
                public narSize: (number|Long);
                public narSha256: Uint8Array;
                public signatures: tvix.store.v1.NARInfo.ISignature[];
                public referenceNames: string[];
                public deriver?: (tvix.store.v1.IStorePath|null);
                public ca?: (tvix.store.v1.NARInfo.ICA|null);
                public static create(properties?: tvix.store.v1.INARInfo): tvix.store.v1.NARInfo;
                public static encode(message: tvix.store.v1.INARInfo, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): tvix.store.v1.NARInfo;
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            namespace NARInfo {

                interface ISignature {
                    name?: (string|null);
                    data?: (Uint8Array|null);
                }

                class Signature implements ISignature {
                    constructor(properties?: tvix.store.v1.NARInfo.ISignature);
                    public name: string;
                    public data: Uint8Array;
                    public static create(properties?: tvix.store.v1.NARInfo.ISignature): tvix.store.v1.NARInfo.Signature;
                    public static encode(message: tvix.store.v1.NARInfo.ISignature, writer?: $protobuf.Writer): $protobuf.Writer;
                    public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): tvix.store.v1.NARInfo.Signature;
                    public static getTypeUrl(typeUrlPrefix?: string): string;
                }

                interface ICA {
                    type?: (tvix.store.v1.NARInfo.CA.Hash|null);
                    digest?: (Uint8Array|null);
                }

                class CA implements ICA {
                    constructor(properties?: tvix.store.v1.NARInfo.ICA);
                    public type: tvix.store.v1.NARInfo.CA.Hash;
                    public digest: Uint8Array;
                    public static create(properties?: tvix.store.v1.NARInfo.ICA): tvix.store.v1.NARInfo.CA;
                    public static encode(message: tvix.store.v1.NARInfo.ICA, writer?: $protobuf.Writer): $protobuf.Writer;
                    public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): tvix.store.v1.NARInfo.CA;
                    public static getTypeUrl(typeUrlPrefix?: string): string;
                }

                namespace CA {

                    enum Hash {
                        NAR_SHA256 = 0,
                        NAR_SHA1 = 1,
                        NAR_SHA512 = 2,
                        NAR_MD5 = 3,
                        TEXT_SHA256 = 4,
                        FLAT_SHA1 = 5,
                        FLAT_MD5 = 6,
                        FLAT_SHA256 = 7,
                        FLAT_SHA512 = 8
                    }
                }
            }

            interface IGetPathInfoRequest {
                byOutputHash?: (Uint8Array|null);
            }

            class GetPathInfoRequest implements IGetPathInfoRequest {
                constructor(properties?: tvix.store.v1.IGetPathInfoRequest);
                public byOutputHash?: (Uint8Array|null);
                public byWhat?: "byOutputHash";
                public static create(properties?: tvix.store.v1.IGetPathInfoRequest): tvix.store.v1.GetPathInfoRequest;
                public static encode(message: tvix.store.v1.IGetPathInfoRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): tvix.store.v1.GetPathInfoRequest;
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IListPathInfoRequest {
            }

            class ListPathInfoRequest implements IListPathInfoRequest {
                constructor(properties?: tvix.store.v1.IListPathInfoRequest);
                public static create(properties?: tvix.store.v1.IListPathInfoRequest): tvix.store.v1.ListPathInfoRequest;
                public static encode(message: tvix.store.v1.IListPathInfoRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): tvix.store.v1.ListPathInfoRequest;
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface ICalculateNARResponse {
                narSize?: (number|Long|null);
                narSha256?: (Uint8Array|null);
            }

            class CalculateNARResponse implements ICalculateNARResponse {
                constructor(properties?: tvix.store.v1.ICalculateNARResponse);
                public narSize: (number|Long);
                public narSha256: Uint8Array;
                public static create(properties?: tvix.store.v1.ICalculateNARResponse): tvix.store.v1.CalculateNARResponse;
                public static encode(message: tvix.store.v1.ICalculateNARResponse, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): tvix.store.v1.CalculateNARResponse;
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }
        }
    }
}
