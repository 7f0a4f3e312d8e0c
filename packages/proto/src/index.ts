// Generated protobufjs static code for the tvix wire schema and castore's NATS messages.
// uint64 fields decode as Long (never as a lossy JS number): this module installs `long` into
// protobufjs before anything is decoded. Domain code converts Long <-> bigint at its boundary.
import Long from "long";
import protobuf from "protobufjs/minimal.js";

protobuf.util.Long = Long;
protobuf.configure();

export { tvix, castore } from "./gen/protos.js";
export { Long };
