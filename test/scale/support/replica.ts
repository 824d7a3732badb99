// One replica of the scaled bot, in a process of its own: @catops/node configured only by
// environment (CATOPS_DATABASE_URL and the queue settings), serving the Slack routes. Every
// command reports what it did to the recorder (SCALE_EFFECTS_URL), so the parent counts side
// effects. It tells the parent its port over IPC, and answers "job" questions about the store.
import { jobsOf } from "@catops/core/testing";
import { command, type JobRecord, silentLogger } from "@catops/core";
import { closeOnSignals, createNodeBot, serve } from "@catops/node";

const effects = process.env.SCALE_EFFECTS_URL!;
const effect = (token: string, extra: Record<string, unknown> = {}) =>
  fetch(`${effects}/effect/${token}`, {
    method: "POST",
    body: JSON.stringify({ pid: process.pid, ...extra }),
  }).then((response) => response.arrayBuffer());
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const bot = await createNodeBot({
  plugins: [
    {
      file: "scale.ts",
      exports: {
        tally: command({
          description: "A quick command with one side effect",
          args: { token: { required: true } },
          run: async (ctx) => {
            await effect(String(ctx.args.token));
            return `tallied ${ctx.args.token}`;
          },
        }),
        later: command({
          description: "A deferred command with one side effect",
          args: { token: { required: true } },
          defer: true,
          run: async (ctx) => {
            await effect(String(ctx.args.token), { jobId: ctx.jobId });
            return `later ${ctx.args.token} done`;
          },
        }),
        long: command({
          description: "Runs until cancelled (or 30 s)",
          args: { token: { required: true } },
          defer: true,
          timeoutMs: 30_000,
          run: async (ctx) => {
            await effect(String(ctx.args.token), { jobId: ctx.jobId });
            while (!ctx.signal.aborted) await sleep(20);
            return `long ${ctx.args.token} stopped`;
          },
        }),
        resume: command({
          description: "Safe to run again: resumed on another replica if this one dies",
          args: { token: { required: true } },
          defer: true,
          idempotent: true,
          run: async (ctx) => {
            await effect(String(ctx.args.token), { jobId: ctx.jobId });
            for (let waited = 0; waited < 1500 && !ctx.signal.aborted; waited += 20)
              await sleep(20);
            return `resume ${ctx.args.token} done`;
          },
        }),
        deploy: command({
          description: "Only deployers",
          allow: { groups: ["deployers"] },
          args: { token: { required: true } },
          run: async (ctx) => {
            await effect(String(ctx.args.token));
            return `deployed ${ctx.args.token}`;
          },
        }),
      },
    },
  ],
  logger: silentLogger,
  playground: false,
  groups: { admins: ["UADMIN"] },
});
const server = await serve(bot, { port: 0, hostname: "127.0.0.1" });
closeOnSignals(server, { graceMs: 2000 });

process.on("message", async (message: { type: string; id?: string }) => {
  if (message.type === "job") {
    const job = (await jobsOf(bot).get(message.id!)) as JobRecord | undefined;
    process.send!({ type: "job", job: job ?? null });
  }
});
process.send!({ type: "ready", port: server.port });
