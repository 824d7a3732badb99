// A Worker with one command of each kind of deferral, for the deferral tests. Around the
// adapter's handlers it keeps a log of the messages the queue handler was given.
import {
  catopsWorker,
  createD1Store,
  type D1Database,
  type Queue,
} from "@catops/cloudflare-workers";
import { command, createCatOps, createLogger } from "@catops/core";
import { createSlackConnector } from "@catops/slack";

interface Env {
  DB: D1Database;
  JOBS: Queue;
  [binding: string]: unknown;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const plugins = [
  {
    file: "jobs.ts",
    exports: {
      quick: command({
        description: "A short job: runs after the answer, through waitUntil",
        defer: true,
        // Ends only when the test opens QUICK_GATE_URL, which it does once it has the answer.
        run: async ({ env }) => {
          await fetch(String(env.QUICK_GATE_URL));
          return "quick finished";
        },
      }),
      slow: command({
        description: "A long job: runs from the queue",
        defer: "long",
        run: async ({ jobId }) => {
          await sleep(50);
          return `slow finished (job ${jobId})`;
        },
      }),
    },
  },
];

const worker = catopsWorker((env: Env) =>
  createCatOps({
    plugins,
    store: createD1Store(env.DB),
    logger: createLogger({ level: "warn" }),
    connectors: [createSlackConnector({ retries: 0 })],
    env: { ...env },
  }),
);

const deliveries: { id: string | null; attempts: number }[] = [];

export default {
  async fetch(request: Request, env: Env, ctx: { waitUntil(promise: Promise<unknown>): void }) {
    const { pathname } = new URL(request.url);
    if (pathname === "/__test/queue-log") return Response.json(deliveries);
    return worker.fetch(request, env, ctx);
  },
  async queue(
    batch: Parameters<typeof worker.queue>[0],
    env: Env,
    ctx: { waitUntil(promise: Promise<unknown>): void },
  ) {
    for (const message of batch.messages) {
      const body = message.body as { id?: unknown } | null;
      deliveries.push({
        id: typeof body?.id === "string" ? body.id : null,
        attempts: message.attempts,
      });
    }
    await worker.queue(batch, env, ctx);
  },
};
