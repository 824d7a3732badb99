// The Workers row: a Worker module bundled with esbuild (the options wrangler uses) and run in
// workerd by miniflare; requests go in through dispatchFetch. workerd reaches the recorder on
// 127.0.0.1 directly, so outbound fetches need no rerouting.
import { Miniflare, type MiniflareOptions } from "miniflare";
import { bundleWorker } from "../../workers/bundle.ts";
import { dispatch } from "../../workers/dispatch.ts";
import type { ConformanceSetup, RunningAdapter } from "@catops/conformance";

export interface WorkerdDriverOptions {
  /** Default 'cloudflare-workers'. */
  name?: string;
  /** The Worker's entry module: a file path. */
  entry: string;
  /** Bindings beyond the setup's env: D1 databases, queues. */
  miniflare?: Partial<MiniflareOptions>;
  /** The binding of the queue the Worker's jobs go through, whose consumer is the Worker. */
  jobQueue: string;
}

export function workerdDriver(options: WorkerdDriverOptions) {
  return {
    name: options.name ?? "cloudflare-workers",
    inapplicable: {
      redelivery:
        "miniflare hands each job to the Worker as soon as it is enqueued (waitUntil, or the " +
        "Queue's consumer): a job cannot be held back to stand for a run that was killed",
    },
    async start(setup: ConformanceSetup): Promise<RunningAdapter> {
      const bundle = await bundleWorker(options.entry);
      const mf = new Miniflare({
        modules: true,
        script: bundle.code,
        compatibilityDate: "2024-09-23",
        bindings: setup.env,
        ...options.miniflare,
      } as MiniflareOptions);
      await mf.ready;
      return {
        send: (request) => dispatch(mf, request),
        // A message on the job queue, consumed by the Worker's queue handler in its own time.
        async deliverJob(envelope) {
          await (await mf.getQueueProducer(options.jobQueue)).send(envelope);
        },
        async fire(schedule, at) {
          // workerd's own scheduled event, as a Cron Trigger fires it.
          const worker = await mf.getWorker();
          const result = await worker.scheduled({ cron: schedule.cron, scheduledTime: at });
          if (result.outcome !== "ok") throw new Error(`scheduled() ended ${result.outcome}`);
        },
        stop: () => mf.dispose(),
      };
    },
  };
}
