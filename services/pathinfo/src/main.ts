// The path-info service as its own process (one replica; run as many as you like):
//   node services/pathinfo/dist/main.js --nats nats://host:4222[,…] [--prefix castore] [--signing-key FILE]
// or `castore-pathinfo …` once on PATH. Flags fall back to CASTORE_* variables; `--help` lists them.
import { serviceMain } from "@castore/service-kit";
import { pathInfoStarter } from "./serve.js";

await serviceMain(pathInfoStarter);
