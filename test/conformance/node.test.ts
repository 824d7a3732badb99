// The Node row: the conformance bot served by @catops/node's serve() on a real loopback port,
// with the Node runtime (in-process jobs, node:crypto HMAC), reached with real HTTP.
import { silentLogger } from "@catops/core";
import { createConformanceBot } from "@catops/conformance/bot";
import { nodeDriver } from "./drivers/node.ts";
import { runChatConformance, runConformance } from "@catops/conformance";

const driver = nodeDriver({
  bot: (setup) => createConformanceBot(setup.env, { logger: silentLogger }),
});

runConformance(driver);
runChatConformance(driver);
