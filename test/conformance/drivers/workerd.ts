// The Workers row: a Worker bundled with esbuild and split into chunks, as examples/cloudflare
// deploys it (the adapter's workerSplitBundleOptions), and run in workerd by miniflare; requests go in through dispatchFetch. workerd reaches the recorder on
// 127.0.0.1 directly, so outbound fetches need no rerouting. The job queue's messages are taken
// by a second Worker that only keeps them, and drain() hands each to the Worker's own queue
// handler, as Cloudflare Queues would (so a run can be held back to stand for a killed one).
import { createD1Store, type D1Database } from "@catops/cloudflare-workers";
import { type CatOps, silentLogger } from "@catops/core";
import { jobsOf } from "@catops/core/testing";
import { createConformanceBot } from "@catops/conformance/bot";
import { Miniflare, type MiniflareOptions } from "miniflare";
import { rmSync } from "node:fs";
import { bundleSplitWorker } from "../../workers/bundle.ts";
import { dispatch } from "../../workers/dispatch.ts";
import type { ConformanceSetup, RunningAdapter } from "@catops/conformance";
import { markRunning } from "./killed-run.ts";

export interface WorkerdDriverOptions {
  /** Default 'cloudflare-workers'. */
  name?: string;
  /** The Worker's entry module: a file path. */
  entry: string;
  /** Bindings beyond the setup's env: D1 databases, queue producers. */
  miniflare?: Partial<MiniflareOptions>;
  /** The queue the Worker's long jobs go to (its producer binding is in `miniflare`). */
  jobQueue: string;
  /** The D1 binding the Worker's store is in. */
  d1: string;
}

/** The Worker that consumes the job queue: it keeps each message, in order, for drain(). */
const KEEPER = `export default {
  async queue(batch, env) {
    for (const message of batch.messages) {
      const at = String(Date.now()).padStart(15, "0");
      await env.KEPT.put(at + "-" + message.id, JSON.stringify(message.body));
      message.ack();
    }
  },
};`;

export function workerdDriver(options: WorkerdDriverOptions) {
  return {
    name: options.name ?? "cloudflare-workers",
    async start(setup: ConformanceSetup): Promise<RunningAdapter> {
      const bundle = await bundleSplitWorker(options.entry);
      const mf = new Miniflare({
        workers: [
          {
            name: "catops",
            modules: bundle.modules,
            compatibilityDate: "2024-09-23",
            bindings: setup.env,
            ...options.miniflare,
          },
          {
            name: "job-queue",
            modules: true,
            script: KEEPER,
            compatibilityDate: "2024-09-23",
            kvNamespaces: ["KEPT"],
            queueConsumers: { [options.jobQueue]: { maxBatchTimeout: 0.05 } },
          },
        ],
      } as MiniflareOptions);
      await mf.ready;
      const kept = await mf.getKVNamespace("KEPT", "job-queue");
      /** Kept messages already handed on (or held back), by key. */
      const taken = new Set<string>();
      const untaken = async () =>
        (await kept.list()).keys.map((key) => key.name).filter((name) => !taken.has(name));
      const message = async (key: string) => {
        taken.add(key);
        return JSON.parse((await kept.get(key)) ?? "null") as unknown;
      };
      /** Hands `body` to the Worker's queue handler as a delivery of the job queue. */
      const deliver = async (body: unknown, id: string) => {
        const worker = await mf.getWorker("catops");
        const result = await worker.queue(options.jobQueue, [
          { id, timestamp: new Date(), body, attempts: 1 },
        ]);
        if (result.outcome !== "ok") throw new Error(`queue() ended ${result.outcome}`);
      };
      let state: CatOps | undefined;
      /** A bot on the Worker's D1 store, to write what a dying run leaves. */
      const stateBot = async () =>
        (state ??= createConformanceBot(setup.env, {
          logger: silentLogger,
          store: createD1Store((await mf.getD1Database(options.d1, "catops")) as D1Database),
        }));
      return {
        send: (request) => dispatch(mf, request),
        async drain() {
          for (let keys = await untaken(); keys.length > 0; keys = await untaken())
            for (const key of keys) await deliver(await message(key), key);
        },
        // A message on the job queue, delivered to the Worker's queue handler.
        deliverJob: (envelope) => deliver(envelope, crypto.randomUUID()),
        // The isolate running the next queued job dies in mid-run: the queue delivers it again.
        async killNextJob() {
          const until = Date.now() + 10_000;
          for (;;) {
            const [key] = await untaken();
            if (key) {
              const envelope = await message(key);
              await markRunning(jobsOf(await stateBot()), envelope);
              return envelope;
            }
            if (Date.now() > until) throw new Error("no job was queued within 10 s");
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
        },
        async fire(schedule, at) {
          // workerd's own scheduled event, as a Cron Trigger fires it.
          const worker = await mf.getWorker("catops");
          const result = await worker.scheduled({ cron: schedule.cron, scheduledTime: at });
          if (result.outcome !== "ok") throw new Error(`scheduled() ended ${result.outcome}`);
        },
        async stop() {
          await mf.dispose();
          rmSync(bundle.outdir, { recursive: true, force: true });
        },
      };
    },
  };
}
