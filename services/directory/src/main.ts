// The directory service as its own process (one replica; run as many as you like):
//   node services/directory/dist/main.js --nats nats://host:4222[,…] [--prefix castore] [--replicas 1|3|5]
// or `castore-directory …` once on PATH. Flags fall back to CASTORE_* variables; `--help` lists them.
import { serviceMain } from "@castore/service-kit";
import { directoryStarter } from "./serve.js";

await serviceMain(directoryStarter);
