/*eslint-disable block-scoped-var, id-length, no-control-regex, no-magic-numbers, no-prototype-builtins, no-redeclare, no-shadow, no-var, sort-vars*/
import $protobuf from "protobufjs/minimal.js";

// Common aliases
const $Reader = $protobuf.Reader, $Writer = $protobuf.Writer, $util = $protobuf.util;

// Exported root namespace
const $root = $protobuf.roots["default"] || ($protobuf.roots["default"] = {});

export const castore = $root.castore = (() => {

    /**
     * Namespace castore.
     * @exports castore
     * @namespace
     */
    const castore = {};

    castore.nats = (function() {

        /**
         * Namespace nats.
         * @memberof castore
         * @namespace
         */
        const nats = {};

        nats.v1 = (function() {

            /**
             * Namespace v1.
             * @memberof castore.nats
             * @namespace
             */
            const v1 = {};

            v1.MissingChunksRequest = (function() {

                /**
                 * Properties of a MissingChunksRequest.
                 * @memberof castore.nats.v1
                 * @interface IMissingChunksRequest
                 * @property {Array.<Uint8Array>|null} [digests] MissingChunksRequest digests
                 * @property {Array.<number>|null} [sizeHints] MissingChunksRequest sizeHints
                 */

                /**
                 * Constructs a new MissingChunksRequest.
                 * @memberof castore.nats.v1
                 * @classdesc Represents a MissingChunksRequest.
                 * @implements IMissingChunksRequest
                 * @constructor
                 * @param {castore.nats.v1.IMissingChunksRequest=} [properties] Properties to set
                 */
                function MissingChunksRequest(properties) {
                    this.digests = [];
                    this.sizeHints = [];
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                /**
                 * MissingChunksRequest digests.
                 * @member {Array.<Uint8Array>} digests
                 * @memberof castore.nats.v1.MissingChunksRequest
                 * @instance
                 */
                MissingChunksRequest.prototype.digests = $util.emptyArray;

                /**
                 * MissingChunksRequest sizeHints.
                 * @member {Array.<number>} sizeHints
                 * @memberof castore.nats.v1.MissingChunksRequest
                 * @instance
                 */
                MissingChunksRequest.prototype.sizeHints = $util.emptyArray;

                /**
                 * Creates a new MissingChunksRequest instance using the specified properties.
                 * @function create
                 * @memberof castore.nats.v1.MissingChunksRequest
                 * @static
                 * @param {castore.nats.v1.IMissingChunksRequest=} [properties] Properties to set
                 * @returns {castore.nats.v1.MissingChunksRequest} MissingChunksRequest instance
                 */
                MissingChunksRequest.create = function create(properties) {
                    return new MissingChunksRequest(properties);
                };

                /**
                 * Encodes the specified MissingChunksRequest message. Does not implicitly {@link castore.nats.v1.MissingChunksRequest.verify|verify} messages.
                 * @function encode
                 * @memberof castore.nats.v1.MissingChunksRequest
                 * @static
                 * @param {castore.nats.v1.IMissingChunksRequest} message MissingChunksRequest message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                MissingChunksRequest.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    if (message.digests != null && message.digests.length)
                        for (let i = 0; i < message.digests.length; ++i)
                            writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.digests[i]);
                    if (message.sizeHints != null && message.sizeHints.length) {
                        writer.uint32(/* id 2, wireType 2 =*/18).fork();
                        for (let i = 0; i < message.sizeHints.length; ++i)
                            writer.uint32(message.sizeHints[i]);
                        writer.ldelim();
                    }
                    return writer;
                };

                /**
                 * Decodes a MissingChunksRequest message from the specified reader or buffer.
                 * @function decode
                 * @memberof castore.nats.v1.MissingChunksRequest
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {castore.nats.v1.MissingChunksRequest} MissingChunksRequest
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                MissingChunksRequest.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.castore.nats.v1.MissingChunksRequest();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        case 1: {
                                if (!(message.digests && message.digests.length))
                                    message.digests = [];
                                message.digests.push(reader.bytes());
                                break;
                            }
                        case 2: {
                                if (!(message.sizeHints && message.sizeHints.length))
                                    message.sizeHints = [];
                                if ((tag & 7) === 2) {
                                    let end2 = reader.uint32() + reader.pos;
                                    if (end2 > reader.len)
                                        throw RangeError("index out of range");
                                    reader.len = end2;
                                    while (reader.pos < end2)
                                        message.sizeHints.push(reader.uint32());
                                    if (reader.pos !== end2)
                                        throw RangeError("index out of range");
                                    reader.len = end;
                                } else
                                    message.sizeHints.push(reader.uint32());
                                break;
                            }
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                /**
                 * Gets the default type url for MissingChunksRequest
                 * @function getTypeUrl
                 * @memberof castore.nats.v1.MissingChunksRequest
                 * @static
                 * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
                 * @returns {string} The default type url
                 */
                MissingChunksRequest.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                    if (typeUrlPrefix === undefined) {
                        typeUrlPrefix = "type.googleapis.com";
                    }
                    return typeUrlPrefix + "/castore.nats.v1.MissingChunksRequest";
                };

                return MissingChunksRequest;
            })();

            v1.MissingChunksResponse = (function() {

                /**
                 * Properties of a MissingChunksResponse.
                 * @memberof castore.nats.v1
                 * @interface IMissingChunksResponse
                 * @property {Array.<Uint8Array>|null} [missing] MissingChunksResponse missing
                 */

                /**
                 * Constructs a new MissingChunksResponse.
                 * @memberof castore.nats.v1
                 * @classdesc Represents a MissingChunksResponse.
                 * @implements IMissingChunksResponse
                 * @constructor
                 * @param {castore.nats.v1.IMissingChunksResponse=} [properties] Properties to set
                 */
                function MissingChunksResponse(properties) {
                    this.missing = [];
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                /**
                 * MissingChunksResponse missing.
                 * @member {Array.<Uint8Array>} missing
                 * @memberof castore.nats.v1.MissingChunksResponse
                 * @instance
                 */
                MissingChunksResponse.prototype.missing = $util.emptyArray;

                /**
                 * Creates a new MissingChunksResponse instance using the specified properties.
                 * @function create
                 * @memberof castore.nats.v1.MissingChunksResponse
                 * @static
                 * @param {castore.nats.v1.IMissingChunksResponse=} [properties] Properties to set
                 * @returns {castore.nats.v1.MissingChunksResponse} MissingChunksResponse instance
                 */
                MissingChunksResponse.create = function create(properties) {
                    return new MissingChunksResponse(properties);
                };

                /**
                 * Encodes the specified MissingChunksResponse message. Does not implicitly {@link castore.nats.v1.MissingChunksResponse.verify|verify} messages.
                 * @function encode
                 * @memberof castore.nats.v1.MissingChunksResponse
                 * @static
                 * @param {castore.nats.v1.IMissingChunksResponse} message MissingChunksResponse message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                MissingChunksResponse.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    if (message.missing != null && message.missing.length)
                        for (let i = 0; i < message.missing.length; ++i)
                            writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.missing[i]);
                    return writer;
                };

                /**
                 * Decodes a MissingChunksResponse message from the specified reader or buffer.
                 * @function decode
                 * @memberof castore.nats.v1.MissingChunksResponse
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {castore.nats.v1.MissingChunksResponse} MissingChunksResponse
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                MissingChunksResponse.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.castore.nats.v1.MissingChunksResponse();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        case 1: {
                                if (!(message.missing && message.missing.length))
                                    message.missing = [];
                                message.missing.push(reader.bytes());
                                break;
                            }
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                /**
                 * Gets the default type url for MissingChunksResponse
                 * @function getTypeUrl
                 * @memberof castore.nats.v1.MissingChunksResponse
                 * @static
                 * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
                 * @returns {string} The default type url
                 */
                MissingChunksResponse.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                    if (typeUrlPrefix === undefined) {
                        typeUrlPrefix = "type.googleapis.com";
                    }
                    return typeUrlPrefix + "/castore.nats.v1.MissingChunksResponse";
                };

                return MissingChunksResponse;
            })();

            v1.PutChunksRequest = (function() {

                /**
                 * Properties of a PutChunksRequest.
                 * @memberof castore.nats.v1
                 * @interface IPutChunksRequest
                 * @property {Array.<Uint8Array>|null} [chunks] PutChunksRequest chunks
                 */

                /**
                 * Constructs a new PutChunksRequest.
                 * @memberof castore.nats.v1
                 * @classdesc Represents a PutChunksRequest.
                 * @implements IPutChunksRequest
                 * @constructor
                 * @param {castore.nats.v1.IPutChunksRequest=} [properties] Properties to set
                 */
                function PutChunksRequest(properties) {
                    this.chunks = [];
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                /**
                 * PutChunksRequest chunks.
                 * @member {Array.<Uint8Array>} chunks
                 * @memberof castore.nats.v1.PutChunksRequest
                 * @instance
                 */
                PutChunksRequest.prototype.chunks = $util.emptyArray;

                /**
                 * Creates a new PutChunksRequest instance using the specified properties.
                 * @function create
                 * @memberof castore.nats.v1.PutChunksRequest
                 * @static
                 * @param {castore.nats.v1.IPutChunksRequest=} [properties] Properties to set
                 * @returns {castore.nats.v1.PutChunksRequest} PutChunksRequest instance
                 */
                PutChunksRequest.create = function create(properties) {
                    return new PutChunksRequest(properties);
                };

                /**
                 * Encodes the specified PutChunksRequest message. Does not implicitly {@link castore.nats.v1.PutChunksRequest.verify|verify} messages.
                 * @function encode
                 * @memberof castore.nats.v1.PutChunksRequest
                 * @static
                 * @param {castore.nats.v1.IPutChunksRequest} message PutChunksRequest message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                PutChunksRequest.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    if (message.chunks != null && message.chunks.length)
                        for (let i = 0; i < message.chunks.length; ++i)
                            writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.chunks[i]);
                    return writer;
                };

                /**
                 * Decodes a PutChunksRequest message from the specified reader or buffer.
                 * @function decode
                 * @memberof castore.nats.v1.PutChunksRequest
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {castore.nats.v1.PutChunksRequest} PutChunksRequest
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                PutChunksRequest.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.castore.nats.v1.PutChunksRequest();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        case 1: {
                                if (!(message.chunks && message.chunks.length))
                                    message.chunks = [];
                                message.chunks.push(reader.bytes());
                                break;
                            }
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                /**
                 * Gets the default type url for PutChunksRequest
                 * @function getTypeUrl
                 * @memberof castore.nats.v1.PutChunksRequest
                 * @static
                 * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
                 * @returns {string} The default type url
                 */
                PutChunksRequest.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                    if (typeUrlPrefix === undefined) {
                        typeUrlPrefix = "type.googleapis.com";
                    }
                    return typeUrlPrefix + "/castore.nats.v1.PutChunksRequest";
                };

                return PutChunksRequest;
            })();

            v1.PutChunksResponse = (function() {

                /**
                 * Properties of a PutChunksResponse.
                 * @memberof castore.nats.v1
                 * @interface IPutChunksResponse
                 * @property {Array.<Uint8Array>|null} [digests] PutChunksResponse digests
                 * @property {Array.<boolean>|null} [existed] PutChunksResponse existed
                 */

                /**
                 * Constructs a new PutChunksResponse.
                 * @memberof castore.nats.v1
                 * @classdesc Represents a PutChunksResponse.
                 * @implements IPutChunksResponse
                 * @constructor
                 * @param {castore.nats.v1.IPutChunksResponse=} [properties] Properties to set
                 */
                function PutChunksResponse(properties) {
                    this.digests = [];
                    this.existed = [];
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                /**
                 * PutChunksResponse digests.
                 * @member {Array.<Uint8Array>} digests
                 * @memberof castore.nats.v1.PutChunksResponse
                 * @instance
                 */
                PutChunksResponse.prototype.digests = $util.emptyArray;

                /**
                 * PutChunksResponse existed.
                 * @member {Array.<boolean>} existed
                 * @memberof castore.nats.v1.PutChunksResponse
                 * @instance
                 */
                PutChunksResponse.prototype.existed = $util.emptyArray;

                /**
                 * Creates a new PutChunksResponse instance using the specified properties.
                 * @function create
                 * @memberof castore.nats.v1.PutChunksResponse
                 * @static
                 * @param {castore.nats.v1.IPutChunksResponse=} [properties] Properties to set
                 * @returns {castore.nats.v1.PutChunksResponse} PutChunksResponse instance
                 */
                PutChunksResponse.create = function create(properties) {
                    return new PutChunksResponse(properties);
                };

                /**
                 * Encodes the specified PutChunksResponse message. Does not implicitly {@link castore.nats.v1.PutChunksResponse.verify|verify} messages.
                 * @function encode
                 * @memberof castore.nats.v1.PutChunksResponse
                 * @static
                 * @param {castore.nats.v1.IPutChunksResponse} message PutChunksResponse message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                PutChunksResponse.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    if (message.digests != null && message.digests.length)
                        for (let i = 0; i < message.digests.length; ++i)
                            writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.digests[i]);
                    if (message.existed != null && message.existed.length) {
                        writer.uint32(/* id 2, wireType 2 =*/18).fork();
                        for (let i = 0; i < message.existed.length; ++i)
                            writer.bool(message.existed[i]);
                        writer.ldelim();
                    }
                    return writer;
                };

                /**
                 * Decodes a PutChunksResponse message from the specified reader or buffer.
                 * @function decode
                 * @memberof castore.nats.v1.PutChunksResponse
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {castore.nats.v1.PutChunksResponse} PutChunksResponse
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                PutChunksResponse.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.castore.nats.v1.PutChunksResponse();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        case 1: {
                                if (!(message.digests && message.digests.length))
                                    message.digests = [];
                                message.digests.push(reader.bytes());
                                break;
                            }
                        case 2: {
                                if (!(message.existed && message.existed.length))
                                    message.existed = [];
                                if ((tag & 7) === 2) {
                                    let end2 = reader.uint32() + reader.pos;
                                    if (end2 > reader.len)
                                        throw RangeError("index out of range");
                                    reader.len = end2;
                                    while (reader.pos < end2)
                                        message.existed.push(reader.bool());
                                    if (reader.pos !== end2)
                                        throw RangeError("index out of range");
                                    reader.len = end;
                                } else
                                    message.existed.push(reader.bool());
                                break;
                            }
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                /**
                 * Gets the default type url for PutChunksResponse
                 * @function getTypeUrl
                 * @memberof castore.nats.v1.PutChunksResponse
                 * @static
                 * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
                 * @returns {string} The default type url
                 */
                PutChunksResponse.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                    if (typeUrlPrefix === undefined) {
                        typeUrlPrefix = "type.googleapis.com";
                    }
                    return typeUrlPrefix + "/castore.nats.v1.PutChunksResponse";
                };

                return PutChunksResponse;
            })();

            v1.CommitBlobRequest = (function() {

                /**
                 * Properties of a CommitBlobRequest.
                 * @memberof castore.nats.v1
                 * @interface ICommitBlobRequest
                 * @property {Uint8Array|null} [digest] CommitBlobRequest digest
                 * @property {Array.<tvix.castore.v1.StatBlobResponse.IChunkMeta>|null} [chunks] CommitBlobRequest chunks
                 * @property {number|null} [page] CommitBlobRequest page
                 * @property {number|null} [pages] CommitBlobRequest pages
                 */

                /**
                 * Constructs a new CommitBlobRequest.
                 * @memberof castore.nats.v1
                 * @classdesc Represents a CommitBlobRequest.
                 * @implements ICommitBlobRequest
                 * @constructor
                 * @param {castore.nats.v1.ICommitBlobRequest=} [properties] Properties to set
                 */
                function CommitBlobRequest(properties) {
                    this.chunks = [];
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                /**
                 * CommitBlobRequest digest.
                 * @member {Uint8Array} digest
                 * @memberof castore.nats.v1.CommitBlobRequest
                 * @instance
                 */
                CommitBlobRequest.prototype.digest = $util.newBuffer([]);

                /**
                 * CommitBlobRequest chunks.
                 * @member {Array.<tvix.castore.v1.StatBlobResponse.IChunkMeta>} chunks
                 * @memberof castore.nats.v1.CommitBlobRequest
                 * @instance
                 */
                CommitBlobRequest.prototype.chunks = $util.emptyArray;

                /**
                 * CommitBlobRequest page.
                 * @member {number} page
                 * @memberof castore.nats.v1.CommitBlobRequest
                 * @instance
                 */
                CommitBlobRequest.prototype.page = 0;

                /**
                 * CommitBlobRequest pages.
                 * @member {number} pages
                 * @memberof castore.nats.v1.CommitBlobRequest
                 * @instance
                 */
                CommitBlobRequest.prototype.pages = 0;

                /**
                 * Creates a new CommitBlobRequest instance using the specified properties.
                 * @function create
                 * @memberof castore.nats.v1.CommitBlobRequest
                 * @static
                 * @param {castore.nats.v1.ICommitBlobRequest=} [properties] Properties to set
                 * @returns {castore.nats.v1.CommitBlobRequest} CommitBlobRequest instance
                 */
                CommitBlobRequest.create = function create(properties) {
                    return new CommitBlobRequest(properties);
                };

                /**
                 * Encodes the specified CommitBlobRequest message. Does not implicitly {@link castore.nats.v1.CommitBlobRequest.verify|verify} messages.
                 * @function encode
                 * @memberof castore.nats.v1.CommitBlobRequest
                 * @static
                 * @param {castore.nats.v1.ICommitBlobRequest} message CommitBlobRequest message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                CommitBlobRequest.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    if (message.digest != null && Object.hasOwnProperty.call(message, "digest"))
                        writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.digest);
                    if (message.chunks != null && message.chunks.length)
                        for (let i = 0; i < message.chunks.length; ++i)
                            $root.tvix.castore.v1.StatBlobResponse.ChunkMeta.encode(message.chunks[i], writer.uint32(/* id 2, wireType 2 =*/18).fork(), q + 1).ldelim();
                    if (message.page != null && Object.hasOwnProperty.call(message, "page"))
                        writer.uint32(/* id 3, wireType 0 =*/24).uint32(message.page);
                    if (message.pages != null && Object.hasOwnProperty.call(message, "pages"))
                        writer.uint32(/* id 4, wireType 0 =*/32).uint32(message.pages);
                    return writer;
                };

                /**
                 * Decodes a CommitBlobRequest message from the specified reader or buffer.
                 * @function decode
                 * @memberof castore.nats.v1.CommitBlobRequest
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {castore.nats.v1.CommitBlobRequest} CommitBlobRequest
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                CommitBlobRequest.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.castore.nats.v1.CommitBlobRequest();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        case 1: {
                                message.digest = reader.bytes();
                                break;
                            }
                        case 2: {
                                if (!(message.chunks && message.chunks.length))
                                    message.chunks = [];
                                message.chunks.push($root.tvix.castore.v1.StatBlobResponse.ChunkMeta.decode(reader, reader.uint32(), undefined, long + 1));
                                break;
                            }
                        case 3: {
                                message.page = reader.uint32();
                                break;
                            }
                        case 4: {
                                message.pages = reader.uint32();
                                break;
                            }
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                /**
                 * Gets the default type url for CommitBlobRequest
                 * @function getTypeUrl
                 * @memberof castore.nats.v1.CommitBlobRequest
                 * @static
                 * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
                 * @returns {string} The default type url
                 */
                CommitBlobRequest.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                    if (typeUrlPrefix === undefined) {
                        typeUrlPrefix = "type.googleapis.com";
                    }
                    return typeUrlPrefix + "/castore.nats.v1.CommitBlobRequest";
                };

                return CommitBlobRequest;
            })();

            v1.CommitBlobResponse = (function() {

                /**
                 * Properties of a CommitBlobResponse.
                 * @memberof castore.nats.v1
                 * @interface ICommitBlobResponse
                 * @property {number|Long|null} [size] CommitBlobResponse size
                 * @property {boolean|null} [committed] CommitBlobResponse committed
                 */

                /**
                 * Constructs a new CommitBlobResponse.
                 * @memberof castore.nats.v1
                 * @classdesc Represents a CommitBlobResponse.
                 * @implements ICommitBlobResponse
                 * @constructor
                 * @param {castore.nats.v1.ICommitBlobResponse=} [properties] Properties to set
                 */
                function CommitBlobResponse(properties) {
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                /**
                 * CommitBlobResponse size.
                 * @member {number|Long} size
                 * @memberof castore.nats.v1.CommitBlobResponse
                 * @instance
                 */
                CommitBlobResponse.prototype.size = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

                /**
                 * CommitBlobResponse committed.
                 * @member {boolean} committed
                 * @memberof castore.nats.v1.CommitBlobResponse
                 * @instance
                 */
                CommitBlobResponse.prototype.committed = false;

                /**
                 * Creates a new CommitBlobResponse instance using the specified properties.
                 * @function create
                 * @memberof castore.nats.v1.CommitBlobResponse
                 * @static
                 * @param {castore.nats.v1.ICommitBlobResponse=} [properties] Properties to set
                 * @returns {castore.nats.v1.CommitBlobResponse} CommitBlobResponse instance
                 */
                CommitBlobResponse.create = function create(properties) {
                    return new CommitBlobResponse(properties);
                };

                /**
                 * Encodes the specified CommitBlobResponse message. Does not implicitly {@link castore.nats.v1.CommitBlobResponse.verify|verify} messages.
                 * @function encode
                 * @memberof castore.nats.v1.CommitBlobResponse
                 * @static
                 * @param {castore.nats.v1.ICommitBlobResponse} message CommitBlobResponse message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                CommitBlobResponse.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    if (message.size != null && Object.hasOwnProperty.call(message, "size"))
                        writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.size);
                    if (message.committed != null && Object.hasOwnProperty.call(message, "committed"))
                        writer.uint32(/* id 2, wireType 0 =*/16).bool(message.committed);
                    return writer;
                };

                /**
                 * Decodes a CommitBlobResponse message from the specified reader or buffer.
                 * @function decode
                 * @memberof castore.nats.v1.CommitBlobResponse
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {castore.nats.v1.CommitBlobResponse} CommitBlobResponse
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                CommitBlobResponse.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.castore.nats.v1.CommitBlobResponse();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        case 1: {
                                message.size = reader.uint64();
                                break;
                            }
                        case 2: {
                                message.committed = reader.bool();
                                break;
                            }
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                /**
                 * Gets the default type url for CommitBlobResponse
                 * @function getTypeUrl
                 * @memberof castore.nats.v1.CommitBlobResponse
                 * @static
                 * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
                 * @returns {string} The default type url
                 */
                CommitBlobResponse.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                    if (typeUrlPrefix === undefined) {
                        typeUrlPrefix = "type.googleapis.com";
                    }
                    return typeUrlPrefix + "/castore.nats.v1.CommitBlobResponse";
                };

                return CommitBlobResponse;
            })();

            v1.RecheckChunkResponse = (function() {

                /**
                 * Properties of a RecheckChunkResponse.
                 * @memberof castore.nats.v1
                 * @interface IRecheckChunkResponse
                 * @property {boolean|null} [ok] RecheckChunkResponse ok
                 * @property {boolean|null} [repaired] RecheckChunkResponse repaired
                 */

                /**
                 * Constructs a new RecheckChunkResponse.
                 * @memberof castore.nats.v1
                 * @classdesc Represents a RecheckChunkResponse.
                 * @implements IRecheckChunkResponse
                 * @constructor
                 * @param {castore.nats.v1.IRecheckChunkResponse=} [properties] Properties to set
                 */
                function RecheckChunkResponse(properties) {
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                /**
                 * RecheckChunkResponse ok.
                 * @member {boolean} ok
                 * @memberof castore.nats.v1.RecheckChunkResponse
                 * @instance
                 */
                RecheckChunkResponse.prototype.ok = false;

                /**
                 * RecheckChunkResponse repaired.
                 * @member {boolean} repaired
                 * @memberof castore.nats.v1.RecheckChunkResponse
                 * @instance
                 */
                RecheckChunkResponse.prototype.repaired = false;

                /**
                 * Creates a new RecheckChunkResponse instance using the specified properties.
                 * @function create
                 * @memberof castore.nats.v1.RecheckChunkResponse
                 * @static
                 * @param {castore.nats.v1.IRecheckChunkResponse=} [properties] Properties to set
                 * @returns {castore.nats.v1.RecheckChunkResponse} RecheckChunkResponse instance
                 */
                RecheckChunkResponse.create = function create(properties) {
                    return new RecheckChunkResponse(properties);
                };

                /**
                 * Encodes the specified RecheckChunkResponse message. Does not implicitly {@link castore.nats.v1.RecheckChunkResponse.verify|verify} messages.
                 * @function encode
                 * @memberof castore.nats.v1.RecheckChunkResponse
                 * @static
                 * @param {castore.nats.v1.IRecheckChunkResponse} message RecheckChunkResponse message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                RecheckChunkResponse.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    if (message.ok != null && Object.hasOwnProperty.call(message, "ok"))
                        writer.uint32(/* id 1, wireType 0 =*/8).bool(message.ok);
                    if (message.repaired != null && Object.hasOwnProperty.call(message, "repaired"))
                        writer.uint32(/* id 2, wireType 0 =*/16).bool(message.repaired);
                    return writer;
                };

                /**
                 * Decodes a RecheckChunkResponse message from the specified reader or buffer.
                 * @function decode
                 * @memberof castore.nats.v1.RecheckChunkResponse
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {castore.nats.v1.RecheckChunkResponse} RecheckChunkResponse
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                RecheckChunkResponse.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.castore.nats.v1.RecheckChunkResponse();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        case 1: {
                                message.ok = reader.bool();
                                break;
                            }
                        case 2: {
                                message.repaired = reader.bool();
                                break;
                            }
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                /**
                 * Gets the default type url for RecheckChunkResponse
                 * @function getTypeUrl
                 * @memberof castore.nats.v1.RecheckChunkResponse
                 * @static
                 * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
                 * @returns {string} The default type url
                 */
                RecheckChunkResponse.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                    if (typeUrlPrefix === undefined) {
                        typeUrlPrefix = "type.googleapis.com";
                    }
                    return typeUrlPrefix + "/castore.nats.v1.RecheckChunkResponse";
                };

                return RecheckChunkResponse;
            })();

            v1.SessionOpenResponse = (function() {

                /**
                 * Properties of a SessionOpenResponse.
                 * @memberof castore.nats.v1
                 * @interface ISessionOpenResponse
                 * @property {Uint8Array|null} [session] SessionOpenResponse session
                 * @property {string|null} [subject] SessionOpenResponse subject
                 */

                /**
                 * Constructs a new SessionOpenResponse.
                 * @memberof castore.nats.v1
                 * @classdesc Represents a SessionOpenResponse.
                 * @implements ISessionOpenResponse
                 * @constructor
                 * @param {castore.nats.v1.ISessionOpenResponse=} [properties] Properties to set
                 */
                function SessionOpenResponse(properties) {
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                /**
                 * SessionOpenResponse session.
                 * @member {Uint8Array} session
                 * @memberof castore.nats.v1.SessionOpenResponse
                 * @instance
                 */
                SessionOpenResponse.prototype.session = $util.newBuffer([]);

                /**
                 * SessionOpenResponse subject.
                 * @member {string} subject
                 * @memberof castore.nats.v1.SessionOpenResponse
                 * @instance
                 */
                SessionOpenResponse.prototype.subject = "";

                /**
                 * Creates a new SessionOpenResponse instance using the specified properties.
                 * @function create
                 * @memberof castore.nats.v1.SessionOpenResponse
                 * @static
                 * @param {castore.nats.v1.ISessionOpenResponse=} [properties] Properties to set
                 * @returns {castore.nats.v1.SessionOpenResponse} SessionOpenResponse instance
                 */
                SessionOpenResponse.create = function create(properties) {
                    return new SessionOpenResponse(properties);
                };

                /**
                 * Encodes the specified SessionOpenResponse message. Does not implicitly {@link castore.nats.v1.SessionOpenResponse.verify|verify} messages.
                 * @function encode
                 * @memberof castore.nats.v1.SessionOpenResponse
                 * @static
                 * @param {castore.nats.v1.ISessionOpenResponse} message SessionOpenResponse message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                SessionOpenResponse.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    if (message.session != null && Object.hasOwnProperty.call(message, "session"))
                        writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.session);
                    if (message.subject != null && Object.hasOwnProperty.call(message, "subject"))
                        writer.uint32(/* id 2, wireType 2 =*/18).string(message.subject);
                    return writer;
                };

                /**
                 * Decodes a SessionOpenResponse message from the specified reader or buffer.
                 * @function decode
                 * @memberof castore.nats.v1.SessionOpenResponse
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {castore.nats.v1.SessionOpenResponse} SessionOpenResponse
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                SessionOpenResponse.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.castore.nats.v1.SessionOpenResponse();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        case 1: {
                                message.session = reader.bytes();
                                break;
                            }
                        case 2: {
                                message.subject = reader.string();
                                break;
                            }
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                /**
                 * Gets the default type url for SessionOpenResponse
                 * @function getTypeUrl
                 * @memberof castore.nats.v1.SessionOpenResponse
                 * @static
                 * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
                 * @returns {string} The default type url
                 */
                SessionOpenResponse.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                    if (typeUrlPrefix === undefined) {
                        typeUrlPrefix = "type.googleapis.com";
                    }
                    return typeUrlPrefix + "/castore.nats.v1.SessionOpenResponse";
                };

                return SessionOpenResponse;
            })();

            v1.SessionItem = (function() {

                /**
                 * Properties of a SessionItem.
                 * @memberof castore.nats.v1
                 * @interface ISessionItem
                 * @property {Uint8Array|null} [data] SessionItem data
                 * @property {tvix.castore.v1.StatBlobResponse.IChunkMeta|null} [meta] SessionItem meta
                 */

                /**
                 * Constructs a new SessionItem.
                 * @memberof castore.nats.v1
                 * @classdesc Represents a SessionItem.
                 * @implements ISessionItem
                 * @constructor
                 * @param {castore.nats.v1.ISessionItem=} [properties] Properties to set
                 */
                function SessionItem(properties) {
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                /**
                 * SessionItem data.
                 * @member {Uint8Array} data
                 * @memberof castore.nats.v1.SessionItem
                 * @instance
                 */
                SessionItem.prototype.data = $util.newBuffer([]);

                /**
                 * SessionItem meta.
                 * @member {tvix.castore.v1.StatBlobResponse.IChunkMeta|null|undefined} meta
                 * @memberof castore.nats.v1.SessionItem
                 * @instance
                 */
                SessionItem.prototype.meta = null;

                /**
                 * Creates a new SessionItem instance using the specified properties.
                 * @function create
                 * @memberof castore.nats.v1.SessionItem
                 * @static
                 * @param {castore.nats.v1.ISessionItem=} [properties] Properties to set
                 * @returns {castore.nats.v1.SessionItem} SessionItem instance
                 */
                SessionItem.create = function create(properties) {
                    return new SessionItem(properties);
                };

                /**
                 * Encodes the specified SessionItem message. Does not implicitly {@link castore.nats.v1.SessionItem.verify|verify} messages.
                 * @function encode
                 * @memberof castore.nats.v1.SessionItem
                 * @static
                 * @param {castore.nats.v1.ISessionItem} message SessionItem message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                SessionItem.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    if (message.data != null && Object.hasOwnProperty.call(message, "data"))
                        writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.data);
                    if (message.meta != null && Object.hasOwnProperty.call(message, "meta"))
                        $root.tvix.castore.v1.StatBlobResponse.ChunkMeta.encode(message.meta, writer.uint32(/* id 2, wireType 2 =*/18).fork(), q + 1).ldelim();
                    return writer;
                };

                /**
                 * Decodes a SessionItem message from the specified reader or buffer.
                 * @function decode
                 * @memberof castore.nats.v1.SessionItem
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {castore.nats.v1.SessionItem} SessionItem
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                SessionItem.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.castore.nats.v1.SessionItem();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        case 1: {
                                message.data = reader.bytes();
                                break;
                            }
                        case 2: {
                                message.meta = $root.tvix.castore.v1.StatBlobResponse.ChunkMeta.decode(reader, reader.uint32(), undefined, long + 1);
                                break;
                            }
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                /**
                 * Gets the default type url for SessionItem
                 * @function getTypeUrl
                 * @memberof castore.nats.v1.SessionItem
                 * @static
                 * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
                 * @returns {string} The default type url
                 */
                SessionItem.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                    if (typeUrlPrefix === undefined) {
                        typeUrlPrefix = "type.googleapis.com";
                    }
                    return typeUrlPrefix + "/castore.nats.v1.SessionItem";
                };

                return SessionItem;
            })();

            v1.SessionPutRequest = (function() {

                /**
                 * Properties of a SessionPutRequest.
                 * @memberof castore.nats.v1
                 * @interface ISessionPutRequest
                 * @property {Uint8Array|null} [session] SessionPutRequest session
                 * @property {number|null} [firstIndex] SessionPutRequest firstIndex
                 * @property {Array.<castore.nats.v1.ISessionItem>|null} [items] SessionPutRequest items
                 */

                /**
                 * Constructs a new SessionPutRequest.
                 * @memberof castore.nats.v1
                 * @classdesc Represents a SessionPutRequest.
                 * @implements ISessionPutRequest
                 * @constructor
                 * @param {castore.nats.v1.ISessionPutRequest=} [properties] Properties to set
                 */
                function SessionPutRequest(properties) {
                    this.items = [];
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                /**
                 * SessionPutRequest session.
                 * @member {Uint8Array} session
                 * @memberof castore.nats.v1.SessionPutRequest
                 * @instance
                 */
                SessionPutRequest.prototype.session = $util.newBuffer([]);

                /**
                 * SessionPutRequest firstIndex.
                 * @member {number} firstIndex
                 * @memberof castore.nats.v1.SessionPutRequest
                 * @instance
                 */
                SessionPutRequest.prototype.firstIndex = 0;

                /**
                 * SessionPutRequest items.
                 * @member {Array.<castore.nats.v1.ISessionItem>} items
                 * @memberof castore.nats.v1.SessionPutRequest
                 * @instance
                 */
                SessionPutRequest.prototype.items = $util.emptyArray;

                /**
                 * Creates a new SessionPutRequest instance using the specified properties.
                 * @function create
                 * @memberof castore.nats.v1.SessionPutRequest
                 * @static
                 * @param {castore.nats.v1.ISessionPutRequest=} [properties] Properties to set
                 * @returns {castore.nats.v1.SessionPutRequest} SessionPutRequest instance
                 */
                SessionPutRequest.create = function create(properties) {
                    return new SessionPutRequest(properties);
                };

                /**
                 * Encodes the specified SessionPutRequest message. Does not implicitly {@link castore.nats.v1.SessionPutRequest.verify|verify} messages.
                 * @function encode
                 * @memberof castore.nats.v1.SessionPutRequest
                 * @static
                 * @param {castore.nats.v1.ISessionPutRequest} message SessionPutRequest message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                SessionPutRequest.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    if (message.session != null && Object.hasOwnProperty.call(message, "session"))
                        writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.session);
                    if (message.firstIndex != null && Object.hasOwnProperty.call(message, "firstIndex"))
                        writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.firstIndex);
                    if (message.items != null && message.items.length)
                        for (let i = 0; i < message.items.length; ++i)
                            $root.castore.nats.v1.SessionItem.encode(message.items[i], writer.uint32(/* id 3, wireType 2 =*/26).fork(), q + 1).ldelim();
                    return writer;
                };

                /**
                 * Decodes a SessionPutRequest message from the specified reader or buffer.
                 * @function decode
                 * @memberof castore.nats.v1.SessionPutRequest
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {castore.nats.v1.SessionPutRequest} SessionPutRequest
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                SessionPutRequest.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.castore.nats.v1.SessionPutRequest();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        case 1: {
                                message.session = reader.bytes();
                                break;
                            }
                        case 2: {
                                message.firstIndex = reader.uint32();
                                break;
                            }
                        case 3: {
                                if (!(message.items && message.items.length))
                                    message.items = [];
                                message.items.push($root.castore.nats.v1.SessionItem.decode(reader, reader.uint32(), undefined, long + 1));
                                break;
                            }
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                /**
                 * Gets the default type url for SessionPutRequest
                 * @function getTypeUrl
                 * @memberof castore.nats.v1.SessionPutRequest
                 * @static
                 * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
                 * @returns {string} The default type url
                 */
                SessionPutRequest.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                    if (typeUrlPrefix === undefined) {
                        typeUrlPrefix = "type.googleapis.com";
                    }
                    return typeUrlPrefix + "/castore.nats.v1.SessionPutRequest";
                };

                return SessionPutRequest;
            })();

            v1.SessionCommitRequest = (function() {

                /**
                 * Properties of a SessionCommitRequest.
                 * @memberof castore.nats.v1
                 * @interface ISessionCommitRequest
                 * @property {Uint8Array|null} [session] SessionCommitRequest session
                 * @property {Uint8Array|null} [digest] SessionCommitRequest digest
                 * @property {number|null} [totalChunks] SessionCommitRequest totalChunks
                 */

                /**
                 * Constructs a new SessionCommitRequest.
                 * @memberof castore.nats.v1
                 * @classdesc Represents a SessionCommitRequest.
                 * @implements ISessionCommitRequest
                 * @constructor
                 * @param {castore.nats.v1.ISessionCommitRequest=} [properties] Properties to set
                 */
                function SessionCommitRequest(properties) {
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                /**
                 * SessionCommitRequest session.
                 * @member {Uint8Array} session
                 * @memberof castore.nats.v1.SessionCommitRequest
                 * @instance
                 */
                SessionCommitRequest.prototype.session = $util.newBuffer([]);

                /**
                 * SessionCommitRequest digest.
                 * @member {Uint8Array} digest
                 * @memberof castore.nats.v1.SessionCommitRequest
                 * @instance
                 */
                SessionCommitRequest.prototype.digest = $util.newBuffer([]);

                /**
                 * SessionCommitRequest totalChunks.
                 * @member {number} totalChunks
                 * @memberof castore.nats.v1.SessionCommitRequest
                 * @instance
                 */
                SessionCommitRequest.prototype.totalChunks = 0;

                /**
                 * Creates a new SessionCommitRequest instance using the specified properties.
                 * @function create
                 * @memberof castore.nats.v1.SessionCommitRequest
                 * @static
                 * @param {castore.nats.v1.ISessionCommitRequest=} [properties] Properties to set
                 * @returns {castore.nats.v1.SessionCommitRequest} SessionCommitRequest instance
                 */
                SessionCommitRequest.create = function create(properties) {
                    return new SessionCommitRequest(properties);
                };

                /**
                 * Encodes the specified SessionCommitRequest message. Does not implicitly {@link castore.nats.v1.SessionCommitRequest.verify|verify} messages.
                 * @function encode
                 * @memberof castore.nats.v1.SessionCommitRequest
                 * @static
                 * @param {castore.nats.v1.ISessionCommitRequest} message SessionCommitRequest message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                SessionCommitRequest.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    if (message.session != null && Object.hasOwnProperty.call(message, "session"))
                        writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.session);
                    if (message.digest != null && Object.hasOwnProperty.call(message, "digest"))
                        writer.uint32(/* id 2, wireType 2 =*/18).bytes(message.digest);
                    if (message.totalChunks != null && Object.hasOwnProperty.call(message, "totalChunks"))
                        writer.uint32(/* id 3, wireType 0 =*/24).uint32(message.totalChunks);
                    return writer;
                };

                /**
                 * Decodes a SessionCommitRequest message from the specified reader or buffer.
                 * @function decode
                 * @memberof castore.nats.v1.SessionCommitRequest
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {castore.nats.v1.SessionCommitRequest} SessionCommitRequest
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                SessionCommitRequest.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.castore.nats.v1.SessionCommitRequest();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        case 1: {
                                message.session = reader.bytes();
                                break;
                            }
                        case 2: {
                                message.digest = reader.bytes();
                                break;
                            }
                        case 3: {
                                message.totalChunks = reader.uint32();
                                break;
                            }
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                /**
                 * Gets the default type url for SessionCommitRequest
                 * @function getTypeUrl
                 * @memberof castore.nats.v1.SessionCommitRequest
                 * @static
                 * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
                 * @returns {string} The default type url
                 */
                SessionCommitRequest.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                    if (typeUrlPrefix === undefined) {
                        typeUrlPrefix = "type.googleapis.com";
                    }
                    return typeUrlPrefix + "/castore.nats.v1.SessionCommitRequest";
                };

                return SessionCommitRequest;
            })();

            v1.RelayChunksRequest = (function() {

                /**
                 * Properties of a RelayChunksRequest.
                 * @memberof castore.nats.v1
                 * @interface IRelayChunksRequest
                 * @property {Array.<Uint8Array>|null} [digests] RelayChunksRequest digests
                 * @property {string|null} [replyPrefix] RelayChunksRequest replyPrefix
                 * @property {number|null} [firstToken] RelayChunksRequest firstToken
                 * @property {Array.<number|Long>|null} [seqs] RelayChunksRequest seqs
                 */

                /**
                 * Constructs a new RelayChunksRequest.
                 * @memberof castore.nats.v1
                 * @classdesc Represents a RelayChunksRequest.
                 * @implements IRelayChunksRequest
                 * @constructor
                 * @param {castore.nats.v1.IRelayChunksRequest=} [properties] Properties to set
                 */
                function RelayChunksRequest(properties) {
                    this.digests = [];
                    this.seqs = [];
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                /**
                 * RelayChunksRequest digests.
                 * @member {Array.<Uint8Array>} digests
                 * @memberof castore.nats.v1.RelayChunksRequest
                 * @instance
                 */
                RelayChunksRequest.prototype.digests = $util.emptyArray;

                /**
                 * RelayChunksRequest replyPrefix.
                 * @member {string} replyPrefix
                 * @memberof castore.nats.v1.RelayChunksRequest
                 * @instance
                 */
                RelayChunksRequest.prototype.replyPrefix = "";

                /**
                 * RelayChunksRequest firstToken.
                 * @member {number} firstToken
                 * @memberof castore.nats.v1.RelayChunksRequest
                 * @instance
                 */
                RelayChunksRequest.prototype.firstToken = 0;

                /**
                 * RelayChunksRequest seqs.
                 * @member {Array.<number|Long>} seqs
                 * @memberof castore.nats.v1.RelayChunksRequest
                 * @instance
                 */
                RelayChunksRequest.prototype.seqs = $util.emptyArray;

                /**
                 * Creates a new RelayChunksRequest instance using the specified properties.
                 * @function create
                 * @memberof castore.nats.v1.RelayChunksRequest
                 * @static
                 * @param {castore.nats.v1.IRelayChunksRequest=} [properties] Properties to set
                 * @returns {castore.nats.v1.RelayChunksRequest} RelayChunksRequest instance
                 */
                RelayChunksRequest.create = function create(properties) {
                    return new RelayChunksRequest(properties);
                };

                /**
                 * Encodes the specified RelayChunksRequest message. Does not implicitly {@link castore.nats.v1.RelayChunksRequest.verify|verify} messages.
                 * @function encode
                 * @memberof castore.nats.v1.RelayChunksRequest
                 * @static
                 * @param {castore.nats.v1.IRelayChunksRequest} message RelayChunksRequest message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                RelayChunksRequest.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    if (message.digests != null && message.digests.length)
                        for (let i = 0; i < message.digests.length; ++i)
                            writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.digests[i]);
                    if (message.replyPrefix != null && Object.hasOwnProperty.call(message, "replyPrefix"))
                        writer.uint32(/* id 2, wireType 2 =*/18).string(message.replyPrefix);
                    if (message.firstToken != null && Object.hasOwnProperty.call(message, "firstToken"))
                        writer.uint32(/* id 3, wireType 0 =*/24).uint32(message.firstToken);
                    if (message.seqs != null && message.seqs.length) {
                        writer.uint32(/* id 4, wireType 2 =*/34).fork();
                        for (let i = 0; i < message.seqs.length; ++i)
                            writer.uint64(message.seqs[i]);
                        writer.ldelim();
                    }
                    return writer;
                };

                /**
                 * Decodes a RelayChunksRequest message from the specified reader or buffer.
                 * @function decode
                 * @memberof castore.nats.v1.RelayChunksRequest
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {castore.nats.v1.RelayChunksRequest} RelayChunksRequest
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                RelayChunksRequest.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.castore.nats.v1.RelayChunksRequest();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        case 1: {
                                if (!(message.digests && message.digests.length))
                                    message.digests = [];
                                message.digests.push(reader.bytes());
                                break;
                            }
                        case 2: {
                                message.replyPrefix = reader.string();
                                break;
                            }
                        case 3: {
                                message.firstToken = reader.uint32();
                                break;
                            }
                        case 4: {
                                if (!(message.seqs && message.seqs.length))
                                    message.seqs = [];
                                if ((tag & 7) === 2) {
                                    let end2 = reader.uint32() + reader.pos;
                                    if (end2 > reader.len)
                                        throw RangeError("index out of range");
                                    reader.len = end2;
                                    while (reader.pos < end2)
                                        message.seqs.push(reader.uint64());
                                    if (reader.pos !== end2)
                                        throw RangeError("index out of range");
                                    reader.len = end;
                                } else
                                    message.seqs.push(reader.uint64());
                                break;
                            }
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                /**
                 * Gets the default type url for RelayChunksRequest
                 * @function getTypeUrl
                 * @memberof castore.nats.v1.RelayChunksRequest
                 * @static
                 * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
                 * @returns {string} The default type url
                 */
                RelayChunksRequest.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                    if (typeUrlPrefix === undefined) {
                        typeUrlPrefix = "type.googleapis.com";
                    }
                    return typeUrlPrefix + "/castore.nats.v1.RelayChunksRequest";
                };

                return RelayChunksRequest;
            })();

            v1.PackPutRequest = (function() {

                /**
                 * Properties of a PackPutRequest.
                 * @memberof castore.nats.v1
                 * @interface IPackPutRequest
                 * @property {Uint8Array|null} [directory] PackPutRequest directory
                 * @property {number|null} [part] PackPutRequest part
                 * @property {Uint8Array|null} [pack] PackPutRequest pack
                 */

                /**
                 * Constructs a new PackPutRequest.
                 * @memberof castore.nats.v1
                 * @classdesc Represents a PackPutRequest.
                 * @implements IPackPutRequest
                 * @constructor
                 * @param {castore.nats.v1.IPackPutRequest=} [properties] Properties to set
                 */
                function PackPutRequest(properties) {
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                /**
                 * PackPutRequest directory.
                 * @member {Uint8Array} directory
                 * @memberof castore.nats.v1.PackPutRequest
                 * @instance
                 */
                PackPutRequest.prototype.directory = $util.newBuffer([]);

                /**
                 * PackPutRequest part.
                 * @member {number} part
                 * @memberof castore.nats.v1.PackPutRequest
                 * @instance
                 */
                PackPutRequest.prototype.part = 0;

                /**
                 * PackPutRequest pack.
                 * @member {Uint8Array} pack
                 * @memberof castore.nats.v1.PackPutRequest
                 * @instance
                 */
                PackPutRequest.prototype.pack = $util.newBuffer([]);

                /**
                 * Creates a new PackPutRequest instance using the specified properties.
                 * @function create
                 * @memberof castore.nats.v1.PackPutRequest
                 * @static
                 * @param {castore.nats.v1.IPackPutRequest=} [properties] Properties to set
                 * @returns {castore.nats.v1.PackPutRequest} PackPutRequest instance
                 */
                PackPutRequest.create = function create(properties) {
                    return new PackPutRequest(properties);
                };

                /**
                 * Encodes the specified PackPutRequest message. Does not implicitly {@link castore.nats.v1.PackPutRequest.verify|verify} messages.
                 * @function encode
                 * @memberof castore.nats.v1.PackPutRequest
                 * @static
                 * @param {castore.nats.v1.IPackPutRequest} message PackPutRequest message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                PackPutRequest.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    if (message.directory != null && Object.hasOwnProperty.call(message, "directory"))
                        writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.directory);
                    if (message.part != null && Object.hasOwnProperty.call(message, "part"))
                        writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.part);
                    if (message.pack != null && Object.hasOwnProperty.call(message, "pack"))
                        writer.uint32(/* id 3, wireType 2 =*/26).bytes(message.pack);
                    return writer;
                };

                /**
                 * Decodes a PackPutRequest message from the specified reader or buffer.
                 * @function decode
                 * @memberof castore.nats.v1.PackPutRequest
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {castore.nats.v1.PackPutRequest} PackPutRequest
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                PackPutRequest.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.castore.nats.v1.PackPutRequest();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        case 1: {
                                message.directory = reader.bytes();
                                break;
                            }
                        case 2: {
                                message.part = reader.uint32();
                                break;
                            }
                        case 3: {
                                message.pack = reader.bytes();
                                break;
                            }
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                /**
                 * Gets the default type url for PackPutRequest
                 * @function getTypeUrl
                 * @memberof castore.nats.v1.PackPutRequest
                 * @static
                 * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
                 * @returns {string} The default type url
                 */
                PackPutRequest.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                    if (typeUrlPrefix === undefined) {
                        typeUrlPrefix = "type.googleapis.com";
                    }
                    return typeUrlPrefix + "/castore.nats.v1.PackPutRequest";
                };

                return PackPutRequest;
            })();

            v1.PackGetRequest = (function() {

                /**
                 * Properties of a PackGetRequest.
                 * @memberof castore.nats.v1
                 * @interface IPackGetRequest
                 * @property {Uint8Array|null} [directory] PackGetRequest directory
                 * @property {number|null} [part] PackGetRequest part
                 */

                /**
                 * Constructs a new PackGetRequest.
                 * @memberof castore.nats.v1
                 * @classdesc Represents a PackGetRequest.
                 * @implements IPackGetRequest
                 * @constructor
                 * @param {castore.nats.v1.IPackGetRequest=} [properties] Properties to set
                 */
                function PackGetRequest(properties) {
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                /**
                 * PackGetRequest directory.
                 * @member {Uint8Array} directory
                 * @memberof castore.nats.v1.PackGetRequest
                 * @instance
                 */
                PackGetRequest.prototype.directory = $util.newBuffer([]);

                /**
                 * PackGetRequest part.
                 * @member {number} part
                 * @memberof castore.nats.v1.PackGetRequest
                 * @instance
                 */
                PackGetRequest.prototype.part = 0;

                /**
                 * Creates a new PackGetRequest instance using the specified properties.
                 * @function create
                 * @memberof castore.nats.v1.PackGetRequest
                 * @static
                 * @param {castore.nats.v1.IPackGetRequest=} [properties] Properties to set
                 * @returns {castore.nats.v1.PackGetRequest} PackGetRequest instance
                 */
                PackGetRequest.create = function create(properties) {
                    return new PackGetRequest(properties);
                };

                /**
                 * Encodes the specified PackGetRequest message. Does not implicitly {@link castore.nats.v1.PackGetRequest.verify|verify} messages.
                 * @function encode
                 * @memberof castore.nats.v1.PackGetRequest
                 * @static
                 * @param {castore.nats.v1.IPackGetRequest} message PackGetRequest message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                PackGetRequest.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    if (message.directory != null && Object.hasOwnProperty.call(message, "directory"))
                        writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.directory);
                    if (message.part != null && Object.hasOwnProperty.call(message, "part"))
                        writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.part);
                    return writer;
                };

                /**
                 * Decodes a PackGetRequest message from the specified reader or buffer.
                 * @function decode
                 * @memberof castore.nats.v1.PackGetRequest
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {castore.nats.v1.PackGetRequest} PackGetRequest
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                PackGetRequest.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.castore.nats.v1.PackGetRequest();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        case 1: {
                                message.directory = reader.bytes();
                                break;
                            }
                        case 2: {
                                message.part = reader.uint32();
                                break;
                            }
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                /**
                 * Gets the default type url for PackGetRequest
                 * @function getTypeUrl
                 * @memberof castore.nats.v1.PackGetRequest
                 * @static
                 * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
                 * @returns {string} The default type url
                 */
                PackGetRequest.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                    if (typeUrlPrefix === undefined) {
                        typeUrlPrefix = "type.googleapis.com";
                    }
                    return typeUrlPrefix + "/castore.nats.v1.PackGetRequest";
                };

                return PackGetRequest;
            })();

            v1.StatBlobPageRequest = (function() {

                /**
                 * Properties of a StatBlobPageRequest.
                 * @memberof castore.nats.v1
                 * @interface IStatBlobPageRequest
                 * @property {Uint8Array|null} [digest] StatBlobPageRequest digest
                 * @property {number|null} [chunkOffset] StatBlobPageRequest chunkOffset
                 */

                /**
                 * Constructs a new StatBlobPageRequest.
                 * @memberof castore.nats.v1
                 * @classdesc Represents a StatBlobPageRequest.
                 * @implements IStatBlobPageRequest
                 * @constructor
                 * @param {castore.nats.v1.IStatBlobPageRequest=} [properties] Properties to set
                 */
                function StatBlobPageRequest(properties) {
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                /**
                 * StatBlobPageRequest digest.
                 * @member {Uint8Array} digest
                 * @memberof castore.nats.v1.StatBlobPageRequest
                 * @instance
                 */
                StatBlobPageRequest.prototype.digest = $util.newBuffer([]);

                /**
                 * StatBlobPageRequest chunkOffset.
                 * @member {number} chunkOffset
                 * @memberof castore.nats.v1.StatBlobPageRequest
                 * @instance
                 */
                StatBlobPageRequest.prototype.chunkOffset = 0;

                /**
                 * Creates a new StatBlobPageRequest instance using the specified properties.
                 * @function create
                 * @memberof castore.nats.v1.StatBlobPageRequest
                 * @static
                 * @param {castore.nats.v1.IStatBlobPageRequest=} [properties] Properties to set
                 * @returns {castore.nats.v1.StatBlobPageRequest} StatBlobPageRequest instance
                 */
                StatBlobPageRequest.create = function create(properties) {
                    return new StatBlobPageRequest(properties);
                };

                /**
                 * Encodes the specified StatBlobPageRequest message. Does not implicitly {@link castore.nats.v1.StatBlobPageRequest.verify|verify} messages.
                 * @function encode
                 * @memberof castore.nats.v1.StatBlobPageRequest
                 * @static
                 * @param {castore.nats.v1.IStatBlobPageRequest} message StatBlobPageRequest message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                StatBlobPageRequest.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    if (message.digest != null && Object.hasOwnProperty.call(message, "digest"))
                        writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.digest);
                    if (message.chunkOffset != null && Object.hasOwnProperty.call(message, "chunkOffset"))
                        writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.chunkOffset);
                    return writer;
                };

                /**
                 * Decodes a StatBlobPageRequest message from the specified reader or buffer.
                 * @function decode
                 * @memberof castore.nats.v1.StatBlobPageRequest
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {castore.nats.v1.StatBlobPageRequest} StatBlobPageRequest
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                StatBlobPageRequest.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.castore.nats.v1.StatBlobPageRequest();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        case 1: {
                                message.digest = reader.bytes();
                                break;
                            }
                        case 2: {
                                message.chunkOffset = reader.uint32();
                                break;
                            }
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                /**
                 * Gets the default type url for StatBlobPageRequest
                 * @function getTypeUrl
                 * @memberof castore.nats.v1.StatBlobPageRequest
                 * @static
                 * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
                 * @returns {string} The default type url
                 */
                StatBlobPageRequest.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                    if (typeUrlPrefix === undefined) {
                        typeUrlPrefix = "type.googleapis.com";
                    }
                    return typeUrlPrefix + "/castore.nats.v1.StatBlobPageRequest";
                };

                return StatBlobPageRequest;
            })();

            v1.StatBlobPage = (function() {

                /**
                 * Properties of a StatBlobPage.
                 * @memberof castore.nats.v1
                 * @interface IStatBlobPage
                 * @property {number|Long|null} [size] StatBlobPage size
                 * @property {number|null} [totalChunks] StatBlobPage totalChunks
                 * @property {Array.<tvix.castore.v1.StatBlobResponse.IChunkMeta>|null} [chunks] StatBlobPage chunks
                 * @property {Array.<number|Long>|null} [chunkSeqs] StatBlobPage chunkSeqs
                 */

                /**
                 * Constructs a new StatBlobPage.
                 * @memberof castore.nats.v1
                 * @classdesc Represents a StatBlobPage.
                 * @implements IStatBlobPage
                 * @constructor
                 * @param {castore.nats.v1.IStatBlobPage=} [properties] Properties to set
                 */
                function StatBlobPage(properties) {
                    this.chunks = [];
                    this.chunkSeqs = [];
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                /**
                 * StatBlobPage size.
                 * @member {number|Long} size
                 * @memberof castore.nats.v1.StatBlobPage
                 * @instance
                 */
                StatBlobPage.prototype.size = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

                /**
                 * StatBlobPage totalChunks.
                 * @member {number} totalChunks
                 * @memberof castore.nats.v1.StatBlobPage
                 * @instance
                 */
                StatBlobPage.prototype.totalChunks = 0;

                /**
                 * StatBlobPage chunks.
                 * @member {Array.<tvix.castore.v1.StatBlobResponse.IChunkMeta>} chunks
                 * @memberof castore.nats.v1.StatBlobPage
                 * @instance
                 */
                StatBlobPage.prototype.chunks = $util.emptyArray;

                /**
                 * StatBlobPage chunkSeqs.
                 * @member {Array.<number|Long>} chunkSeqs
                 * @memberof castore.nats.v1.StatBlobPage
                 * @instance
                 */
                StatBlobPage.prototype.chunkSeqs = $util.emptyArray;

                /**
                 * Creates a new StatBlobPage instance using the specified properties.
                 * @function create
                 * @memberof castore.nats.v1.StatBlobPage
                 * @static
                 * @param {castore.nats.v1.IStatBlobPage=} [properties] Properties to set
                 * @returns {castore.nats.v1.StatBlobPage} StatBlobPage instance
                 */
                StatBlobPage.create = function create(properties) {
                    return new StatBlobPage(properties);
                };

                /**
                 * Encodes the specified StatBlobPage message. Does not implicitly {@link castore.nats.v1.StatBlobPage.verify|verify} messages.
                 * @function encode
                 * @memberof castore.nats.v1.StatBlobPage
                 * @static
                 * @param {castore.nats.v1.IStatBlobPage} message StatBlobPage message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                StatBlobPage.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    if (message.size != null && Object.hasOwnProperty.call(message, "size"))
                        writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.size);
                    if (message.totalChunks != null && Object.hasOwnProperty.call(message, "totalChunks"))
                        writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.totalChunks);
                    if (message.chunks != null && message.chunks.length)
                        for (let i = 0; i < message.chunks.length; ++i)
                            $root.tvix.castore.v1.StatBlobResponse.ChunkMeta.encode(message.chunks[i], writer.uint32(/* id 3, wireType 2 =*/26).fork(), q + 1).ldelim();
                    if (message.chunkSeqs != null && message.chunkSeqs.length) {
                        writer.uint32(/* id 4, wireType 2 =*/34).fork();
                        for (let i = 0; i < message.chunkSeqs.length; ++i)
                            writer.uint64(message.chunkSeqs[i]);
                        writer.ldelim();
                    }
                    return writer;
                };

                /**
                 * Decodes a StatBlobPage message from the specified reader or buffer.
                 * @function decode
                 * @memberof castore.nats.v1.StatBlobPage
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {castore.nats.v1.StatBlobPage} StatBlobPage
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                StatBlobPage.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.castore.nats.v1.StatBlobPage();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        case 1: {
                                message.size = reader.uint64();
                                break;
                            }
                        case 2: {
                                message.totalChunks = reader.uint32();
                                break;
                            }
                        case 3: {
                                if (!(message.chunks && message.chunks.length))
                                    message.chunks = [];
                                message.chunks.push($root.tvix.castore.v1.StatBlobResponse.ChunkMeta.decode(reader, reader.uint32(), undefined, long + 1));
                                break;
                            }
                        case 4: {
                                if (!(message.chunkSeqs && message.chunkSeqs.length))
                                    message.chunkSeqs = [];
                                if ((tag & 7) === 2) {
                                    let end2 = reader.uint32() + reader.pos;
                                    if (end2 > reader.len)
                                        throw RangeError("index out of range");
                                    reader.len = end2;
                                    while (reader.pos < end2)
                                        message.chunkSeqs.push(reader.uint64());
                                    if (reader.pos !== end2)
                                        throw RangeError("index out of range");
                                    reader.len = end;
                                } else
                                    message.chunkSeqs.push(reader.uint64());
                                break;
                            }
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                /**
                 * Gets the default type url for StatBlobPage
                 * @function getTypeUrl
                 * @memberof castore.nats.v1.StatBlobPage
                 * @static
                 * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
                 * @returns {string} The default type url
                 */
                StatBlobPage.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                    if (typeUrlPrefix === undefined) {
                        typeUrlPrefix = "type.googleapis.com";
                    }
                    return typeUrlPrefix + "/castore.nats.v1.StatBlobPage";
                };

                return StatBlobPage;
            })();

            v1.BlobIndex = (function() {

                /**
                 * Properties of a BlobIndex.
                 * @memberof castore.nats.v1
                 * @interface IBlobIndex
                 * @property {number|Long|null} [size] BlobIndex size
                 * @property {Array.<tvix.castore.v1.StatBlobResponse.IChunkMeta>|null} [chunks] BlobIndex chunks
                 * @property {number|null} [extraParts] BlobIndex extraParts
                 * @property {boolean|null} [hasTree] BlobIndex hasTree
                 * @property {Array.<number|Long>|null} [chunkSeqs] BlobIndex chunkSeqs
                 */

                /**
                 * Constructs a new BlobIndex.
                 * @memberof castore.nats.v1
                 * @classdesc Represents a BlobIndex.
                 * @implements IBlobIndex
                 * @constructor
                 * @param {castore.nats.v1.IBlobIndex=} [properties] Properties to set
                 */
                function BlobIndex(properties) {
                    this.chunks = [];
                    this.chunkSeqs = [];
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                /**
                 * BlobIndex size.
                 * @member {number|Long} size
                 * @memberof castore.nats.v1.BlobIndex
                 * @instance
                 */
                BlobIndex.prototype.size = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

                /**
                 * BlobIndex chunks.
                 * @member {Array.<tvix.castore.v1.StatBlobResponse.IChunkMeta>} chunks
                 * @memberof castore.nats.v1.BlobIndex
                 * @instance
                 */
                BlobIndex.prototype.chunks = $util.emptyArray;

                /**
                 * BlobIndex extraParts.
                 * @member {number} extraParts
                 * @memberof castore.nats.v1.BlobIndex
                 * @instance
                 */
                BlobIndex.prototype.extraParts = 0;

                /**
                 * BlobIndex hasTree.
                 * @member {boolean} hasTree
                 * @memberof castore.nats.v1.BlobIndex
                 * @instance
                 */
                BlobIndex.prototype.hasTree = false;

                /**
                 * BlobIndex chunkSeqs.
                 * @member {Array.<number|Long>} chunkSeqs
                 * @memberof castore.nats.v1.BlobIndex
                 * @instance
                 */
                BlobIndex.prototype.chunkSeqs = $util.emptyArray;

                /**
                 * Creates a new BlobIndex instance using the specified properties.
                 * @function create
                 * @memberof castore.nats.v1.BlobIndex
                 * @static
                 * @param {castore.nats.v1.IBlobIndex=} [properties] Properties to set
                 * @returns {castore.nats.v1.BlobIndex} BlobIndex instance
                 */
                BlobIndex.create = function create(properties) {
                    return new BlobIndex(properties);
                };

                /**
                 * Encodes the specified BlobIndex message. Does not implicitly {@link castore.nats.v1.BlobIndex.verify|verify} messages.
                 * @function encode
                 * @memberof castore.nats.v1.BlobIndex
                 * @static
                 * @param {castore.nats.v1.IBlobIndex} message BlobIndex message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                BlobIndex.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    if (message.size != null && Object.hasOwnProperty.call(message, "size"))
                        writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.size);
                    if (message.chunks != null && message.chunks.length)
                        for (let i = 0; i < message.chunks.length; ++i)
                            $root.tvix.castore.v1.StatBlobResponse.ChunkMeta.encode(message.chunks[i], writer.uint32(/* id 2, wireType 2 =*/18).fork(), q + 1).ldelim();
                    if (message.extraParts != null && Object.hasOwnProperty.call(message, "extraParts"))
                        writer.uint32(/* id 3, wireType 0 =*/24).uint32(message.extraParts);
                    if (message.hasTree != null && Object.hasOwnProperty.call(message, "hasTree"))
                        writer.uint32(/* id 4, wireType 0 =*/32).bool(message.hasTree);
                    if (message.chunkSeqs != null && message.chunkSeqs.length) {
                        writer.uint32(/* id 5, wireType 2 =*/42).fork();
                        for (let i = 0; i < message.chunkSeqs.length; ++i)
                            writer.uint64(message.chunkSeqs[i]);
                        writer.ldelim();
                    }
                    return writer;
                };

                /**
                 * Decodes a BlobIndex message from the specified reader or buffer.
                 * @function decode
                 * @memberof castore.nats.v1.BlobIndex
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {castore.nats.v1.BlobIndex} BlobIndex
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                BlobIndex.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.castore.nats.v1.BlobIndex();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        case 1: {
                                message.size = reader.uint64();
                                break;
                            }
                        case 2: {
                                if (!(message.chunks && message.chunks.length))
                                    message.chunks = [];
                                message.chunks.push($root.tvix.castore.v1.StatBlobResponse.ChunkMeta.decode(reader, reader.uint32(), undefined, long + 1));
                                break;
                            }
                        case 3: {
                                message.extraParts = reader.uint32();
                                break;
                            }
                        case 4: {
                                message.hasTree = reader.bool();
                                break;
                            }
                        case 5: {
                                if (!(message.chunkSeqs && message.chunkSeqs.length))
                                    message.chunkSeqs = [];
                                if ((tag & 7) === 2) {
                                    let end2 = reader.uint32() + reader.pos;
                                    if (end2 > reader.len)
                                        throw RangeError("index out of range");
                                    reader.len = end2;
                                    while (reader.pos < end2)
                                        message.chunkSeqs.push(reader.uint64());
                                    if (reader.pos !== end2)
                                        throw RangeError("index out of range");
                                    reader.len = end;
                                } else
                                    message.chunkSeqs.push(reader.uint64());
                                break;
                            }
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                /**
                 * Gets the default type url for BlobIndex
                 * @function getTypeUrl
                 * @memberof castore.nats.v1.BlobIndex
                 * @static
                 * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
                 * @returns {string} The default type url
                 */
                BlobIndex.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                    if (typeUrlPrefix === undefined) {
                        typeUrlPrefix = "type.googleapis.com";
                    }
                    return typeUrlPrefix + "/castore.nats.v1.BlobIndex";
                };

                return BlobIndex;
            })();

            v1.TreePageRequest = (function() {

                /**
                 * Properties of a TreePageRequest.
                 * @memberof castore.nats.v1
                 * @interface ITreePageRequest
                 * @property {Uint8Array|null} [digest] TreePageRequest digest
                 * @property {number|null} [level] TreePageRequest level
                 * @property {number|null} [page] TreePageRequest page
                 * @property {number|null} [count] TreePageRequest count
                 */

                /**
                 * Constructs a new TreePageRequest.
                 * @memberof castore.nats.v1
                 * @classdesc Represents a TreePageRequest.
                 * @implements ITreePageRequest
                 * @constructor
                 * @param {castore.nats.v1.ITreePageRequest=} [properties] Properties to set
                 */
                function TreePageRequest(properties) {
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                /**
                 * TreePageRequest digest.
                 * @member {Uint8Array} digest
                 * @memberof castore.nats.v1.TreePageRequest
                 * @instance
                 */
                TreePageRequest.prototype.digest = $util.newBuffer([]);

                /**
                 * TreePageRequest level.
                 * @member {number} level
                 * @memberof castore.nats.v1.TreePageRequest
                 * @instance
                 */
                TreePageRequest.prototype.level = 0;

                /**
                 * TreePageRequest page.
                 * @member {number} page
                 * @memberof castore.nats.v1.TreePageRequest
                 * @instance
                 */
                TreePageRequest.prototype.page = 0;

                /**
                 * TreePageRequest count.
                 * @member {number} count
                 * @memberof castore.nats.v1.TreePageRequest
                 * @instance
                 */
                TreePageRequest.prototype.count = 0;

                /**
                 * Creates a new TreePageRequest instance using the specified properties.
                 * @function create
                 * @memberof castore.nats.v1.TreePageRequest
                 * @static
                 * @param {castore.nats.v1.ITreePageRequest=} [properties] Properties to set
                 * @returns {castore.nats.v1.TreePageRequest} TreePageRequest instance
                 */
                TreePageRequest.create = function create(properties) {
                    return new TreePageRequest(properties);
                };

                /**
                 * Encodes the specified TreePageRequest message. Does not implicitly {@link castore.nats.v1.TreePageRequest.verify|verify} messages.
                 * @function encode
                 * @memberof castore.nats.v1.TreePageRequest
                 * @static
                 * @param {castore.nats.v1.ITreePageRequest} message TreePageRequest message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                TreePageRequest.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    if (message.digest != null && Object.hasOwnProperty.call(message, "digest"))
                        writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.digest);
                    if (message.level != null && Object.hasOwnProperty.call(message, "level"))
                        writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.level);
                    if (message.page != null && Object.hasOwnProperty.call(message, "page"))
                        writer.uint32(/* id 3, wireType 0 =*/24).uint32(message.page);
                    if (message.count != null && Object.hasOwnProperty.call(message, "count"))
                        writer.uint32(/* id 4, wireType 0 =*/32).uint32(message.count);
                    return writer;
                };

                /**
                 * Decodes a TreePageRequest message from the specified reader or buffer.
                 * @function decode
                 * @memberof castore.nats.v1.TreePageRequest
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {castore.nats.v1.TreePageRequest} TreePageRequest
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                TreePageRequest.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.castore.nats.v1.TreePageRequest();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        case 1: {
                                message.digest = reader.bytes();
                                break;
                            }
                        case 2: {
                                message.level = reader.uint32();
                                break;
                            }
                        case 3: {
                                message.page = reader.uint32();
                                break;
                            }
                        case 4: {
                                message.count = reader.uint32();
                                break;
                            }
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                /**
                 * Gets the default type url for TreePageRequest
                 * @function getTypeUrl
                 * @memberof castore.nats.v1.TreePageRequest
                 * @static
                 * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
                 * @returns {string} The default type url
                 */
                TreePageRequest.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                    if (typeUrlPrefix === undefined) {
                        typeUrlPrefix = "type.googleapis.com";
                    }
                    return typeUrlPrefix + "/castore.nats.v1.TreePageRequest";
                };

                return TreePageRequest;
            })();

            v1.DirectoryItem = (function() {

                /**
                 * Properties of a DirectoryItem.
                 * @memberof castore.nats.v1
                 * @interface IDirectoryItem
                 * @property {Uint8Array|null} [encoded] DirectoryItem encoded
                 * @property {Uint8Array|null} [blobDigest] DirectoryItem blobDigest
                 * @property {boolean|null} [found] DirectoryItem found
                 */

                /**
                 * Constructs a new DirectoryItem.
                 * @memberof castore.nats.v1
                 * @classdesc Represents a DirectoryItem.
                 * @implements IDirectoryItem
                 * @constructor
                 * @param {castore.nats.v1.IDirectoryItem=} [properties] Properties to set
                 */
                function DirectoryItem(properties) {
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                /**
                 * DirectoryItem encoded.
                 * @member {Uint8Array} encoded
                 * @memberof castore.nats.v1.DirectoryItem
                 * @instance
                 */
                DirectoryItem.prototype.encoded = $util.newBuffer([]);

                /**
                 * DirectoryItem blobDigest.
                 * @member {Uint8Array} blobDigest
                 * @memberof castore.nats.v1.DirectoryItem
                 * @instance
                 */
                DirectoryItem.prototype.blobDigest = $util.newBuffer([]);

                /**
                 * DirectoryItem found.
                 * @member {boolean} found
                 * @memberof castore.nats.v1.DirectoryItem
                 * @instance
                 */
                DirectoryItem.prototype.found = false;

                /**
                 * Creates a new DirectoryItem instance using the specified properties.
                 * @function create
                 * @memberof castore.nats.v1.DirectoryItem
                 * @static
                 * @param {castore.nats.v1.IDirectoryItem=} [properties] Properties to set
                 * @returns {castore.nats.v1.DirectoryItem} DirectoryItem instance
                 */
                DirectoryItem.create = function create(properties) {
                    return new DirectoryItem(properties);
                };

                /**
                 * Encodes the specified DirectoryItem message. Does not implicitly {@link castore.nats.v1.DirectoryItem.verify|verify} messages.
                 * @function encode
                 * @memberof castore.nats.v1.DirectoryItem
                 * @static
                 * @param {castore.nats.v1.IDirectoryItem} message DirectoryItem message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                DirectoryItem.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    if (message.encoded != null && Object.hasOwnProperty.call(message, "encoded"))
                        writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.encoded);
                    if (message.blobDigest != null && Object.hasOwnProperty.call(message, "blobDigest"))
                        writer.uint32(/* id 2, wireType 2 =*/18).bytes(message.blobDigest);
                    if (message.found != null && Object.hasOwnProperty.call(message, "found"))
                        writer.uint32(/* id 3, wireType 0 =*/24).bool(message.found);
                    return writer;
                };

                /**
                 * Decodes a DirectoryItem message from the specified reader or buffer.
                 * @function decode
                 * @memberof castore.nats.v1.DirectoryItem
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {castore.nats.v1.DirectoryItem} DirectoryItem
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                DirectoryItem.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.castore.nats.v1.DirectoryItem();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        case 1: {
                                message.encoded = reader.bytes();
                                break;
                            }
                        case 2: {
                                message.blobDigest = reader.bytes();
                                break;
                            }
                        case 3: {
                                message.found = reader.bool();
                                break;
                            }
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                /**
                 * Gets the default type url for DirectoryItem
                 * @function getTypeUrl
                 * @memberof castore.nats.v1.DirectoryItem
                 * @static
                 * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
                 * @returns {string} The default type url
                 */
                DirectoryItem.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                    if (typeUrlPrefix === undefined) {
                        typeUrlPrefix = "type.googleapis.com";
                    }
                    return typeUrlPrefix + "/castore.nats.v1.DirectoryItem";
                };

                return DirectoryItem;
            })();

            v1.GetDirectoriesRequest = (function() {

                /**
                 * Properties of a GetDirectoriesRequest.
                 * @memberof castore.nats.v1
                 * @interface IGetDirectoriesRequest
                 * @property {Array.<Uint8Array>|null} [digests] GetDirectoriesRequest digests
                 */

                /**
                 * Constructs a new GetDirectoriesRequest.
                 * @memberof castore.nats.v1
                 * @classdesc Represents a GetDirectoriesRequest.
                 * @implements IGetDirectoriesRequest
                 * @constructor
                 * @param {castore.nats.v1.IGetDirectoriesRequest=} [properties] Properties to set
                 */
                function GetDirectoriesRequest(properties) {
                    this.digests = [];
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                /**
                 * GetDirectoriesRequest digests.
                 * @member {Array.<Uint8Array>} digests
                 * @memberof castore.nats.v1.GetDirectoriesRequest
                 * @instance
                 */
                GetDirectoriesRequest.prototype.digests = $util.emptyArray;

                /**
                 * Creates a new GetDirectoriesRequest instance using the specified properties.
                 * @function create
                 * @memberof castore.nats.v1.GetDirectoriesRequest
                 * @static
                 * @param {castore.nats.v1.IGetDirectoriesRequest=} [properties] Properties to set
                 * @returns {castore.nats.v1.GetDirectoriesRequest} GetDirectoriesRequest instance
                 */
                GetDirectoriesRequest.create = function create(properties) {
                    return new GetDirectoriesRequest(properties);
                };

                /**
                 * Encodes the specified GetDirectoriesRequest message. Does not implicitly {@link castore.nats.v1.GetDirectoriesRequest.verify|verify} messages.
                 * @function encode
                 * @memberof castore.nats.v1.GetDirectoriesRequest
                 * @static
                 * @param {castore.nats.v1.IGetDirectoriesRequest} message GetDirectoriesRequest message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                GetDirectoriesRequest.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    if (message.digests != null && message.digests.length)
                        for (let i = 0; i < message.digests.length; ++i)
                            writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.digests[i]);
                    return writer;
                };

                /**
                 * Decodes a GetDirectoriesRequest message from the specified reader or buffer.
                 * @function decode
                 * @memberof castore.nats.v1.GetDirectoriesRequest
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {castore.nats.v1.GetDirectoriesRequest} GetDirectoriesRequest
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                GetDirectoriesRequest.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.castore.nats.v1.GetDirectoriesRequest();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        case 1: {
                                if (!(message.digests && message.digests.length))
                                    message.digests = [];
                                message.digests.push(reader.bytes());
                                break;
                            }
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                /**
                 * Gets the default type url for GetDirectoriesRequest
                 * @function getTypeUrl
                 * @memberof castore.nats.v1.GetDirectoriesRequest
                 * @static
                 * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
                 * @returns {string} The default type url
                 */
                GetDirectoriesRequest.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                    if (typeUrlPrefix === undefined) {
                        typeUrlPrefix = "type.googleapis.com";
                    }
                    return typeUrlPrefix + "/castore.nats.v1.GetDirectoriesRequest";
                };

                return GetDirectoriesRequest;
            })();

            v1.GetDirectoriesResponse = (function() {

                /**
                 * Properties of a GetDirectoriesResponse.
                 * @memberof castore.nats.v1
                 * @interface IGetDirectoriesResponse
                 * @property {Array.<castore.nats.v1.IDirectoryItem>|null} [items] GetDirectoriesResponse items
                 */

                /**
                 * Constructs a new GetDirectoriesResponse.
                 * @memberof castore.nats.v1
                 * @classdesc Represents a GetDirectoriesResponse.
                 * @implements IGetDirectoriesResponse
                 * @constructor
                 * @param {castore.nats.v1.IGetDirectoriesResponse=} [properties] Properties to set
                 */
                function GetDirectoriesResponse(properties) {
                    this.items = [];
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                /**
                 * GetDirectoriesResponse items.
                 * @member {Array.<castore.nats.v1.IDirectoryItem>} items
                 * @memberof castore.nats.v1.GetDirectoriesResponse
                 * @instance
                 */
                GetDirectoriesResponse.prototype.items = $util.emptyArray;

                /**
                 * Creates a new GetDirectoriesResponse instance using the specified properties.
                 * @function create
                 * @memberof castore.nats.v1.GetDirectoriesResponse
                 * @static
                 * @param {castore.nats.v1.IGetDirectoriesResponse=} [properties] Properties to set
                 * @returns {castore.nats.v1.GetDirectoriesResponse} GetDirectoriesResponse instance
                 */
                GetDirectoriesResponse.create = function create(properties) {
                    return new GetDirectoriesResponse(properties);
                };

                /**
                 * Encodes the specified GetDirectoriesResponse message. Does not implicitly {@link castore.nats.v1.GetDirectoriesResponse.verify|verify} messages.
                 * @function encode
                 * @memberof castore.nats.v1.GetDirectoriesResponse
                 * @static
                 * @param {castore.nats.v1.IGetDirectoriesResponse} message GetDirectoriesResponse message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                GetDirectoriesResponse.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    if (message.items != null && message.items.length)
                        for (let i = 0; i < message.items.length; ++i)
                            $root.castore.nats.v1.DirectoryItem.encode(message.items[i], writer.uint32(/* id 1, wireType 2 =*/10).fork(), q + 1).ldelim();
                    return writer;
                };

                /**
                 * Decodes a GetDirectoriesResponse message from the specified reader or buffer.
                 * @function decode
                 * @memberof castore.nats.v1.GetDirectoriesResponse
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {castore.nats.v1.GetDirectoriesResponse} GetDirectoriesResponse
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                GetDirectoriesResponse.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.castore.nats.v1.GetDirectoriesResponse();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        case 1: {
                                if (!(message.items && message.items.length))
                                    message.items = [];
                                message.items.push($root.castore.nats.v1.DirectoryItem.decode(reader, reader.uint32(), undefined, long + 1));
                                break;
                            }
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                /**
                 * Gets the default type url for GetDirectoriesResponse
                 * @function getTypeUrl
                 * @memberof castore.nats.v1.GetDirectoriesResponse
                 * @static
                 * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
                 * @returns {string} The default type url
                 */
                GetDirectoriesResponse.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                    if (typeUrlPrefix === undefined) {
                        typeUrlPrefix = "type.googleapis.com";
                    }
                    return typeUrlPrefix + "/castore.nats.v1.GetDirectoriesResponse";
                };

                return GetDirectoriesResponse;
            })();

            v1.PutDirectoriesRequest = (function() {

                /**
                 * Properties of a PutDirectoriesRequest.
                 * @memberof castore.nats.v1
                 * @interface IPutDirectoriesRequest
                 * @property {Uint8Array|null} [uploadId] PutDirectoriesRequest uploadId
                 * @property {number|null} [sequence] PutDirectoriesRequest sequence
                 * @property {Array.<castore.nats.v1.IDirectoryItem>|null} [directories] PutDirectoriesRequest directories
                 * @property {boolean|null} [last] PutDirectoriesRequest last
                 */

                /**
                 * Constructs a new PutDirectoriesRequest.
                 * @memberof castore.nats.v1
                 * @classdesc Represents a PutDirectoriesRequest.
                 * @implements IPutDirectoriesRequest
                 * @constructor
                 * @param {castore.nats.v1.IPutDirectoriesRequest=} [properties] Properties to set
                 */
                function PutDirectoriesRequest(properties) {
                    this.directories = [];
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                /**
                 * PutDirectoriesRequest uploadId.
                 * @member {Uint8Array} uploadId
                 * @memberof castore.nats.v1.PutDirectoriesRequest
                 * @instance
                 */
                PutDirectoriesRequest.prototype.uploadId = $util.newBuffer([]);

                /**
                 * PutDirectoriesRequest sequence.
                 * @member {number} sequence
                 * @memberof castore.nats.v1.PutDirectoriesRequest
                 * @instance
                 */
                PutDirectoriesRequest.prototype.sequence = 0;

                /**
                 * PutDirectoriesRequest directories.
                 * @member {Array.<castore.nats.v1.IDirectoryItem>} directories
                 * @memberof castore.nats.v1.PutDirectoriesRequest
                 * @instance
                 */
                PutDirectoriesRequest.prototype.directories = $util.emptyArray;

                /**
                 * PutDirectoriesRequest last.
                 * @member {boolean} last
                 * @memberof castore.nats.v1.PutDirectoriesRequest
                 * @instance
                 */
                PutDirectoriesRequest.prototype.last = false;

                /**
                 * Creates a new PutDirectoriesRequest instance using the specified properties.
                 * @function create
                 * @memberof castore.nats.v1.PutDirectoriesRequest
                 * @static
                 * @param {castore.nats.v1.IPutDirectoriesRequest=} [properties] Properties to set
                 * @returns {castore.nats.v1.PutDirectoriesRequest} PutDirectoriesRequest instance
                 */
                PutDirectoriesRequest.create = function create(properties) {
                    return new PutDirectoriesRequest(properties);
                };

                /**
                 * Encodes the specified PutDirectoriesRequest message. Does not implicitly {@link castore.nats.v1.PutDirectoriesRequest.verify|verify} messages.
                 * @function encode
                 * @memberof castore.nats.v1.PutDirectoriesRequest
                 * @static
                 * @param {castore.nats.v1.IPutDirectoriesRequest} message PutDirectoriesRequest message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                PutDirectoriesRequest.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    if (message.uploadId != null && Object.hasOwnProperty.call(message, "uploadId"))
                        writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.uploadId);
                    if (message.sequence != null && Object.hasOwnProperty.call(message, "sequence"))
                        writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.sequence);
                    if (message.directories != null && message.directories.length)
                        for (let i = 0; i < message.directories.length; ++i)
                            $root.castore.nats.v1.DirectoryItem.encode(message.directories[i], writer.uint32(/* id 3, wireType 2 =*/26).fork(), q + 1).ldelim();
                    if (message.last != null && Object.hasOwnProperty.call(message, "last"))
                        writer.uint32(/* id 4, wireType 0 =*/32).bool(message.last);
                    return writer;
                };

                /**
                 * Decodes a PutDirectoriesRequest message from the specified reader or buffer.
                 * @function decode
                 * @memberof castore.nats.v1.PutDirectoriesRequest
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {castore.nats.v1.PutDirectoriesRequest} PutDirectoriesRequest
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                PutDirectoriesRequest.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.castore.nats.v1.PutDirectoriesRequest();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        case 1: {
                                message.uploadId = reader.bytes();
                                break;
                            }
                        case 2: {
                                message.sequence = reader.uint32();
                                break;
                            }
                        case 3: {
                                if (!(message.directories && message.directories.length))
                                    message.directories = [];
                                message.directories.push($root.castore.nats.v1.DirectoryItem.decode(reader, reader.uint32(), undefined, long + 1));
                                break;
                            }
                        case 4: {
                                message.last = reader.bool();
                                break;
                            }
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                /**
                 * Gets the default type url for PutDirectoriesRequest
                 * @function getTypeUrl
                 * @memberof castore.nats.v1.PutDirectoriesRequest
                 * @static
                 * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
                 * @returns {string} The default type url
                 */
                PutDirectoriesRequest.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                    if (typeUrlPrefix === undefined) {
                        typeUrlPrefix = "type.googleapis.com";
                    }
                    return typeUrlPrefix + "/castore.nats.v1.PutDirectoriesRequest";
                };

                return PutDirectoriesRequest;
            })();

            v1.PutDirectoriesResponse = (function() {

                /**
                 * Properties of a PutDirectoriesResponse.
                 * @memberof castore.nats.v1
                 * @interface IPutDirectoriesResponse
                 * @property {Uint8Array|null} [rootDigest] PutDirectoriesResponse rootDigest
                 */

                /**
                 * Constructs a new PutDirectoriesResponse.
                 * @memberof castore.nats.v1
                 * @classdesc Represents a PutDirectoriesResponse.
                 * @implements IPutDirectoriesResponse
                 * @constructor
                 * @param {castore.nats.v1.IPutDirectoriesResponse=} [properties] Properties to set
                 */
                function PutDirectoriesResponse(properties) {
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                /**
                 * PutDirectoriesResponse rootDigest.
                 * @member {Uint8Array} rootDigest
                 * @memberof castore.nats.v1.PutDirectoriesResponse
                 * @instance
                 */
                PutDirectoriesResponse.prototype.rootDigest = $util.newBuffer([]);

                /**
                 * Creates a new PutDirectoriesResponse instance using the specified properties.
                 * @function create
                 * @memberof castore.nats.v1.PutDirectoriesResponse
                 * @static
                 * @param {castore.nats.v1.IPutDirectoriesResponse=} [properties] Properties to set
                 * @returns {castore.nats.v1.PutDirectoriesResponse} PutDirectoriesResponse instance
                 */
                PutDirectoriesResponse.create = function create(properties) {
                    return new PutDirectoriesResponse(properties);
                };

                /**
                 * Encodes the specified PutDirectoriesResponse message. Does not implicitly {@link castore.nats.v1.PutDirectoriesResponse.verify|verify} messages.
                 * @function encode
                 * @memberof castore.nats.v1.PutDirectoriesResponse
                 * @static
                 * @param {castore.nats.v1.IPutDirectoriesResponse} message PutDirectoriesResponse message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                PutDirectoriesResponse.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    if (message.rootDigest != null && Object.hasOwnProperty.call(message, "rootDigest"))
                        writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.rootDigest);
                    return writer;
                };

                /**
                 * Decodes a PutDirectoriesResponse message from the specified reader or buffer.
                 * @function decode
                 * @memberof castore.nats.v1.PutDirectoriesResponse
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {castore.nats.v1.PutDirectoriesResponse} PutDirectoriesResponse
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                PutDirectoriesResponse.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.castore.nats.v1.PutDirectoriesResponse();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        case 1: {
                                message.rootDigest = reader.bytes();
                                break;
                            }
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                /**
                 * Gets the default type url for PutDirectoriesResponse
                 * @function getTypeUrl
                 * @memberof castore.nats.v1.PutDirectoriesResponse
                 * @static
                 * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
                 * @returns {string} The default type url
                 */
                PutDirectoriesResponse.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                    if (typeUrlPrefix === undefined) {
                        typeUrlPrefix = "type.googleapis.com";
                    }
                    return typeUrlPrefix + "/castore.nats.v1.PutDirectoriesResponse";
                };

                return PutDirectoriesResponse;
            })();

            v1.ListPathInfoPageRequest = (function() {

                /**
                 * Properties of a ListPathInfoPageRequest.
                 * @memberof castore.nats.v1
                 * @interface IListPathInfoPageRequest
                 * @property {Uint8Array|null} [cursor] ListPathInfoPageRequest cursor
                 * @property {number|null} [limit] ListPathInfoPageRequest limit
                 */

                /**
                 * Constructs a new ListPathInfoPageRequest.
                 * @memberof castore.nats.v1
                 * @classdesc Represents a ListPathInfoPageRequest.
                 * @implements IListPathInfoPageRequest
                 * @constructor
                 * @param {castore.nats.v1.IListPathInfoPageRequest=} [properties] Properties to set
                 */
                function ListPathInfoPageRequest(properties) {
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                /**
                 * ListPathInfoPageRequest cursor.
                 * @member {Uint8Array} cursor
                 * @memberof castore.nats.v1.ListPathInfoPageRequest
                 * @instance
                 */
                ListPathInfoPageRequest.prototype.cursor = $util.newBuffer([]);

                /**
                 * ListPathInfoPageRequest limit.
                 * @member {number} limit
                 * @memberof castore.nats.v1.ListPathInfoPageRequest
                 * @instance
                 */
                ListPathInfoPageRequest.prototype.limit = 0;

                /**
                 * Creates a new ListPathInfoPageRequest instance using the specified properties.
                 * @function create
                 * @memberof castore.nats.v1.ListPathInfoPageRequest
                 * @static
                 * @param {castore.nats.v1.IListPathInfoPageRequest=} [properties] Properties to set
                 * @returns {castore.nats.v1.ListPathInfoPageRequest} ListPathInfoPageRequest instance
                 */
                ListPathInfoPageRequest.create = function create(properties) {
                    return new ListPathInfoPageRequest(properties);
                };

                /**
                 * Encodes the specified ListPathInfoPageRequest message. Does not implicitly {@link castore.nats.v1.ListPathInfoPageRequest.verify|verify} messages.
                 * @function encode
                 * @memberof castore.nats.v1.ListPathInfoPageRequest
                 * @static
                 * @param {castore.nats.v1.IListPathInfoPageRequest} message ListPathInfoPageRequest message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                ListPathInfoPageRequest.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    if (message.cursor != null && Object.hasOwnProperty.call(message, "cursor"))
                        writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.cursor);
                    if (message.limit != null && Object.hasOwnProperty.call(message, "limit"))
                        writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.limit);
                    return writer;
                };

                /**
                 * Decodes a ListPathInfoPageRequest message from the specified reader or buffer.
                 * @function decode
                 * @memberof castore.nats.v1.ListPathInfoPageRequest
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {castore.nats.v1.ListPathInfoPageRequest} ListPathInfoPageRequest
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                ListPathInfoPageRequest.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.castore.nats.v1.ListPathInfoPageRequest();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        case 1: {
                                message.cursor = reader.bytes();
                                break;
                            }
                        case 2: {
                                message.limit = reader.uint32();
                                break;
                            }
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                /**
                 * Gets the default type url for ListPathInfoPageRequest
                 * @function getTypeUrl
                 * @memberof castore.nats.v1.ListPathInfoPageRequest
                 * @static
                 * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
                 * @returns {string} The default type url
                 */
                ListPathInfoPageRequest.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                    if (typeUrlPrefix === undefined) {
                        typeUrlPrefix = "type.googleapis.com";
                    }
                    return typeUrlPrefix + "/castore.nats.v1.ListPathInfoPageRequest";
                };

                return ListPathInfoPageRequest;
            })();

            v1.PathInfoPage = (function() {

                /**
                 * Properties of a PathInfoPage.
                 * @memberof castore.nats.v1
                 * @interface IPathInfoPage
                 * @property {Array.<tvix.store.v1.IPathInfo>|null} [pathInfos] PathInfoPage pathInfos
                 * @property {Uint8Array|null} [nextCursor] PathInfoPage nextCursor
                 */

                /**
                 * Constructs a new PathInfoPage.
                 * @memberof castore.nats.v1
                 * @classdesc Represents a PathInfoPage.
                 * @implements IPathInfoPage
                 * @constructor
                 * @param {castore.nats.v1.IPathInfoPage=} [properties] Properties to set
                 */
                function PathInfoPage(properties) {
                    this.pathInfos = [];
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                /**
                 * PathInfoPage pathInfos.
                 * @member {Array.<tvix.store.v1.IPathInfo>} pathInfos
                 * @memberof castore.nats.v1.PathInfoPage
                 * @instance
                 */
                PathInfoPage.prototype.pathInfos = $util.emptyArray;

                /**
                 * PathInfoPage nextCursor.
                 * @member {Uint8Array} nextCursor
                 * @memberof castore.nats.v1.PathInfoPage
                 * @instance
                 */
                PathInfoPage.prototype.nextCursor = $util.newBuffer([]);

                /**
                 * Creates a new PathInfoPage instance using the specified properties.
                 * @function create
                 * @memberof castore.nats.v1.PathInfoPage
                 * @static
                 * @param {castore.nats.v1.IPathInfoPage=} [properties] Properties to set
                 * @returns {castore.nats.v1.PathInfoPage} PathInfoPage instance
                 */
                PathInfoPage.create = function create(properties) {
                    return new PathInfoPage(properties);
                };

                /**
                 * Encodes the specified PathInfoPage message. Does not implicitly {@link castore.nats.v1.PathInfoPage.verify|verify} messages.
                 * @function encode
                 * @memberof castore.nats.v1.PathInfoPage
                 * @static
                 * @param {castore.nats.v1.IPathInfoPage} message PathInfoPage message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                PathInfoPage.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    if (message.pathInfos != null && message.pathInfos.length)
                        for (let i = 0; i < message.pathInfos.length; ++i)
                            $root.tvix.store.v1.PathInfo.encode(message.pathInfos[i], writer.uint32(/* id 1, wireType 2 =*/10).fork(), q + 1).ldelim();
                    if (message.nextCursor != null && Object.hasOwnProperty.call(message, "nextCursor"))
                        writer.uint32(/* id 2, wireType 2 =*/18).bytes(message.nextCursor);
                    return writer;
                };

                /**
                 * Decodes a PathInfoPage message from the specified reader or buffer.
                 * @function decode
                 * @memberof castore.nats.v1.PathInfoPage
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {castore.nats.v1.PathInfoPage} PathInfoPage
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                PathInfoPage.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.castore.nats.v1.PathInfoPage();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        case 1: {
                                if (!(message.pathInfos && message.pathInfos.length))
                                    message.pathInfos = [];
                                message.pathInfos.push($root.tvix.store.v1.PathInfo.decode(reader, reader.uint32(), undefined, long + 1));
                                break;
                            }
                        case 2: {
                                message.nextCursor = reader.bytes();
                                break;
                            }
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                /**
                 * Gets the default type url for PathInfoPage
                 * @function getTypeUrl
                 * @memberof castore.nats.v1.PathInfoPage
                 * @static
                 * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
                 * @returns {string} The default type url
                 */
                PathInfoPage.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                    if (typeUrlPrefix === undefined) {
                        typeUrlPrefix = "type.googleapis.com";
                    }
                    return typeUrlPrefix + "/castore.nats.v1.PathInfoPage";
                };

                return PathInfoPage;
            })();

            return v1;
        })();

        return nats;
    })();

    return castore;
})();

export const tvix = $root.tvix = (() => {

    /**
     * Namespace tvix.
     * @exports tvix
     * @namespace
     */
    const tvix = {};

    tvix.castore = (function() {

        /**
         * Namespace castore.
         * @memberof tvix
         * @namespace
         */
        const castore = {};

        castore.v1 = (function() {

            /**
             * Namespace v1.
             * @memberof tvix.castore
             * @namespace
             */
            const v1 = {};

            v1.Directory = (function() {

                /**
                 * Properties of a Directory.
                 * @memberof tvix.castore.v1
                 * @interface IDirectory
                 * @property {Array.<tvix.castore.v1.IDirectoryNode>|null} [directories] Directory directories
                 * @property {Array.<tvix.castore.v1.IFileNode>|null} [files] Directory files
                 * @property {Array.<tvix.castore.v1.ISymlinkNode>|null} [symlinks] Directory symlinks
                 */

                /**
                 * Constructs a new Directory.
                 * @memberof tvix.castore.v1
                 * @classdesc Represents a Directory.
                 * @implements IDirectory
                 * @constructor
                 * @param {tvix.castore.v1.IDirectory=} [properties] Properties to set
                 */
                function Directory(properties) {
                    this.directories = [];
                    this.files = [];
                    this.symlinks = [];
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                /**
                 * Directory directories.
                 * @member {Array.<tvix.castore.v1.IDirectoryNode>} directories
                 * @memberof tvix.castore.v1.Directory
                 * @instance
                 */
                Directory.prototype.directories = $util.emptyArray;

                /**
                 * Directory files.
                 * @member {Array.<tvix.castore.v1.IFileNode>} files
                 * @memberof tvix.castore.v1.Directory
                 * @instance
                 */
                Directory.prototype.files = $util.emptyArray;

                /**
                 * Directory symlinks.
                 * @member {Array.<tvix.castore.v1.ISymlinkNode>} symlinks
                 * @memberof tvix.castore.v1.Directory
                 * @instance
                 */
                Directory.prototype.symlinks = $util.emptyArray;

                /**
                 * Creates a new Directory instance using the specified properties.
                 * @function create
                 * @memberof tvix.castore.v1.Directory
                 * @static
                 * @param {tvix.castore.v1.IDirectory=} [properties] Properties to set
                 * @returns {tvix.castore.v1.Directory} Directory instance
                 */
                Directory.create = function create(properties) {
                    return new Directory(properties);
                };

                /**
                 * Encodes the specified Directory message. Does not implicitly {@link tvix.castore.v1.Directory.verify|verify} messages.
                 * @function encode
                 * @memberof tvix.castore.v1.Directory
                 * @static
                 * @param {tvix.castore.v1.IDirectory} message Directory message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                Directory.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    if (message.directories != null && message.directories.length)
                        for (let i = 0; i < message.directories.length; ++i)
                            $root.tvix.castore.v1.DirectoryNode.encode(message.directories[i], writer.uint32(/* id 1, wireType 2 =*/10).fork(), q + 1).ldelim();
                    if (message.files != null && message.files.length)
                        for (let i = 0; i < message.files.length; ++i)
                            $root.tvix.castore.v1.FileNode.encode(message.files[i], writer.uint32(/* id 2, wireType 2 =*/18).fork(), q + 1).ldelim();
                    if (message.symlinks != null && message.symlinks.length)
                        for (let i = 0; i < message.symlinks.length; ++i)
                            $root.tvix.castore.v1.SymlinkNode.encode(message.symlinks[i], writer.uint32(/* id 3, wireType 2 =*/26).fork(), q + 1).ldelim();
                    return writer;
                };

                /**
                 * Decodes a Directory message from the specified reader or buffer.
                 * @function decode
                 * @memberof tvix.castore.v1.Directory
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {tvix.castore.v1.Directory} Directory
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                Directory.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.tvix.castore.v1.Directory();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        case 1: {
                                if (!(message.directories && message.directories.length))
                                    message.directories = [];
                                message.directories.push($root.tvix.castore.v1.DirectoryNode.decode(reader, reader.uint32(), undefined, long + 1));
                                break;
                            }
                        case 2: {
                                if (!(message.files && message.files.length))
                                    message.files = [];
                                message.files.push($root.tvix.castore.v1.FileNode.decode(reader, reader.uint32(), undefined, long + 1));
                                break;
                            }
                        case 3: {
                                if (!(message.symlinks && message.symlinks.length))
                                    message.symlinks = [];
                                message.symlinks.push($root.tvix.castore.v1.SymlinkNode.decode(reader, reader.uint32(), undefined, long + 1));
                                break;
                            }
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                /**
                 * Gets the default type url for Directory
                 * @function getTypeUrl
                 * @memberof tvix.castore.v1.Directory
                 * @static
                 * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
                 * @returns {string} The default type url
                 */
                Directory.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                    if (typeUrlPrefix === undefined) {
                        typeUrlPrefix = "type.googleapis.com";
                    }
                    return typeUrlPrefix + "/tvix.castore.v1.Directory";
                };

                return Directory;
            })();

            v1.DirectoryNode = (function() {

                /**
                 * Properties of a DirectoryNode.
                 * @memberof tvix.castore.v1
                 * @interface IDirectoryNode
                 * @property {Uint8Array|null} [name] DirectoryNode name
                 * @property {Uint8Array|null} [digest] DirectoryNode digest
                 * @property {number|Long|null} [size] DirectoryNode size
                 */

                /**
                 * Constructs a new DirectoryNode.
                 * @memberof tvix.castore.v1
                 * @classdesc Represents a DirectoryNode.
                 * @implements IDirectoryNode
                 * @constructor
                 * @param {tvix.castore.v1.IDirectoryNode=} [properties] Properties to set
                 */
                function DirectoryNode(properties) {
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                /**
                 * DirectoryNode name.
                 * @member {Uint8Array} name
                 * @memberof tvix.castore.v1.DirectoryNode
                 * @instance
                 */
                DirectoryNode.prototype.name = $util.newBuffer([]);

                /**
                 * DirectoryNode digest.
                 * @member {Uint8Array} digest
                 * @memberof tvix.castore.v1.DirectoryNode
                 * @instance
                 */
                DirectoryNode.prototype.digest = $util.newBuffer([]);

                /**
                 * DirectoryNode size.
                 * @member {number|Long} size
                 * @memberof tvix.castore.v1.DirectoryNode
                 * @instance
                 */
                DirectoryNode.prototype.size = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

                /**
                 * Creates a new DirectoryNode instance using the specified properties.
                 * @function create
                 * @memberof tvix.castore.v1.DirectoryNode
                 * @static
                 * @param {tvix.castore.v1.IDirectoryNode=} [properties] Properties to set
                 * @returns {tvix.castore.v1.DirectoryNode} DirectoryNode instance
                 */
                DirectoryNode.create = function create(properties) {
                    return new DirectoryNode(properties);
                };

                /**
                 * Encodes the specified DirectoryNode message. Does not implicitly {@link tvix.castore.v1.DirectoryNode.verify|verify} messages.
                 * @function encode
                 * @memberof tvix.castore.v1.DirectoryNode
                 * @static
                 * @param {tvix.castore.v1.IDirectoryNode} message DirectoryNode message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                DirectoryNode.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    if (message.name != null && Object.hasOwnProperty.call(message, "name"))
                        writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.name);
                    if (message.digest != null && Object.hasOwnProperty.call(message, "digest"))
                        writer.uint32(/* id 2, wireType 2 =*/18).bytes(message.digest);
                    if (message.size != null && Object.hasOwnProperty.call(message, "size"))
                        writer.uint32(/* id 3, wireType 0 =*/24).uint64(message.size);
                    return writer;
                };

                /**
                 * Decodes a DirectoryNode message from the specified reader or buffer.
                 * @function decode
                 * @memberof tvix.castore.v1.DirectoryNode
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {tvix.castore.v1.DirectoryNode} DirectoryNode
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                DirectoryNode.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.tvix.castore.v1.DirectoryNode();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        case 1: {
                                message.name = reader.bytes();
                                break;
                            }
                        case 2: {
                                message.digest = reader.bytes();
                                break;
                            }
                        case 3: {
                                message.size = reader.uint64();
                                break;
                            }
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                /**
                 * Gets the default type url for DirectoryNode
                 * @function getTypeUrl
                 * @memberof tvix.castore.v1.DirectoryNode
                 * @static
                 * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
                 * @returns {string} The default type url
                 */
                DirectoryNode.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                    if (typeUrlPrefix === undefined) {
                        typeUrlPrefix = "type.googleapis.com";
                    }
                    return typeUrlPrefix + "/tvix.castore.v1.DirectoryNode";
                };

                return DirectoryNode;
            })();

            v1.FileNode = (function() {

                /**
                 * Properties of a FileNode.
                 * @memberof tvix.castore.v1
                 * @interface IFileNode
                 * @property {Uint8Array|null} [name] FileNode name
                 * @property {Uint8Array|null} [digest] FileNode digest
                 * @property {number|Long|null} [size] FileNode size
                 * @property {boolean|null} [executable] FileNode executable
                 */

                /**
                 * Constructs a new FileNode.
                 * @memberof tvix.castore.v1
                 * @classdesc Represents a FileNode.
                 * @implements IFileNode
                 * @constructor
                 * @param {tvix.castore.v1.IFileNode=} [properties] Properties to set
                 */
                function FileNode(properties) {
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                /**
                 * FileNode name.
                 * @member {Uint8Array} name
                 * @memberof tvix.castore.v1.FileNode
                 * @instance
                 */
                FileNode.prototype.name = $util.newBuffer([]);

                /**
                 * FileNode digest.
                 * @member {Uint8Array} digest
                 * @memberof tvix.castore.v1.FileNode
                 * @instance
                 */
                FileNode.prototype.digest = $util.newBuffer([]);

                /**
                 * FileNode size.
                 * @member {number|Long} size
                 * @memberof tvix.castore.v1.FileNode
                 * @instance
                 */
                FileNode.prototype.size = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

                /**
                 * FileNode executable.
                 * @member {boolean} executable
                 * @memberof tvix.castore.v1.FileNode
                 * @instance
                 */
                FileNode.prototype.executable = false;

                /**
                 * Creates a new FileNode instance using the specified properties.
                 * @function create
                 * @memberof tvix.castore.v1.FileNode
                 * @static
                 * @param {tvix.castore.v1.IFileNode=} [properties] Properties to set
                 * @returns {tvix.castore.v1.FileNode} FileNode instance
                 */
                FileNode.create = function create(properties) {
                    return new FileNode(properties);
                };

                /**
                 * Encodes the specified FileNode message. Does not implicitly {@link tvix.castore.v1.FileNode.verify|verify} messages.
                 * @function encode
                 * @memberof tvix.castore.v1.FileNode
                 * @static
                 * @param {tvix.castore.v1.IFileNode} message FileNode message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                FileNode.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    if (message.name != null && Object.hasOwnProperty.call(message, "name"))
                        writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.name);
                    if (message.digest != null && Object.hasOwnProperty.call(message, "digest"))
                        writer.uint32(/* id 2, wireType 2 =*/18).bytes(message.digest);
                    if (message.size != null && Object.hasOwnProperty.call(message, "size"))
                        writer.uint32(/* id 3, wireType 0 =*/24).uint64(message.size);
                    if (message.executable != null && Object.hasOwnProperty.call(message, "executable"))
                        writer.uint32(/* id 4, wireType 0 =*/32).bool(message.executable);
                    return writer;
                };

                /**
                 * Decodes a FileNode message from the specified reader or buffer.
                 * @function decode
                 * @memberof tvix.castore.v1.FileNode
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {tvix.castore.v1.FileNode} FileNode
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                FileNode.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.tvix.castore.v1.FileNode();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        case 1: {
                                message.name = reader.bytes();
                                break;
                            }
                        case 2: {
                                message.digest = reader.bytes();
                                break;
                            }
                        case 3: {
                                message.size = reader.uint64();
                                break;
                            }
                        case 4: {
                                message.executable = reader.bool();
                                break;
                            }
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                /**
                 * Gets the default type url for FileNode
                 * @function getTypeUrl
                 * @memberof tvix.castore.v1.FileNode
                 * @static
                 * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
                 * @returns {string} The default type url
                 */
                FileNode.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                    if (typeUrlPrefix === undefined) {
                        typeUrlPrefix = "type.googleapis.com";
                    }
                    return typeUrlPrefix + "/tvix.castore.v1.FileNode";
                };

                return FileNode;
            })();

            v1.SymlinkNode = (function() {

                /**
                 * Properties of a SymlinkNode.
                 * @memberof tvix.castore.v1
                 * @interface ISymlinkNode
                 * @property {Uint8Array|null} [name] SymlinkNode name
                 * @property {Uint8Array|null} [target] SymlinkNode target
                 */

                /**
                 * Constructs a new SymlinkNode.
                 * @memberof tvix.castore.v1
                 * @classdesc Represents a SymlinkNode.
                 * @implements ISymlinkNode
                 * @constructor
                 * @param {tvix.castore.v1.ISymlinkNode=} [properties] Properties to set
                 */
                function SymlinkNode(properties) {
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                /**
                 * SymlinkNode name.
                 * @member {Uint8Array} name
                 * @memberof tvix.castore.v1.SymlinkNode
                 * @instance
                 */
                SymlinkNode.prototype.name = $util.newBuffer([]);

                /**
                 * SymlinkNode target.
                 * @member {Uint8Array} target
                 * @memberof tvix.castore.v1.SymlinkNode
                 * @instance
                 */
                SymlinkNode.prototype.target = $util.newBuffer([]);

                /**
                 * Creates a new SymlinkNode instance using the specified properties.
                 * @function create
                 * @memberof tvix.castore.v1.SymlinkNode
                 * @static
                 * @param {tvix.castore.v1.ISymlinkNode=} [properties] Properties to set
                 * @returns {tvix.castore.v1.SymlinkNode} SymlinkNode instance
                 */
                SymlinkNode.create = function create(properties) {
                    return new SymlinkNode(properties);
                };

                /**
                 * Encodes the specified SymlinkNode message. Does not implicitly {@link tvix.castore.v1.SymlinkNode.verify|verify} messages.
                 * @function encode
                 * @memberof tvix.castore.v1.SymlinkNode
                 * @static
                 * @param {tvix.castore.v1.ISymlinkNode} message SymlinkNode message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                SymlinkNode.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    if (message.name != null && Object.hasOwnProperty.call(message, "name"))
                        writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.name);
                    if (message.target != null && Object.hasOwnProperty.call(message, "target"))
                        writer.uint32(/* id 2, wireType 2 =*/18).bytes(message.target);
                    return writer;
                };

                /**
                 * Decodes a SymlinkNode message from the specified reader or buffer.
                 * @function decode
                 * @memberof tvix.castore.v1.SymlinkNode
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {tvix.castore.v1.SymlinkNode} SymlinkNode
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                SymlinkNode.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.tvix.castore.v1.SymlinkNode();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        case 1: {
                                message.name = reader.bytes();
                                break;
                            }
                        case 2: {
                                message.target = reader.bytes();
                                break;
                            }
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                /**
                 * Gets the default type url for SymlinkNode
                 * @function getTypeUrl
                 * @memberof tvix.castore.v1.SymlinkNode
                 * @static
                 * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
                 * @returns {string} The default type url
                 */
                SymlinkNode.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                    if (typeUrlPrefix === undefined) {
                        typeUrlPrefix = "type.googleapis.com";
                    }
                    return typeUrlPrefix + "/tvix.castore.v1.SymlinkNode";
                };

                return SymlinkNode;
            })();

            v1.Node = (function() {

                /**
                 * Properties of a Node.
                 * @memberof tvix.castore.v1
                 * @interface INode
                 * @property {tvix.castore.v1.IDirectoryNode|null} [directory] Node directory
                 * @property {tvix.castore.v1.IFileNode|null} [file] Node file
                 * @property {tvix.castore.v1.ISymlinkNode|null} [symlink] Node symlink
                 */

                /**
                 * Constructs a new Node.
                 * @memberof tvix.castore.v1
                 * @classdesc Represents a Node.
                 * @implements INode
                 * @constructor
                 * @param {tvix.castore.v1.INode=} [properties] Properties to set
                 */
                function Node(properties) {
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                /**
                 * Node directory.
                 * @member {tvix.castore.v1.IDirectoryNode|null|undefined} directory
                 * @memberof tvix.castore.v1.Node
                 * @instance
                 */
                Node.prototype.directory = null;

                /**
                 * Node file.
                 * @member {tvix.castore.v1.IFileNode|null|undefined} file
                 * @memberof tvix.castore.v1.Node
                 * @instance
                 */
                Node.prototype.file = null;

                /**
                 * Node symlink.
                 * @member {tvix.castore.v1.ISymlinkNode|null|undefined} symlink
                 * @memberof tvix.castore.v1.Node
                 * @instance
                 */
                Node.prototype.symlink = null;

                // OneOf field names bound to virtual getters and setters
                let $oneOfFields;

                /**
                 * Node node.
                 * @member {"directory"|"file"|"symlink"|undefined} node
                 * @memberof tvix.castore.v1.Node
                 * @instance
                 */
                Object.defineProperty(Node.prototype, "node", {
                    get: $util.oneOfGetter($oneOfFields = ["directory", "file", "symlink"]),
                    set: $util.oneOfSetter($oneOfFields)
                });

                /**
                 * Creates a new Node instance using the specified properties.
                 * @function create
                 * @memberof tvix.castore.v1.Node
                 * @static
                 * @param {tvix.castore.v1.INode=} [properties] Properties to set
                 * @returns {tvix.castore.v1.Node} Node instance
                 */
                Node.create = function create(properties) {
                    return new Node(properties);
                };

                /**
                 * Encodes the specified Node message. Does not implicitly {@link tvix.castore.v1.Node.verify|verify} messages.
                 * @function encode
                 * @memberof tvix.castore.v1.Node
                 * @static
                 * @param {tvix.castore.v1.INode} message Node message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                Node.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    if (message.directory != null && Object.hasOwnProperty.call(message, "directory"))
                        $root.tvix.castore.v1.DirectoryNode.encode(message.directory, writer.uint32(/* id 1, wireType 2 =*/10).fork(), q + 1).ldelim();
                    if (message.file != null && Object.hasOwnProperty.call(message, "file"))
                        $root.tvix.castore.v1.FileNode.encode(message.file, writer.uint32(/* id 2, wireType 2 =*/18).fork(), q + 1).ldelim();
                    if (message.symlink != null && Object.hasOwnProperty.call(message, "symlink"))
                        $root.tvix.castore.v1.SymlinkNode.encode(message.symlink, writer.uint32(/* id 3, wireType 2 =*/26).fork(), q + 1).ldelim();
                    return writer;
                };

                /**
                 * Decodes a Node message from the specified reader or buffer.
                 * @function decode
                 * @memberof tvix.castore.v1.Node
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {tvix.castore.v1.Node} Node
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                Node.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.tvix.castore.v1.Node();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        case 1: {
                                message.directory = $root.tvix.castore.v1.DirectoryNode.decode(reader, reader.uint32(), undefined, long + 1);
                                break;
                            }
                        case 2: {
                                message.file = $root.tvix.castore.v1.FileNode.decode(reader, reader.uint32(), undefined, long + 1);
                                break;
                            }
                        case 3: {
                                message.symlink = $root.tvix.castore.v1.SymlinkNode.decode(reader, reader.uint32(), undefined, long + 1);
                                break;
                            }
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                /**
                 * Gets the default type url for Node
                 * @function getTypeUrl
                 * @memberof tvix.castore.v1.Node
                 * @static
                 * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
                 * @returns {string} The default type url
                 */
                Node.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                    if (typeUrlPrefix === undefined) {
                        typeUrlPrefix = "type.googleapis.com";
                    }
                    return typeUrlPrefix + "/tvix.castore.v1.Node";
                };

                return Node;
            })();

            v1.StatBlobRequest = (function() {

                /**
                 * Properties of a StatBlobRequest.
                 * @memberof tvix.castore.v1
                 * @interface IStatBlobRequest
                 * @property {Uint8Array|null} [digest] StatBlobRequest digest
                 * @property {boolean|null} [sendChunks] StatBlobRequest sendChunks
                 * @property {boolean|null} [sendBao] StatBlobRequest sendBao
                 */

                /**
                 * Constructs a new StatBlobRequest.
                 * @memberof tvix.castore.v1
                 * @classdesc Represents a StatBlobRequest.
                 * @implements IStatBlobRequest
                 * @constructor
                 * @param {tvix.castore.v1.IStatBlobRequest=} [properties] Properties to set
                 */
                function StatBlobRequest(properties) {
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                /**
                 * StatBlobRequest digest.
                 * @member {Uint8Array} digest
                 * @memberof tvix.castore.v1.StatBlobRequest
                 * @instance
                 */
                StatBlobRequest.prototype.digest = $util.newBuffer([]);

                /**
                 * StatBlobRequest sendChunks.
                 * @member {boolean} sendChunks
                 * @memberof tvix.castore.v1.StatBlobRequest
                 * @instance
                 */
                StatBlobRequest.prototype.sendChunks = false;

                /**
                 * StatBlobRequest sendBao.
                 * @member {boolean} sendBao
                 * @memberof tvix.castore.v1.StatBlobRequest
                 * @instance
                 */
                StatBlobRequest.prototype.sendBao = false;

                /**
                 * Creates a new StatBlobRequest instance using the specified properties.
                 * @function create
                 * @memberof tvix.castore.v1.StatBlobRequest
                 * @static
                 * @param {tvix.castore.v1.IStatBlobRequest=} [properties] Properties to set
                 * @returns {tvix.castore.v1.StatBlobRequest} StatBlobRequest instance
                 */
                StatBlobRequest.create = function create(properties) {
                    return new StatBlobRequest(properties);
                };

                /**
                 * Encodes the specified StatBlobRequest message. Does not implicitly {@link tvix.castore.v1.StatBlobRequest.verify|verify} messages.
                 * @function encode
                 * @memberof tvix.castore.v1.StatBlobRequest
                 * @static
                 * @param {tvix.castore.v1.IStatBlobRequest} message StatBlobRequest message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                StatBlobRequest.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    if (message.digest != null && Object.hasOwnProperty.call(message, "digest"))
                        writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.digest);
                    if (message.sendChunks != null && Object.hasOwnProperty.call(message, "sendChunks"))
                        writer.uint32(/* id 2, wireType 0 =*/16).bool(message.sendChunks);
                    if (message.sendBao != null && Object.hasOwnProperty.call(message, "sendBao"))
                        writer.uint32(/* id 3, wireType 0 =*/24).bool(message.sendBao);
                    return writer;
                };

                /**
                 * Decodes a StatBlobRequest message from the specified reader or buffer.
                 * @function decode
                 * @memberof tvix.castore.v1.StatBlobRequest
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {tvix.castore.v1.StatBlobRequest} StatBlobRequest
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                StatBlobRequest.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.tvix.castore.v1.StatBlobRequest();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        case 1: {
                                message.digest = reader.bytes();
                                break;
                            }
                        case 2: {
                                message.sendChunks = reader.bool();
                                break;
                            }
                        case 3: {
                                message.sendBao = reader.bool();
                                break;
                            }
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                /**
                 * Gets the default type url for StatBlobRequest
                 * @function getTypeUrl
                 * @memberof tvix.castore.v1.StatBlobRequest
                 * @static
                 * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
                 * @returns {string} The default type url
                 */
                StatBlobRequest.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                    if (typeUrlPrefix === undefined) {
                        typeUrlPrefix = "type.googleapis.com";
                    }
                    return typeUrlPrefix + "/tvix.castore.v1.StatBlobRequest";
                };

                return StatBlobRequest;
            })();

            v1.StatBlobResponse = (function() {

                /**
                 * Properties of a StatBlobResponse.
                 * @memberof tvix.castore.v1
                 * @interface IStatBlobResponse
                 * @property {Array.<tvix.castore.v1.StatBlobResponse.IChunkMeta>|null} [chunks] StatBlobResponse chunks
                 * @property {Uint8Array|null} [bao] StatBlobResponse bao
                 */

                /**
                 * Constructs a new StatBlobResponse.
                 * @memberof tvix.castore.v1
                 * @classdesc Represents a StatBlobResponse.
                 * @implements IStatBlobResponse
                 * @constructor
                 * @param {tvix.castore.v1.IStatBlobResponse=} [properties] Properties to set
                 */
                function StatBlobResponse(properties) {
                    this.chunks = [];
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                /**
                 * StatBlobResponse chunks.
                 * @member {Array.<tvix.castore.v1.StatBlobResponse.IChunkMeta>} chunks
                 * @memberof tvix.castore.v1.StatBlobResponse
                 * @instance
                 */
                StatBlobResponse.prototype.chunks = $util.emptyArray;

                /**
                 * StatBlobResponse bao.
                 * @member {Uint8Array} bao
                 * @memberof tvix.castore.v1.StatBlobResponse
                 * @instance
                 */
                StatBlobResponse.prototype.bao = $util.newBuffer([]);

                /**
                 * Creates a new StatBlobResponse instance using the specified properties.
                 * @function create
                 * @memberof tvix.castore.v1.StatBlobResponse
                 * @static
                 * @param {tvix.castore.v1.IStatBlobResponse=} [properties] Properties to set
                 * @returns {tvix.castore.v1.StatBlobResponse} StatBlobResponse instance
                 */
                StatBlobResponse.create = function create(properties) {
                    return new StatBlobResponse(properties);
                };

                /**
                 * Encodes the specified StatBlobResponse message. Does not implicitly {@link tvix.castore.v1.StatBlobResponse.verify|verify} messages.
                 * @function encode
                 * @memberof tvix.castore.v1.StatBlobResponse
                 * @static
                 * @param {tvix.castore.v1.IStatBlobResponse} message StatBlobResponse message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                StatBlobResponse.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    if (message.chunks != null && message.chunks.length)
                        for (let i = 0; i < message.chunks.length; ++i)
                            $root.tvix.castore.v1.StatBlobResponse.ChunkMeta.encode(message.chunks[i], writer.uint32(/* id 2, wireType 2 =*/18).fork(), q + 1).ldelim();
                    if (message.bao != null && Object.hasOwnProperty.call(message, "bao"))
                        writer.uint32(/* id 3, wireType 2 =*/26).bytes(message.bao);
                    return writer;
                };

                /**
                 * Decodes a StatBlobResponse message from the specified reader or buffer.
                 * @function decode
                 * @memberof tvix.castore.v1.StatBlobResponse
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {tvix.castore.v1.StatBlobResponse} StatBlobResponse
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                StatBlobResponse.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.tvix.castore.v1.StatBlobResponse();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        case 2: {
                                if (!(message.chunks && message.chunks.length))
                                    message.chunks = [];
                                message.chunks.push($root.tvix.castore.v1.StatBlobResponse.ChunkMeta.decode(reader, reader.uint32(), undefined, long + 1));
                                break;
                            }
                        case 3: {
                                message.bao = reader.bytes();
                                break;
                            }
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                /**
                 * Gets the default type url for StatBlobResponse
                 * @function getTypeUrl
                 * @memberof tvix.castore.v1.StatBlobResponse
                 * @static
                 * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
                 * @returns {string} The default type url
                 */
                StatBlobResponse.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                    if (typeUrlPrefix === undefined) {
                        typeUrlPrefix = "type.googleapis.com";
                    }
                    return typeUrlPrefix + "/tvix.castore.v1.StatBlobResponse";
                };

                StatBlobResponse.ChunkMeta = (function() {

                    /**
                     * Properties of a ChunkMeta.
                     * @memberof tvix.castore.v1.StatBlobResponse
                     * @interface IChunkMeta
                     * @property {Uint8Array|null} [digest] ChunkMeta digest
                     * @property {number|Long|null} [size] ChunkMeta size
                     */

                    /**
                     * Constructs a new ChunkMeta.
                     * @memberof tvix.castore.v1.StatBlobResponse
                     * @classdesc Represents a ChunkMeta.
                     * @implements IChunkMeta
                     * @constructor
                     * @param {tvix.castore.v1.StatBlobResponse.IChunkMeta=} [properties] Properties to set
                     */
                    function ChunkMeta(properties) {
                        if (properties)
                            for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                                if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                    this[keys[i]] = properties[keys[i]];
                    }

                    /**
                     * ChunkMeta digest.
                     * @member {Uint8Array} digest
                     * @memberof tvix.castore.v1.StatBlobResponse.ChunkMeta
                     * @instance
                     */
                    ChunkMeta.prototype.digest = $util.newBuffer([]);

                    /**
                     * ChunkMeta size.
                     * @member {number|Long} size
                     * @memberof tvix.castore.v1.StatBlobResponse.ChunkMeta
                     * @instance
                     */
                    ChunkMeta.prototype.size = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

                    /**
                     * Creates a new ChunkMeta instance using the specified properties.
                     * @function create
                     * @memberof tvix.castore.v1.StatBlobResponse.ChunkMeta
                     * @static
                     * @param {tvix.castore.v1.StatBlobResponse.IChunkMeta=} [properties] Properties to set
                     * @returns {tvix.castore.v1.StatBlobResponse.ChunkMeta} ChunkMeta instance
                     */
                    ChunkMeta.create = function create(properties) {
                        return new ChunkMeta(properties);
                    };

                    /**
                     * Encodes the specified ChunkMeta message. Does not implicitly {@link tvix.castore.v1.StatBlobResponse.ChunkMeta.verify|verify} messages.
                     * @function encode
                     * @memberof tvix.castore.v1.StatBlobResponse.ChunkMeta
                     * @static
                     * @param {tvix.castore.v1.StatBlobResponse.IChunkMeta} message ChunkMeta message or plain object to encode
                     * @param {$protobuf.Writer} [writer] Writer to encode to
                     * @returns {$protobuf.Writer} Writer
                     */
                    ChunkMeta.encode = function encode(message, writer, q) {
                        if (!writer)
                            writer = $Writer.create();
                        if (q === undefined)
                            q = 0;
                        if (q > $util.recursionLimit)
                            throw Error("max depth exceeded");
                        if (message.digest != null && Object.hasOwnProperty.call(message, "digest"))
                            writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.digest);
                        if (message.size != null && Object.hasOwnProperty.call(message, "size"))
                            writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.size);
                        return writer;
                    };

                    /**
                     * Decodes a ChunkMeta message from the specified reader or buffer.
                     * @function decode
                     * @memberof tvix.castore.v1.StatBlobResponse.ChunkMeta
                     * @static
                     * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                     * @param {number} [length] Message length if known beforehand
                     * @returns {tvix.castore.v1.StatBlobResponse.ChunkMeta} ChunkMeta
                     * @throws {Error} If the payload is not a reader or valid buffer
                     * @throws {$protobuf.util.ProtocolError} If required fields are missing
                     */
                    ChunkMeta.decode = function decode(reader, length, error, long) {
                        if (!(reader instanceof $Reader))
                            reader = $Reader.create(reader);
                        if (long === undefined)
                            long = 0;
                        if (long > $Reader.recursionLimit)
                            throw Error("maximum nesting depth exceeded");
                        let end, message;
                        if (length === undefined)
                            end = reader.len;
                        else {
                            end = reader.pos + length;
                            if (end > reader.len)
                                throw RangeError("index out of range");
                            length = reader.len;
                            reader.len = end;
                        }
                        message = new $root.tvix.castore.v1.StatBlobResponse.ChunkMeta();
                        while (reader.pos < end) {
                            let tag = reader.uint32();
                            if (tag === error)
                                break;
                            switch (tag >>> 3) {
                            case 1: {
                                    message.digest = reader.bytes();
                                    break;
                                }
                            case 2: {
                                    message.size = reader.uint64();
                                    break;
                                }
                            default:
                                reader.skipType(tag & 7, long);
                                break;
                            }
                        }
                        if (length !== undefined) {
                            if (reader.pos !== end)
                                throw RangeError("index out of range");
                            reader.len = length;
                        }
                        return message;
                    };

                    /**
                     * Gets the default type url for ChunkMeta
                     * @function getTypeUrl
                     * @memberof tvix.castore.v1.StatBlobResponse.ChunkMeta
                     * @static
                     * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
                     * @returns {string} The default type url
                     */
                    ChunkMeta.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                        if (typeUrlPrefix === undefined) {
                            typeUrlPrefix = "type.googleapis.com";
                        }
                        return typeUrlPrefix + "/tvix.castore.v1.StatBlobResponse.ChunkMeta";
                    };

                    return ChunkMeta;
                })();

                return StatBlobResponse;
            })();

            v1.ReadBlobRequest = (function() {

                /**
                 * Properties of a ReadBlobRequest.
                 * @memberof tvix.castore.v1
                 * @interface IReadBlobRequest
                 * @property {Uint8Array|null} [digest] ReadBlobRequest digest
                 */

                /**
                 * Constructs a new ReadBlobRequest.
                 * @memberof tvix.castore.v1
                 * @classdesc Represents a ReadBlobRequest.
                 * @implements IReadBlobRequest
                 * @constructor
                 * @param {tvix.castore.v1.IReadBlobRequest=} [properties] Properties to set
                 */
                function ReadBlobRequest(properties) {
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                /**
                 * ReadBlobRequest digest.
                 * @member {Uint8Array} digest
                 * @memberof tvix.castore.v1.ReadBlobRequest
                 * @instance
                 */
                ReadBlobRequest.prototype.digest = $util.newBuffer([]);

                /**
                 * Creates a new ReadBlobRequest instance using the specified properties.
                 * @function create
                 * @memberof tvix.castore.v1.ReadBlobRequest
                 * @static
                 * @param {tvix.castore.v1.IReadBlobRequest=} [properties] Properties to set
                 * @returns {tvix.castore.v1.ReadBlobRequest} ReadBlobRequest instance
                 */
                ReadBlobRequest.create = function create(properties) {
                    return new ReadBlobRequest(properties);
                };

                /**
                 * Encodes the specified ReadBlobRequest message. Does not implicitly {@link tvix.castore.v1.ReadBlobRequest.verify|verify} messages.
                 * @function encode
                 * @memberof tvix.castore.v1.ReadBlobRequest
                 * @static
                 * @param {tvix.castore.v1.IReadBlobRequest} message ReadBlobRequest message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                ReadBlobRequest.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    if (message.digest != null && Object.hasOwnProperty.call(message, "digest"))
                        writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.digest);
                    return writer;
                };

                /**
                 * Decodes a ReadBlobRequest message from the specified reader or buffer.
                 * @function decode
                 * @memberof tvix.castore.v1.ReadBlobRequest
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {tvix.castore.v1.ReadBlobRequest} ReadBlobRequest
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                ReadBlobRequest.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.tvix.castore.v1.ReadBlobRequest();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        case 1: {
                                message.digest = reader.bytes();
                                break;
                            }
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                /**
                 * Gets the default type url for ReadBlobRequest
                 * @function getTypeUrl
                 * @memberof tvix.castore.v1.ReadBlobRequest
                 * @static
                 * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
                 * @returns {string} The default type url
                 */
                ReadBlobRequest.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                    if (typeUrlPrefix === undefined) {
                        typeUrlPrefix = "type.googleapis.com";
                    }
                    return typeUrlPrefix + "/tvix.castore.v1.ReadBlobRequest";
                };

                return ReadBlobRequest;
            })();

            v1.BlobChunk = (function() {

                /**
                 * Properties of a BlobChunk.
                 * @memberof tvix.castore.v1
                 * @interface IBlobChunk
                 * @property {Uint8Array|null} [data] BlobChunk data
                 */

                /**
                 * Constructs a new BlobChunk.
                 * @memberof tvix.castore.v1
                 * @classdesc Represents a BlobChunk.
                 * @implements IBlobChunk
                 * @constructor
                 * @param {tvix.castore.v1.IBlobChunk=} [properties] Properties to set
                 */
                function BlobChunk(properties) {
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                /**
                 * BlobChunk data.
                 * @member {Uint8Array} data
                 * @memberof tvix.castore.v1.BlobChunk
                 * @instance
                 */
                BlobChunk.prototype.data = $util.newBuffer([]);

                /**
                 * Creates a new BlobChunk instance using the specified properties.
                 * @function create
                 * @memberof tvix.castore.v1.BlobChunk
                 * @static
                 * @param {tvix.castore.v1.IBlobChunk=} [properties] Properties to set
                 * @returns {tvix.castore.v1.BlobChunk} BlobChunk instance
                 */
                BlobChunk.create = function create(properties) {
                    return new BlobChunk(properties);
                };

                /**
                 * Encodes the specified BlobChunk message. Does not implicitly {@link tvix.castore.v1.BlobChunk.verify|verify} messages.
                 * @function encode
                 * @memberof tvix.castore.v1.BlobChunk
                 * @static
                 * @param {tvix.castore.v1.IBlobChunk} message BlobChunk message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                BlobChunk.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    if (message.data != null && Object.hasOwnProperty.call(message, "data"))
                        writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.data);
                    return writer;
                };

                /**
                 * Decodes a BlobChunk message from the specified reader or buffer.
                 * @function decode
                 * @memberof tvix.castore.v1.BlobChunk
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {tvix.castore.v1.BlobChunk} BlobChunk
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                BlobChunk.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.tvix.castore.v1.BlobChunk();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        case 1: {
                                message.data = reader.bytes();
                                break;
                            }
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                /**
                 * Gets the default type url for BlobChunk
                 * @function getTypeUrl
                 * @memberof tvix.castore.v1.BlobChunk
                 * @static
                 * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
                 * @returns {string} The default type url
                 */
                BlobChunk.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                    if (typeUrlPrefix === undefined) {
                        typeUrlPrefix = "type.googleapis.com";
                    }
                    return typeUrlPrefix + "/tvix.castore.v1.BlobChunk";
                };

                return BlobChunk;
            })();

            v1.PutBlobResponse = (function() {

                /**
                 * Properties of a PutBlobResponse.
                 * @memberof tvix.castore.v1
                 * @interface IPutBlobResponse
                 * @property {Uint8Array|null} [digest] PutBlobResponse digest
                 */

                /**
                 * Constructs a new PutBlobResponse.
                 * @memberof tvix.castore.v1
                 * @classdesc Represents a PutBlobResponse.
                 * @implements IPutBlobResponse
                 * @constructor
                 * @param {tvix.castore.v1.IPutBlobResponse=} [properties] Properties to set
                 */
                function PutBlobResponse(properties) {
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                /**
                 * PutBlobResponse digest.
                 * @member {Uint8Array} digest
                 * @memberof tvix.castore.v1.PutBlobResponse
                 * @instance
                 */
                PutBlobResponse.prototype.digest = $util.newBuffer([]);

                /**
                 * Creates a new PutBlobResponse instance using the specified properties.
                 * @function create
                 * @memberof tvix.castore.v1.PutBlobResponse
                 * @static
                 * @param {tvix.castore.v1.IPutBlobResponse=} [properties] Properties to set
                 * @returns {tvix.castore.v1.PutBlobResponse} PutBlobResponse instance
                 */
                PutBlobResponse.create = function create(properties) {
                    return new PutBlobResponse(properties);
                };

                /**
                 * Encodes the specified PutBlobResponse message. Does not implicitly {@link tvix.castore.v1.PutBlobResponse.verify|verify} messages.
                 * @function encode
                 * @memberof tvix.castore.v1.PutBlobResponse
                 * @static
                 * @param {tvix.castore.v1.IPutBlobResponse} message PutBlobResponse message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                PutBlobResponse.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    if (message.digest != null && Object.hasOwnProperty.call(message, "digest"))
                        writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.digest);
                    return writer;
                };

                /**
                 * Decodes a PutBlobResponse message from the specified reader or buffer.
                 * @function decode
                 * @memberof tvix.castore.v1.PutBlobResponse
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {tvix.castore.v1.PutBlobResponse} PutBlobResponse
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                PutBlobResponse.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.tvix.castore.v1.PutBlobResponse();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        case 1: {
                                message.digest = reader.bytes();
                                break;
                            }
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                /**
                 * Gets the default type url for PutBlobResponse
                 * @function getTypeUrl
                 * @memberof tvix.castore.v1.PutBlobResponse
                 * @static
                 * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
                 * @returns {string} The default type url
                 */
                PutBlobResponse.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                    if (typeUrlPrefix === undefined) {
                        typeUrlPrefix = "type.googleapis.com";
                    }
                    return typeUrlPrefix + "/tvix.castore.v1.PutBlobResponse";
                };

                return PutBlobResponse;
            })();

            v1.GetDirectoryRequest = (function() {

                /**
                 * Properties of a GetDirectoryRequest.
                 * @memberof tvix.castore.v1
                 * @interface IGetDirectoryRequest
                 * @property {Uint8Array|null} [digest] GetDirectoryRequest digest
                 * @property {boolean|null} [recursive] GetDirectoryRequest recursive
                 */

                /**
                 * Constructs a new GetDirectoryRequest.
                 * @memberof tvix.castore.v1
                 * @classdesc Represents a GetDirectoryRequest.
                 * @implements IGetDirectoryRequest
                 * @constructor
                 * @param {tvix.castore.v1.IGetDirectoryRequest=} [properties] Properties to set
                 */
                function GetDirectoryRequest(properties) {
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                /**
                 * GetDirectoryRequest digest.
                 * @member {Uint8Array|null|undefined} digest
                 * @memberof tvix.castore.v1.GetDirectoryRequest
                 * @instance
                 */
                GetDirectoryRequest.prototype.digest = null;

                /**
                 * GetDirectoryRequest recursive.
                 * @member {boolean} recursive
                 * @memberof tvix.castore.v1.GetDirectoryRequest
                 * @instance
                 */
                GetDirectoryRequest.prototype.recursive = false;

                // OneOf field names bound to virtual getters and setters
                let $oneOfFields;

                /**
                 * GetDirectoryRequest byWhat.
                 * @member {"digest"|undefined} byWhat
                 * @memberof tvix.castore.v1.GetDirectoryRequest
                 * @instance
                 */
                Object.defineProperty(GetDirectoryRequest.prototype, "byWhat", {
                    get: $util.oneOfGetter($oneOfFields = ["digest"]),
                    set: $util.oneOfSetter($oneOfFields)
                });

                /**
                 * Creates a new GetDirectoryRequest instance using the specified properties.
                 * @function create
                 * @memberof tvix.castore.v1.GetDirectoryRequest
                 * @static
                 * @param {tvix.castore.v1.IGetDirectoryRequest=} [properties] Properties to set
                 * @returns {tvix.castore.v1.GetDirectoryRequest} GetDirectoryRequest instance
                 */
                GetDirectoryRequest.create = function create(properties) {
                    return new GetDirectoryRequest(properties);
                };

                /**
                 * Encodes the specified GetDirectoryRequest message. Does not implicitly {@link tvix.castore.v1.GetDirectoryRequest.verify|verify} messages.
                 * @function encode
                 * @memberof tvix.castore.v1.GetDirectoryRequest
                 * @static
                 * @param {tvix.castore.v1.IGetDirectoryRequest} message GetDirectoryRequest message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                GetDirectoryRequest.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    if (message.digest != null && Object.hasOwnProperty.call(message, "digest"))
                        writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.digest);
                    if (message.recursive != null && Object.hasOwnProperty.call(message, "recursive"))
                        writer.uint32(/* id 2, wireType 0 =*/16).bool(message.recursive);
                    return writer;
                };

                /**
                 * Decodes a GetDirectoryRequest message from the specified reader or buffer.
                 * @function decode
                 * @memberof tvix.castore.v1.GetDirectoryRequest
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {tvix.castore.v1.GetDirectoryRequest} GetDirectoryRequest
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                GetDirectoryRequest.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.tvix.castore.v1.GetDirectoryRequest();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        case 1: {
                                message.digest = reader.bytes();
                                break;
                            }
                        case 2: {
                                message.recursive = reader.bool();
                                break;
                            }
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                /**
                 * Gets the default type url for GetDirectoryRequest
                 * @function getTypeUrl
                 * @memberof tvix.castore.v1.GetDirectoryRequest
                 * @static
                 * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
                 * @returns {string} The default type url
                 */
                GetDirectoryRequest.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                    if (typeUrlPrefix === undefined) {
                        typeUrlPrefix = "type.googleapis.com";
                    }
                    return typeUrlPrefix + "/tvix.castore.v1.GetDirectoryRequest";
                };

                return GetDirectoryRequest;
            })();

            v1.PutDirectoryResponse = (function() {

                /**
                 * Properties of a PutDirectoryResponse.
                 * @memberof tvix.castore.v1
                 * @interface IPutDirectoryResponse
                 * @property {Uint8Array|null} [rootDigest] PutDirectoryResponse rootDigest
                 */

                /**
                 * Constructs a new PutDirectoryResponse.
                 * @memberof tvix.castore.v1
                 * @classdesc Represents a PutDirectoryResponse.
                 * @implements IPutDirectoryResponse
                 * @constructor
                 * @param {tvix.castore.v1.IPutDirectoryResponse=} [properties] Properties to set
                 */
                function PutDirectoryResponse(properties) {
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                /**
                 * PutDirectoryResponse rootDigest.
                 * @member {Uint8Array} rootDigest
                 * @memberof tvix.castore.v1.PutDirectoryResponse
                 * @instance
                 */
                PutDirectoryResponse.prototype.rootDigest = $util.newBuffer([]);

                /**
                 * Creates a new PutDirectoryResponse instance using the specified properties.
                 * @function create
                 * @memberof tvix.castore.v1.PutDirectoryResponse
                 * @static
                 * @param {tvix.castore.v1.IPutDirectoryResponse=} [properties] Properties to set
                 * @returns {tvix.castore.v1.PutDirectoryResponse} PutDirectoryResponse instance
                 */
                PutDirectoryResponse.create = function create(properties) {
                    return new PutDirectoryResponse(properties);
                };

                /**
                 * Encodes the specified PutDirectoryResponse message. Does not implicitly {@link tvix.castore.v1.PutDirectoryResponse.verify|verify} messages.
                 * @function encode
                 * @memberof tvix.castore.v1.PutDirectoryResponse
                 * @static
                 * @param {tvix.castore.v1.IPutDirectoryResponse} message PutDirectoryResponse message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                PutDirectoryResponse.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    if (message.rootDigest != null && Object.hasOwnProperty.call(message, "rootDigest"))
                        writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.rootDigest);
                    return writer;
                };

                /**
                 * Decodes a PutDirectoryResponse message from the specified reader or buffer.
                 * @function decode
                 * @memberof tvix.castore.v1.PutDirectoryResponse
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {tvix.castore.v1.PutDirectoryResponse} PutDirectoryResponse
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                PutDirectoryResponse.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.tvix.castore.v1.PutDirectoryResponse();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        case 1: {
                                message.rootDigest = reader.bytes();
                                break;
                            }
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                /**
                 * Gets the default type url for PutDirectoryResponse
                 * @function getTypeUrl
                 * @memberof tvix.castore.v1.PutDirectoryResponse
                 * @static
                 * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
                 * @returns {string} The default type url
                 */
                PutDirectoryResponse.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                    if (typeUrlPrefix === undefined) {
                        typeUrlPrefix = "type.googleapis.com";
                    }
                    return typeUrlPrefix + "/tvix.castore.v1.PutDirectoryResponse";
                };

                return PutDirectoryResponse;
            })();

            return v1;
        })();

        return castore;
    })();

    tvix.store = (function() {

        /**
         * Namespace store.
         * @memberof tvix
         * @namespace
         */
        const store = {};

        store.v1 = (function() {

            /**
             * Namespace v1.
             * @memberof tvix.store
             * @namespace
             */
            const v1 = {};

            v1.PathInfo = (function() {

                /**
                 * Properties of a PathInfo.
                 * @memberof tvix.store.v1
                 * @interface IPathInfo
                 * @property {tvix.castore.v1.INode|null} [node] PathInfo node
                 * @property {Array.<Uint8Array>|null} [references] PathInfo references
                 * @property {tvix.store.v1.INARInfo|null} [narinfo] PathInfo narinfo
                 */

                /**
                 * Constructs a new PathInfo.
                 * @memberof tvix.store.v1
                 * @classdesc Represents a PathInfo.
                 * @implements IPathInfo
                 * @constructor
                 * @param {tvix.store.v1.IPathInfo=} [properties] Properties to set
                 */
                function PathInfo(properties) {
                    this.references = [];
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                /**
                 * PathInfo node.
                 * @member {tvix.castore.v1.INode|null|undefined} node
                 * @memberof tvix.store.v1.PathInfo
                 * @instance
                 */
                PathInfo.prototype.node = null;

                /**
                 * PathInfo references.
                 * @member {Array.<Uint8Array>} references
                 * @memberof tvix.store.v1.PathInfo
                 * @instance
                 */
                PathInfo.prototype.references = $util.emptyArray;

                /**
                 * PathInfo narinfo.
                 * @member {tvix.store.v1.INARInfo|null|undefined} narinfo
                 * @memberof tvix.store.v1.PathInfo
                 * @instance
                 */
                PathInfo.prototype.narinfo = null;

                /**
                 * Creates a new PathInfo instance using the specified properties.
                 * @function create
                 * @memberof tvix.store.v1.PathInfo
                 * @static
                 * @param {tvix.store.v1.IPathInfo=} [properties] Properties to set
                 * @returns {tvix.store.v1.PathInfo} PathInfo instance
                 */
                PathInfo.create = function create(properties) {
                    return new PathInfo(properties);
                };

                /**
                 * Encodes the specified PathInfo message. Does not implicitly {@link tvix.store.v1.PathInfo.verify|verify} messages.
                 * @function encode
                 * @memberof tvix.store.v1.PathInfo
                 * @static
                 * @param {tvix.store.v1.IPathInfo} message PathInfo message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                PathInfo.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    if (message.node != null && Object.hasOwnProperty.call(message, "node"))
                        $root.tvix.castore.v1.Node.encode(message.node, writer.uint32(/* id 1, wireType 2 =*/10).fork(), q + 1).ldelim();
                    if (message.references != null && message.references.length)
                        for (let i = 0; i < message.references.length; ++i)
                            writer.uint32(/* id 2, wireType 2 =*/18).bytes(message.references[i]);
                    if (message.narinfo != null && Object.hasOwnProperty.call(message, "narinfo"))
                        $root.tvix.store.v1.NARInfo.encode(message.narinfo, writer.uint32(/* id 3, wireType 2 =*/26).fork(), q + 1).ldelim();
                    return writer;
                };

                /**
                 * Decodes a PathInfo message from the specified reader or buffer.
                 * @function decode
                 * @memberof tvix.store.v1.PathInfo
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {tvix.store.v1.PathInfo} PathInfo
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                PathInfo.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.tvix.store.v1.PathInfo();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        case 1: {
                                message.node = $root.tvix.castore.v1.Node.decode(reader, reader.uint32(), undefined, long + 1);
                                break;
                            }
                        case 2: {
                                if (!(message.references && message.references.length))
                                    message.references = [];
                                message.references.push(reader.bytes());
                                break;
                            }
                        case 3: {
                                message.narinfo = $root.tvix.store.v1.NARInfo.decode(reader, reader.uint32(), undefined, long + 1);
                                break;
                            }
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                /**
                 * Gets the default type url for PathInfo
                 * @function getTypeUrl
                 * @memberof tvix.store.v1.PathInfo
                 * @static
                 * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
                 * @returns {string} The default type url
                 */
                PathInfo.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                    if (typeUrlPrefix === undefined) {
                        typeUrlPrefix = "type.googleapis.com";
                    }
                    return typeUrlPrefix + "/tvix.store.v1.PathInfo";
                };

                return PathInfo;
            })();

            v1.StorePath = (function() {

                /**
                 * Properties of a StorePath.
                 * @memberof tvix.store.v1
                 * @interface IStorePath
                 * @property {string|null} [name] StorePath name
                 * @property {Uint8Array|null} [digest] StorePath digest
                 */

                /**
                 * Constructs a new StorePath.
                 * @memberof tvix.store.v1
                 * @classdesc Represents a StorePath.
                 * @implements IStorePath
                 * @constructor
                 * @param {tvix.store.v1.IStorePath=} [properties] Properties to set
                 */
                function StorePath(properties) {
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                /**
                 * StorePath name.
                 * @member {string} name
                 * @memberof tvix.store.v1.StorePath
                 * @instance
                 */
                StorePath.prototype.name = "";

                /**
                 * StorePath digest.
                 * @member {Uint8Array} digest
                 * @memberof tvix.store.v1.StorePath
                 * @instance
                 */
                StorePath.prototype.digest = $util.newBuffer([]);

                /**
                 * Creates a new StorePath instance using the specified properties.
                 * @function create
                 * @memberof tvix.store.v1.StorePath
                 * @static
                 * @param {tvix.store.v1.IStorePath=} [properties] Properties to set
                 * @returns {tvix.store.v1.StorePath} StorePath instance
                 */
                StorePath.create = function create(properties) {
                    return new StorePath(properties);
                };

                /**
                 * Encodes the specified StorePath message. Does not implicitly {@link tvix.store.v1.StorePath.verify|verify} messages.
                 * @function encode
                 * @memberof tvix.store.v1.StorePath
                 * @static
                 * @param {tvix.store.v1.IStorePath} message StorePath message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                StorePath.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    if (message.name != null && Object.hasOwnProperty.call(message, "name"))
                        writer.uint32(/* id 1, wireType 2 =*/10).string(message.name);
                    if (message.digest != null && Object.hasOwnProperty.call(message, "digest"))
                        writer.uint32(/* id 2, wireType 2 =*/18).bytes(message.digest);
                    return writer;
                };

                /**
                 * Decodes a StorePath message from the specified reader or buffer.
                 * @function decode
                 * @memberof tvix.store.v1.StorePath
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {tvix.store.v1.StorePath} StorePath
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                StorePath.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.tvix.store.v1.StorePath();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        case 1: {
                                message.name = reader.string();
                                break;
                            }
                        case 2: {
                                message.digest = reader.bytes();
                                break;
                            }
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                /**
                 * Gets the default type url for StorePath
                 * @function getTypeUrl
                 * @memberof tvix.store.v1.StorePath
                 * @static
                 * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
                 * @returns {string} The default type url
                 */
                StorePath.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                    if (typeUrlPrefix === undefined) {
                        typeUrlPrefix = "type.googleapis.com";
                    }
                    return typeUrlPrefix + "/tvix.store.v1.StorePath";
                };

                return StorePath;
            })();

            v1.NARInfo = (function() {

                /**
                 * Properties of a NARInfo.
                 * @memberof tvix.store.v1
                 * @interface INARInfo
                 * @property {number|Long|null} [narSize] NARInfo narSize
                 * @property {Uint8Array|null} [narSha256] NARInfo narSha256
                 * @property {Array.<tvix.store.v1.NARInfo.ISignature>|null} [signatures] NARInfo signatures
                 * @property {Array.<string>|null} [referenceNames] NARInfo referenceNames
                 * @property {tvix.store.v1.IStorePath|null} [deriver] NARInfo deriver
                 * @property {tvix.store.v1.NARInfo.ICA|null} [ca] NARInfo ca
                 */

                /**
                 * Constructs a new NARInfo.
                 * @memberof tvix.store.v1
                 * @classdesc Represents a NARInfo.
                 * @implements INARInfo
                 * @constructor
                 * @param {tvix.store.v1.INARInfo=} [properties] Properties to set
                 */
                function NARInfo(properties) {
                    this.signatures = [];
                    this.referenceNames = [];
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                /**
                 * NARInfo narSize.
                 * @member {number|Long} narSize
                 * @memberof tvix.store.v1.NARInfo
                 * @instance
                 */
                NARInfo.prototype.narSize = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

                /**
                 * NARInfo narSha256.
                 * @member {Uint8Array} narSha256
                 * @memberof tvix.store.v1.NARInfo
                 * @instance
                 */
                NARInfo.prototype.narSha256 = $util.newBuffer([]);

                /**
                 * NARInfo signatures.
                 * @member {Array.<tvix.store.v1.NARInfo.ISignature>} signatures
                 * @memberof tvix.store.v1.NARInfo
                 * @instance
                 */
                NARInfo.prototype.signatures = $util.emptyArray;

                /**
                 * NARInfo referenceNames.
                 * @member {Array.<string>} referenceNames
                 * @memberof tvix.store.v1.NARInfo
                 * @instance
                 */
                NARInfo.prototype.referenceNames = $util.emptyArray;

                /**
                 * NARInfo deriver.
                 * @member {tvix.store.v1.IStorePath|null|undefined} deriver
                 * @memberof tvix.store.v1.NARInfo
                 * @instance
                 */
                NARInfo.prototype.deriver = null;

                /**
                 * NARInfo ca.
                 * @member {tvix.store.v1.NARInfo.ICA|null|undefined} ca
                 * @memberof tvix.store.v1.NARInfo
                 * @instance
                 */
                NARInfo.prototype.ca = null;

                /**
                 * Creates a new NARInfo instance using the specified properties.
                 * @function create
                 * @memberof tvix.store.v1.NARInfo
                 * @static
                 * @param {tvix.store.v1.INARInfo=} [properties] Properties to set
                 * @returns {tvix.store.v1.NARInfo} NARInfo instance
                 */
                NARInfo.create = function create(properties) {
                    return new NARInfo(properties);
                };

                /**
                 * Encodes the specified NARInfo message. Does not implicitly {@link tvix.store.v1.NARInfo.verify|verify} messages.
                 * @function encode
                 * @memberof tvix.store.v1.NARInfo
                 * @static
                 * @param {tvix.store.v1.INARInfo} message NARInfo message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                NARInfo.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    if (message.narSize != null && Object.hasOwnProperty.call(message, "narSize"))
                        writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.narSize);
                    if (message.narSha256 != null && Object.hasOwnProperty.call(message, "narSha256"))
                        writer.uint32(/* id 2, wireType 2 =*/18).bytes(message.narSha256);
                    if (message.signatures != null && message.signatures.length)
                        for (let i = 0; i < message.signatures.length; ++i)
                            $root.tvix.store.v1.NARInfo.Signature.encode(message.signatures[i], writer.uint32(/* id 3, wireType 2 =*/26).fork(), q + 1).ldelim();
                    if (message.referenceNames != null && message.referenceNames.length)
                        for (let i = 0; i < message.referenceNames.length; ++i)
                            writer.uint32(/* id 4, wireType 2 =*/34).string(message.referenceNames[i]);
                    if (message.deriver != null && Object.hasOwnProperty.call(message, "deriver"))
                        $root.tvix.store.v1.StorePath.encode(message.deriver, writer.uint32(/* id 5, wireType 2 =*/42).fork(), q + 1).ldelim();
                    if (message.ca != null && Object.hasOwnProperty.call(message, "ca"))
                        $root.tvix.store.v1.NARInfo.CA.encode(message.ca, writer.uint32(/* id 6, wireType 2 =*/50).fork(), q + 1).ldelim();
                    return writer;
                };

                /**
                 * Decodes a NARInfo message from the specified reader or buffer.
                 * @function decode
                 * @memberof tvix.store.v1.NARInfo
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {tvix.store.v1.NARInfo} NARInfo
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                NARInfo.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.tvix.store.v1.NARInfo();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        case 1: {
                                message.narSize = reader.uint64();
                                break;
                            }
                        case 2: {
                                message.narSha256 = reader.bytes();
                                break;
                            }
                        case 3: {
                                if (!(message.signatures && message.signatures.length))
                                    message.signatures = [];
                                message.signatures.push($root.tvix.store.v1.NARInfo.Signature.decode(reader, reader.uint32(), undefined, long + 1));
                                break;
                            }
                        case 4: {
                                if (!(message.referenceNames && message.referenceNames.length))
                                    message.referenceNames = [];
                                message.referenceNames.push(reader.string());
                                break;
                            }
                        case 5: {
                                message.deriver = $root.tvix.store.v1.StorePath.decode(reader, reader.uint32(), undefined, long + 1);
                                break;
                            }
                        case 6: {
                                message.ca = $root.tvix.store.v1.NARInfo.CA.decode(reader, reader.uint32(), undefined, long + 1);
                                break;
                            }
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                /**
                 * Gets the default type url for NARInfo
                 * @function getTypeUrl
                 * @memberof tvix.store.v1.NARInfo
                 * @static
                 * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
                 * @returns {string} The default type url
                 */
                NARInfo.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                    if (typeUrlPrefix === undefined) {
                        typeUrlPrefix = "type.googleapis.com";
                    }
                    return typeUrlPrefix + "/tvix.store.v1.NARInfo";
                };

                NARInfo.Signature = (function() {

                    /**
                     * Properties of a Signature.
                     * @memberof tvix.store.v1.NARInfo
                     * @interface ISignature
                     * @property {string|null} [name] Signature name
                     * @property {Uint8Array|null} [data] Signature data
                     */

                    /**
                     * Constructs a new Signature.
                     * @memberof tvix.store.v1.NARInfo
                     * @classdesc Represents a Signature.
                     * @implements ISignature
                     * @constructor
                     * @param {tvix.store.v1.NARInfo.ISignature=} [properties] Properties to set
                     */
                    function Signature(properties) {
                        if (properties)
                            for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                                if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                    this[keys[i]] = properties[keys[i]];
                    }

                    /**
                     * Signature name.
                     * @member {string} name
                     * @memberof tvix.store.v1.NARInfo.Signature
                     * @instance
                     */
                    Signature.prototype.name = "";

                    /**
                     * Signature data.
                     * @member {Uint8Array} data
                     * @memberof tvix.store.v1.NARInfo.Signature
                     * @instance
                     */
                    Signature.prototype.data = $util.newBuffer([]);

                    /**
                     * Creates a new Signature instance using the specified properties.
                     * @function create
                     * @memberof tvix.store.v1.NARInfo.Signature
                     * @static
                     * @param {tvix.store.v1.NARInfo.ISignature=} [properties] Properties to set
                     * @returns {tvix.store.v1.NARInfo.Signature} Signature instance
                     */
                    Signature.create = function create(properties) {
                        return new Signature(properties);
                    };

                    /**
                     * Encodes the specified Signature message. Does not implicitly {@link tvix.store.v1.NARInfo.Signature.verify|verify} messages.
                     * @function encode
                     * @memberof tvix.store.v1.NARInfo.Signature
                     * @static
                     * @param {tvix.store.v1.NARInfo.ISignature} message Signature message or plain object to encode
                     * @param {$protobuf.Writer} [writer] Writer to encode to
                     * @returns {$protobuf.Writer} Writer
                     */
                    Signature.encode = function encode(message, writer, q) {
                        if (!writer)
                            writer = $Writer.create();
                        if (q === undefined)
                            q = 0;
                        if (q > $util.recursionLimit)
                            throw Error("max depth exceeded");
                        if (message.name != null && Object.hasOwnProperty.call(message, "name"))
                            writer.uint32(/* id 1, wireType 2 =*/10).string(message.name);
                        if (message.data != null && Object.hasOwnProperty.call(message, "data"))
                            writer.uint32(/* id 2, wireType 2 =*/18).bytes(message.data);
                        return writer;
                    };

                    /**
                     * Decodes a Signature message from the specified reader or buffer.
                     * @function decode
                     * @memberof tvix.store.v1.NARInfo.Signature
                     * @static
                     * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                     * @param {number} [length] Message length if known beforehand
                     * @returns {tvix.store.v1.NARInfo.Signature} Signature
                     * @throws {Error} If the payload is not a reader or valid buffer
                     * @throws {$protobuf.util.ProtocolError} If required fields are missing
                     */
                    Signature.decode = function decode(reader, length, error, long) {
                        if (!(reader instanceof $Reader))
                            reader = $Reader.create(reader);
                        if (long === undefined)
                            long = 0;
                        if (long > $Reader.recursionLimit)
                            throw Error("maximum nesting depth exceeded");
                        let end, message;
                        if (length === undefined)
                            end = reader.len;
                        else {
                            end = reader.pos + length;
                            if (end > reader.len)
                                throw RangeError("index out of range");
                            length = reader.len;
                            reader.len = end;
                        }
                        message = new $root.tvix.store.v1.NARInfo.Signature();
                        while (reader.pos < end) {
                            let tag = reader.uint32();
                            if (tag === error)
                                break;
                            switch (tag >>> 3) {
                            case 1: {
                                    message.name = reader.string();
                                    break;
                                }
                            case 2: {
                                    message.data = reader.bytes();
                                    break;
                                }
                            default:
                                reader.skipType(tag & 7, long);
                                break;
                            }
                        }
                        if (length !== undefined) {
                            if (reader.pos !== end)
                                throw RangeError("index out of range");
                            reader.len = length;
                        }
                        return message;
                    };

                    /**
                     * Gets the default type url for Signature
                     * @function getTypeUrl
                     * @memberof tvix.store.v1.NARInfo.Signature
                     * @static
                     * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
                     * @returns {string} The default type url
                     */
                    Signature.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                        if (typeUrlPrefix === undefined) {
                            typeUrlPrefix = "type.googleapis.com";
                        }
                        return typeUrlPrefix + "/tvix.store.v1.NARInfo.Signature";
                    };

                    return Signature;
                })();

                NARInfo.CA = (function() {

                    /**
                     * Properties of a CA.
                     * @memberof tvix.store.v1.NARInfo
                     * @interface ICA
                     * @property {tvix.store.v1.NARInfo.CA.Hash|null} [type] CA type
                     * @property {Uint8Array|null} [digest] CA digest
                     */

                    /**
                     * Constructs a new CA.
                     * @memberof tvix.store.v1.NARInfo
                     * @classdesc Represents a CA.
                     * @implements ICA
                     * @constructor
                     * @param {tvix.store.v1.NARInfo.ICA=} [properties] Properties to set
                     */
                    function CA(properties) {
                        if (properties)
                            for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                                if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                    this[keys[i]] = properties[keys[i]];
                    }

                    /**
                     * CA type.
                     * @member {tvix.store.v1.NARInfo.CA.Hash} type
                     * @memberof tvix.store.v1.NARInfo.CA
                     * @instance
                     */
                    CA.prototype.type = 0;

                    /**
                     * CA digest.
                     * @member {Uint8Array} digest
                     * @memberof tvix.store.v1.NARInfo.CA
                     * @instance
                     */
                    CA.prototype.digest = $util.newBuffer([]);

                    /**
                     * Creates a new CA instance using the specified properties.
                     * @function create
                     * @memberof tvix.store.v1.NARInfo.CA
                     * @static
                     * @param {tvix.store.v1.NARInfo.ICA=} [properties] Properties to set
                     * @returns {tvix.store.v1.NARInfo.CA} CA instance
                     */
                    CA.create = function create(properties) {
                        return new CA(properties);
                    };

                    /**
                     * Encodes the specified CA message. Does not implicitly {@link tvix.store.v1.NARInfo.CA.verify|verify} messages.
                     * @function encode
                     * @memberof tvix.store.v1.NARInfo.CA
                     * @static
                     * @param {tvix.store.v1.NARInfo.ICA} message CA message or plain object to encode
                     * @param {$protobuf.Writer} [writer] Writer to encode to
                     * @returns {$protobuf.Writer} Writer
                     */
                    CA.encode = function encode(message, writer, q) {
                        if (!writer)
                            writer = $Writer.create();
                        if (q === undefined)
                            q = 0;
                        if (q > $util.recursionLimit)
                            throw Error("max depth exceeded");
                        if (message.type != null && Object.hasOwnProperty.call(message, "type"))
                            writer.uint32(/* id 1, wireType 0 =*/8).int32(message.type);
                        if (message.digest != null && Object.hasOwnProperty.call(message, "digest"))
                            writer.uint32(/* id 2, wireType 2 =*/18).bytes(message.digest);
                        return writer;
                    };

                    /**
                     * Decodes a CA message from the specified reader or buffer.
                     * @function decode
                     * @memberof tvix.store.v1.NARInfo.CA
                     * @static
                     * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                     * @param {number} [length] Message length if known beforehand
                     * @returns {tvix.store.v1.NARInfo.CA} CA
                     * @throws {Error} If the payload is not a reader or valid buffer
                     * @throws {$protobuf.util.ProtocolError} If required fields are missing
                     */
                    CA.decode = function decode(reader, length, error, long) {
                        if (!(reader instanceof $Reader))
                            reader = $Reader.create(reader);
                        if (long === undefined)
                            long = 0;
                        if (long > $Reader.recursionLimit)
                            throw Error("maximum nesting depth exceeded");
                        let end, message;
                        if (length === undefined)
                            end = reader.len;
                        else {
                            end = reader.pos + length;
                            if (end > reader.len)
                                throw RangeError("index out of range");
                            length = reader.len;
                            reader.len = end;
                        }
                        message = new $root.tvix.store.v1.NARInfo.CA();
                        while (reader.pos < end) {
                            let tag = reader.uint32();
                            if (tag === error)
                                break;
                            switch (tag >>> 3) {
                            case 1: {
                                    message.type = reader.int32();
                                    break;
                                }
                            case 2: {
                                    message.digest = reader.bytes();
                                    break;
                                }
                            default:
                                reader.skipType(tag & 7, long);
                                break;
                            }
                        }
                        if (length !== undefined) {
                            if (reader.pos !== end)
                                throw RangeError("index out of range");
                            reader.len = length;
                        }
                        return message;
                    };

                    /**
                     * Gets the default type url for CA
                     * @function getTypeUrl
                     * @memberof tvix.store.v1.NARInfo.CA
                     * @static
                     * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
                     * @returns {string} The default type url
                     */
                    CA.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                        if (typeUrlPrefix === undefined) {
                            typeUrlPrefix = "type.googleapis.com";
                        }
                        return typeUrlPrefix + "/tvix.store.v1.NARInfo.CA";
                    };

                    /**
                     * Hash enum.
                     * @name tvix.store.v1.NARInfo.CA.Hash
                     * @enum {number}
                     * @property {number} NAR_SHA256=0 NAR_SHA256 value
                     * @property {number} NAR_SHA1=1 NAR_SHA1 value
                     * @property {number} NAR_SHA512=2 NAR_SHA512 value
                     * @property {number} NAR_MD5=3 NAR_MD5 value
                     * @property {number} TEXT_SHA256=4 TEXT_SHA256 value
                     * @property {number} FLAT_SHA1=5 FLAT_SHA1 value
                     * @property {number} FLAT_MD5=6 FLAT_MD5 value
                     * @property {number} FLAT_SHA256=7 FLAT_SHA256 value
                     * @property {number} FLAT_SHA512=8 FLAT_SHA512 value
                     */
                    CA.Hash = (function() {
                        const valuesById = {}, values = Object.create(valuesById);
                        values[valuesById[0] = "NAR_SHA256"] = 0;
                        values[valuesById[1] = "NAR_SHA1"] = 1;
                        values[valuesById[2] = "NAR_SHA512"] = 2;
                        values[valuesById[3] = "NAR_MD5"] = 3;
                        values[valuesById[4] = "TEXT_SHA256"] = 4;
                        values[valuesById[5] = "FLAT_SHA1"] = 5;
                        values[valuesById[6] = "FLAT_MD5"] = 6;
                        values[valuesById[7] = "FLAT_SHA256"] = 7;
                        values[valuesById[8] = "FLAT_SHA512"] = 8;
                        return values;
                    })();

                    return CA;
                })();

                return NARInfo;
            })();

            v1.GetPathInfoRequest = (function() {

                /**
                 * Properties of a GetPathInfoRequest.
                 * @memberof tvix.store.v1
                 * @interface IGetPathInfoRequest
                 * @property {Uint8Array|null} [byOutputHash] GetPathInfoRequest byOutputHash
                 */

                /**
                 * Constructs a new GetPathInfoRequest.
                 * @memberof tvix.store.v1
                 * @classdesc Represents a GetPathInfoRequest.
                 * @implements IGetPathInfoRequest
                 * @constructor
                 * @param {tvix.store.v1.IGetPathInfoRequest=} [properties] Properties to set
                 */
                function GetPathInfoRequest(properties) {
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                /**
                 * GetPathInfoRequest byOutputHash.
                 * @member {Uint8Array|null|undefined} byOutputHash
                 * @memberof tvix.store.v1.GetPathInfoRequest
                 * @instance
                 */
                GetPathInfoRequest.prototype.byOutputHash = null;

                // OneOf field names bound to virtual getters and setters
                let $oneOfFields;

                /**
                 * GetPathInfoRequest byWhat.
                 * @member {"byOutputHash"|undefined} byWhat
                 * @memberof tvix.store.v1.GetPathInfoRequest
                 * @instance
                 */
                Object.defineProperty(GetPathInfoRequest.prototype, "byWhat", {
                    get: $util.oneOfGetter($oneOfFields = ["byOutputHash"]),
                    set: $util.oneOfSetter($oneOfFields)
                });

                /**
                 * Creates a new GetPathInfoRequest instance using the specified properties.
                 * @function create
                 * @memberof tvix.store.v1.GetPathInfoRequest
                 * @static
                 * @param {tvix.store.v1.IGetPathInfoRequest=} [properties] Properties to set
                 * @returns {tvix.store.v1.GetPathInfoRequest} GetPathInfoRequest instance
                 */
                GetPathInfoRequest.create = function create(properties) {
                    return new GetPathInfoRequest(properties);
                };

                /**
                 * Encodes the specified GetPathInfoRequest message. Does not implicitly {@link tvix.store.v1.GetPathInfoRequest.verify|verify} messages.
                 * @function encode
                 * @memberof tvix.store.v1.GetPathInfoRequest
                 * @static
                 * @param {tvix.store.v1.IGetPathInfoRequest} message GetPathInfoRequest message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                GetPathInfoRequest.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    if (message.byOutputHash != null && Object.hasOwnProperty.call(message, "byOutputHash"))
                        writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.byOutputHash);
                    return writer;
                };

                /**
                 * Decodes a GetPathInfoRequest message from the specified reader or buffer.
                 * @function decode
                 * @memberof tvix.store.v1.GetPathInfoRequest
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {tvix.store.v1.GetPathInfoRequest} GetPathInfoRequest
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                GetPathInfoRequest.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.tvix.store.v1.GetPathInfoRequest();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        case 1: {
                                message.byOutputHash = reader.bytes();
                                break;
                            }
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                /**
                 * Gets the default type url for GetPathInfoRequest
                 * @function getTypeUrl
                 * @memberof tvix.store.v1.GetPathInfoRequest
                 * @static
                 * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
                 * @returns {string} The default type url
                 */
                GetPathInfoRequest.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                    if (typeUrlPrefix === undefined) {
                        typeUrlPrefix = "type.googleapis.com";
                    }
                    return typeUrlPrefix + "/tvix.store.v1.GetPathInfoRequest";
                };

                return GetPathInfoRequest;
            })();

            v1.ListPathInfoRequest = (function() {

                /**
                 * Properties of a ListPathInfoRequest.
                 * @memberof tvix.store.v1
                 * @interface IListPathInfoRequest
                 */

                /**
                 * Constructs a new ListPathInfoRequest.
                 * @memberof tvix.store.v1
                 * @classdesc Represents a ListPathInfoRequest.
                 * @implements IListPathInfoRequest
                 * @constructor
                 * @param {tvix.store.v1.IListPathInfoRequest=} [properties] Properties to set
                 */
                function ListPathInfoRequest(properties) {
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                /**
                 * Creates a new ListPathInfoRequest instance using the specified properties.
                 * @function create
                 * @memberof tvix.store.v1.ListPathInfoRequest
                 * @static
                 * @param {tvix.store.v1.IListPathInfoRequest=} [properties] Properties to set
                 * @returns {tvix.store.v1.ListPathInfoRequest} ListPathInfoRequest instance
                 */
                ListPathInfoRequest.create = function create(properties) {
                    return new ListPathInfoRequest(properties);
                };

                /**
                 * Encodes the specified ListPathInfoRequest message. Does not implicitly {@link tvix.store.v1.ListPathInfoRequest.verify|verify} messages.
                 * @function encode
                 * @memberof tvix.store.v1.ListPathInfoRequest
                 * @static
                 * @param {tvix.store.v1.IListPathInfoRequest} message ListPathInfoRequest message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                ListPathInfoRequest.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    return writer;
                };

                /**
                 * Decodes a ListPathInfoRequest message from the specified reader or buffer.
                 * @function decode
                 * @memberof tvix.store.v1.ListPathInfoRequest
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {tvix.store.v1.ListPathInfoRequest} ListPathInfoRequest
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                ListPathInfoRequest.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.tvix.store.v1.ListPathInfoRequest();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                /**
                 * Gets the default type url for ListPathInfoRequest
                 * @function getTypeUrl
                 * @memberof tvix.store.v1.ListPathInfoRequest
                 * @static
                 * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
                 * @returns {string} The default type url
                 */
                ListPathInfoRequest.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                    if (typeUrlPrefix === undefined) {
                        typeUrlPrefix = "type.googleapis.com";
                    }
                    return typeUrlPrefix + "/tvix.store.v1.ListPathInfoRequest";
                };

                return ListPathInfoRequest;
            })();

            v1.CalculateNARResponse = (function() {

                /**
                 * Properties of a CalculateNARResponse.
                 * @memberof tvix.store.v1
                 * @interface ICalculateNARResponse
                 * @property {number|Long|null} [narSize] CalculateNARResponse narSize
                 * @property {Uint8Array|null} [narSha256] CalculateNARResponse narSha256
                 */

                /**
                 * Constructs a new CalculateNARResponse.
                 * @memberof tvix.store.v1
                 * @classdesc Represents a CalculateNARResponse.
                 * @implements ICalculateNARResponse
                 * @constructor
                 * @param {tvix.store.v1.ICalculateNARResponse=} [properties] Properties to set
                 */
                function CalculateNARResponse(properties) {
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                /**
                 * CalculateNARResponse narSize.
                 * @member {number|Long} narSize
                 * @memberof tvix.store.v1.CalculateNARResponse
                 * @instance
                 */
                CalculateNARResponse.prototype.narSize = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

                /**
                 * CalculateNARResponse narSha256.
                 * @member {Uint8Array} narSha256
                 * @memberof tvix.store.v1.CalculateNARResponse
                 * @instance
                 */
                CalculateNARResponse.prototype.narSha256 = $util.newBuffer([]);

                /**
                 * Creates a new CalculateNARResponse instance using the specified properties.
                 * @function create
                 * @memberof tvix.store.v1.CalculateNARResponse
                 * @static
                 * @param {tvix.store.v1.ICalculateNARResponse=} [properties] Properties to set
                 * @returns {tvix.store.v1.CalculateNARResponse} CalculateNARResponse instance
                 */
                CalculateNARResponse.create = function create(properties) {
                    return new CalculateNARResponse(properties);
                };

                /**
                 * Encodes the specified CalculateNARResponse message. Does not implicitly {@link tvix.store.v1.CalculateNARResponse.verify|verify} messages.
                 * @function encode
                 * @memberof tvix.store.v1.CalculateNARResponse
                 * @static
                 * @param {tvix.store.v1.ICalculateNARResponse} message CalculateNARResponse message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                CalculateNARResponse.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    if (message.narSize != null && Object.hasOwnProperty.call(message, "narSize"))
                        writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.narSize);
                    if (message.narSha256 != null && Object.hasOwnProperty.call(message, "narSha256"))
                        writer.uint32(/* id 2, wireType 2 =*/18).bytes(message.narSha256);
                    return writer;
                };

                /**
                 * Decodes a CalculateNARResponse message from the specified reader or buffer.
                 * @function decode
                 * @memberof tvix.store.v1.CalculateNARResponse
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {tvix.store.v1.CalculateNARResponse} CalculateNARResponse
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                CalculateNARResponse.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.tvix.store.v1.CalculateNARResponse();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        case 1: {
                                message.narSize = reader.uint64();
                                break;
                            }
                        case 2: {
                                message.narSha256 = reader.bytes();
                                break;
                            }
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                /**
                 * Gets the default type url for CalculateNARResponse
                 * @function getTypeUrl
                 * @memberof tvix.store.v1.CalculateNARResponse
                 * @static
                 * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
                 * @returns {string} The default type url
                 */
                CalculateNARResponse.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                    if (typeUrlPrefix === undefined) {
                        typeUrlPrefix = "type.googleapis.com";
                    }
                    return typeUrlPrefix + "/tvix.store.v1.CalculateNARResponse";
                };

                return CalculateNARResponse;
            })();

            return v1;
        })();

        return store;
    })();

    return tvix;
})();

export { $root as default };
