// @castore/service-kit: what every castore service (and the store library, and the CLI) shares.
export { natsFixesApplied } from "./nats-tuning.js";
export { bindService, SERVICE_VERSION, SLOW_REQUEST_MS, type Handler, type RunningService, type EndpointDef, type ServiceDef } from "./bind.js";
export { BLOB_LIMITS, DIRECTORY_LIMITS, PATHINFO_LIMITS, STAGING_LIMITS } from "./limits.js";
export { usablePayload } from "./payload.js";
export { MemoryPageStaging, JetStreamPageStaging, type PageStaging, type JetStreamPageStagingOptions } from "./staging.js";
export { Batcher } from "./batcher.js";
export { mapConcurrent, mapOrdered } from "./concurrency.js";
export { Tasks } from "./tasks.js";
export { kvGet, kvLeaderEntry, isNoMessage, type KvLocation } from "./stale-read.js";
export { makeLogger, silentLogger, type Logger, type PinoLogger } from "./logger.js";
export { UsageError, parse, helpText, wantsHelp, type OptionDef, type Options, type Values, type Parsed, type CommandHelp } from "./args.js";
export {
  loadConfig,
  describeConfig,
  natsTarget,
  storeOptions,
  storeEnv,
  metricsOption,
  listenAddr,
  DEFAULTS,
  type Config,
  type NatsTarget,
  type LogLevel,
  type ListenAddr,
} from "./config.js";
export {
  metricsRegistry,
  serviceMetrics,
  httpMetrics,
  cacheLookup,
  collectProcessMetrics,
  serveMetrics,
  LATENCY_BUCKETS,
  type MetricsServer,
} from "./metrics.js";
export { requestHeaders } from "./request-id.js";
export { connectionOptions, connectTo, connectNats, connectEmbedded, connectionProblem, type Role } from "./connect.js";
export {
  parseStoreAddr,
  addrScheme,
  addrTarget,
  addrPrefix,
  addrConnection,
  wholeNumberParam,
  jetStreamParams,
  closing,
  fromAddr,
  type AddrBackends,
  type StoreAddr,
  type JetStreamParams,
  type FromAddrOptions,
} from "./addr.js";
export { Runner, serviceMain, startContext, startMetrics, type ServiceStarter, type StartContext } from "./run.js";
export {
  parseComposition,
  checkComposition,
  compositionOfUrl,
  checkAddress,
  findCycle,
  refsOf,
  isAddress,
  LEAF_SCHEMES,
  COMBINATOR_SCHEMES,
  type Composition,
  type StoreDef,
  type StoreRef,
} from "./composition.js";
