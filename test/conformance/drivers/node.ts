// The Node row: a bot served by @catops/node's serve() on a real loopback port, with the Node
// runtime (in-process jobs, node:crypto HMAC), reached with real HTTP.
import type { CatOps } from "@catops/core";
import { serve } from "@catops/node";
import type { ConformanceSetup, RunningAdapter } from "@catops/conformance";
import { forwardTo } from "./background.ts";

export interface NodeDriverOptions {
  /** Default 'node'. */
  name?: string;
  bot(setup: ConformanceSetup): CatOps;
  /** How long drain() waits for in-process jobs. Default 15 s. */
  settleMs?: number;
}

/** What a Node server's jobs never go through: they run in its own process. */
export const NODE_INAPPLICABLE = {
  redelivery:
    "no queue redelivers its jobs: a server that restarts ends those a dead process left (adapters/node/src/shutdown.test.ts, a server killed mid-job)",
  jobEnvelopes: "the server runs its jobs in its own process: no envelope arrives from outside",
};

export function nodeDriver(options: NodeDriverOptions) {
  return {
    name: options.name ?? "node",
    inapplicable: NODE_INAPPLICABLE,
    async start(
      setup: ConformanceSetup,
    ): Promise<RunningAdapter & { drain(): Promise<void>; port: number }> {
      const server = await serve(options.bot(setup), { port: 0, hostname: "127.0.0.1", env: {} });
      // The suite fires the schedules itself (`fire`, as the minute timer calls it): the timer
      // stops, or a minute turning during a test would fire them again, a post the test counts.
      await server.scheduler!.stop();
      return {
        send: forwardTo(server.url),
        port: server.port,
        drain: async () => void (await server.runtime.settle(options.settleMs ?? 15_000)),
        // What the server's minute timer calls when the minute comes.
        fire: async (_schedule, at) => void (await server.scheduler!.tick(at.getTime())),
        stop: async () => void (await server.close({ graceMs: 2000 })),
      };
    },
  };
}
