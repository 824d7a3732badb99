// The load test's server, run in a child process started with --expose-gc: the Node adapter
// (serve, SQLite store, in-process jobs) with a quick and a deferred command. It answers the
// parent over IPC: "memory" runs the GC and reports the heap; "jobs" counts jobs by state.
import { jobsOf } from "@catops/core/testing";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { command, type JobRecord, silentLogger } from "@catops/core";
import { createNodeBot, serve } from "@catops/node";

type Message = { type: "memory" } | { type: "jobs" } | { type: "settle" } | { type: "stop" };

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("start the load server with --expose-gc");

const dataDir = mkdtempSync(join(tmpdir(), "catops-load-"));
const bot = await createNodeBot({
  plugins: [
    {
      file: "load.ts",
      exports: {
        hi: () => "Meow!",
        later: command({
          description: "A deferred job",
          defer: true,
          run: async () => "later done",
        }),
      },
    },
  ],
  store: "sqlite",
  dataDir,
  logger: silentLogger,
  playground: false,
  env: { SLACK_SIGNING_SECRET: process.env.LOAD_SIGNING_SECRET, SLACK_BOT_TOKEN: "xoxb-load" },
});
const server = await serve(bot, { port: 0, hostname: "127.0.0.1", env: {} });

function memory() {
  gc!();
  gc!();
  const { heapUsed, rss } = process.memoryUsage();
  return { heapUsed, rss };
}

process.on("message", async (message: Message) => {
  switch (message.type) {
    case "memory":
      process.send!({ type: "memory", ...memory() });
      break;
    case "settle":
      process.send!({ type: "settle", settled: await server.runtime.settle(20_000) });
      break;
    case "jobs": {
      const jobs = await jobsOf(bot).recent(1_000_000);
      const states: Record<string, number> = {};
      for (const job of jobs as JobRecord[]) states[job.state] = (states[job.state] ?? 0) + 1;
      process.send!({ type: "jobs", states });
      break;
    }
    case "stop":
      await server.close({ graceMs: 2000 });
      rmSync(dataDir, { recursive: true, force: true });
      process.exit(0);
  }
});
process.send!({ type: "ready", port: server.port, ...memory() });
