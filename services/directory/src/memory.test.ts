import { describeDirectoryService } from "./conformance.js";
import { memoryDirectoryService } from "./memory.js";

describeDirectoryService("memory", async () => ({ dirs: memoryDirectoryService(), tamper: null }));
