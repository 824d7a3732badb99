// The Azure Functions row: a bot registered with registerCatOps, requests sent through the
// registered HTTP function as @azure/functions HttpRequests, state in Table Storage and deferred
// jobs on a Storage Queue, both in azurite. drain() delivers the queue's messages to the
// registered queue function, as the Functions host would.
import { createTableStore, registerCatOps } from "@catops/azure-functions";
import type { CatOps, Store } from "@catops/core";
import {
  drainQueue,
  invokeHttp,
  invokeTimer,
  type QueueDelivery,
  type RecordingApp,
  recordingApp,
  sendQueueMessage,
  takeQueueMessage,
} from "../../azure/host.ts";
import { jobsOf } from "@catops/core/testing";
import { markRunning } from "./killed-run.ts";
import { startAzurite } from "../../support/azurite.ts";
import type { ConformanceSetup, RunningAdapter } from "@catops/conformance";

export interface AzureDriverOptions {
  /** Default 'azure-functions'. */
  name?: string;
  /** The Table Storage table the bot's state lives in. */
  tableName: string;
  bot(setup: ConformanceSetup, store: Store): CatOps;
  /** Called with each start's app, whose invocation logs a row may check. */
  onApp?(app: RecordingApp): void;
  /** Each queue message drain() delivered. */
  onDelivery?(delivery: QueueDelivery): void;
}

export function azureDriver(options: AzureDriverOptions) {
  return {
    name: options.name ?? "azure-functions",
    async start(setup: ConformanceSetup): Promise<RunningAdapter> {
      const azurite = await startAzurite();
      const app = recordingApp();
      options.onApp?.(app);
      const { connectionString } = azurite;
      const store = createTableStore({ connectionString, tableName: options.tableName });
      const bot = options.bot(setup, store);
      registerCatOps(app.app, bot, {
        env: { ...setup.env, AzureWebJobsStorage: connectionString },
      });
      const drain = async () => {
        for (const delivery of await drainQueue(app, connectionString))
          options.onDelivery?.(delivery);
      };
      return {
        send: (request) => invokeHttp(app, request),
        drain,
        // A message on the job queue, delivered to the registered queue function.
        deliverJob: async (envelope) => {
          await sendQueueMessage(app, connectionString, envelope);
          await drain();
        },
        // The host took the message and died in mid-run: the queue shows it again later.
        async killNextJob() {
          const envelope = await takeQueueMessage(app, connectionString);
          await markRunning(jobsOf(bot), envelope);
          return envelope;
        },
        // The host fires a timer function when its schedule comes due; the firing's time is now.
        fire: (schedule) => invokeTimer(app, `catops-schedule-${schedule.name}`),
        stop: () => azurite.stop(),
      };
    },
  };
}
