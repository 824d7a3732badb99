// The Node row: the conformance bot served by @catops/node's serve() on a real loopback port,
// with the Node runtime (in-process jobs, node:crypto HMAC), reached with real HTTP.
import { silentLogger } from "@catops/core";
import { serve } from "@catops/node";
import { createConformanceBot } from "./bot.ts";
import { type AdapterDriver, runChatConformance, runConformance } from "./harness.ts";

const driver: AdapterDriver = {
  name: "node",
  async start(setup) {
    const bot = createConformanceBot(setup.env, { logger: silentLogger });
    const server = await serve(bot, { port: 0, hostname: "127.0.0.1", env: {} });
    return {
      async send(request) {
        const { pathname, search } = new URL(request.url);
        const headers = new Headers(request.headers);
        headers.delete("host");
        const body =
          request.method === "GET" || request.method === "HEAD"
            ? undefined
            : await request.arrayBuffer();
        return fetch(`${server.url}${pathname}${search}`, {
          method: request.method,
          headers,
          body,
        });
      },
      async drain() {
        await server.runtime.settle(15_000);
      },
      async stop() {
        await server.close({ graceMs: 2000 });
      },
    };
  },
};

runConformance(driver);
runChatConformance(driver);
