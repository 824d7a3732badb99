// The GCP row: the conformance bot registered with @catops/gcp-functions' registerCatOps,
// served by the real Functions Framework server (two child processes, as two deployed functions
// are two instances: the HTTP function and the Pub/Sub CloudEvent function), over HTTP on
// loopback. State is shared only through Firestore (a Firestore protocol server on loopback);
// Pub/Sub publishes are captured at the client boundary, and drain() delivers each to the
// CloudEvent function as Eventarc would, alternating binary and structured mode.
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { startFirestoreEmulator } from "../../gcp/firestore-emulator.ts";
import {
  type CloudEventMode,
  deliverPubSubMessage,
  type ServedFunctions,
  serveFunctions,
} from "../../gcp/framework.ts";
import { startRecorder } from "@catops/conformance";
import type { AdapterDriver, ConformanceSetup, RunningAdapter } from "@catops/conformance";
import { type CatOps, silentLogger } from "@catops/core";
import { jobsOf } from "@catops/core/testing";
import { createConformanceBot } from "@catops/conformance/bot";
import { createFirestoreStore } from "@catops/gcp-functions/firestore";
import { forwardTo } from "./background.ts";
import { markRunning } from "./killed-run.ts";

const entry = fileURLToPath(new URL("../../gcp/conformance-entry.ts", import.meta.url));

export interface GcpDriverOptions {
  /** Default 'gcp-functions'. */
  name?: string;
  /** Each Pub/Sub message drain() delivered, with the CloudEvent function's answer. */
  onDelivery?(delivery: { mode: CloudEventMode; status: number }): void;
  /** The stdout lines of both functions, when the row stops. */
  onStop?(logs: string[]): void;
}

/** What the platform answers before the function runs. */
export const GCP_PLATFORM_ANSWERS: AdapterDriver["platformAnswers"] = {
  malformedJson:
    "the Functions Framework parses application/json bodies with Express's body-parser before " +
    "the function runs, and answers a malformed one itself (functions-framework-nodejs#686)",
};

/** The entry's function that loads and connects each process's Firestore client. */
const WARM_UP = "catops-warm-up";

/**
 * Has a function process do its one-time start now, in the row's setup: on a loaded machine it
 * takes seconds, which would otherwise land on the first scenarios of the row.
 */
async function warmUp(functions: ServedFunctions): Promise<void> {
  const response = await fetch(functions.urls[WARM_UP]!, { method: "POST" });
  if (response.status !== 204) throw new Error(`the warm-up function answered ${response.status}`);
}

export function gcpDriver(options: GcpDriverOptions = {}) {
  return {
    name: options.name ?? "gcp-functions",
    platformAnswers: GCP_PLATFORM_ANSWERS,
    async start(setup: ConformanceSetup): Promise<RunningAdapter> {
      const [pubsub, firestore] = await Promise.all([startRecorder(), startFirestoreEmulator()]);
      const env = { ...setup.env, ...firestore.env, CATOPS_PUBSUB_CAPTURE_URL: pubsub.url };
      const [http, jobs] = await Promise.all([
        serveFunctions({ entry, targets: ["catops", WARM_UP], env }),
        serveFunctions({ entry, targets: ["catops-jobs", WARM_UP], env }),
      ]);
      await Promise.all([warmUp(http), warmUp(jobs)]);
      let delivered = 0;
      /** Published jobs whose run was killed: drain() does not deliver them. */
      const killed = new Set<number>();
      /** A bot on the functions' Firestore collection, to write what a dying run leaves. */
      let state: CatOps | undefined;
      const stateBot = () =>
        (state ??= createConformanceBot(setup.env, {
          logger: silentLogger,
          store: createFirestoreStore({ firestore: firestore.client() }),
        }));
      /** `message` published to the jobs topic at `at`, delivered to the CloudEvent function. */
      const publish = async (message: unknown, at: Date, mode: CloudEventMode) => {
        const published = {
          method: "POST",
          path: "/publish/catops-jobs",
          headers: {},
          body: "",
          json: {
            messageId: randomUUID(),
            data: Buffer.from(JSON.stringify(message)).toString("base64"),
          },
          at: at.getTime(),
        };
        const response = await deliverPubSubMessage(jobs.urls["catops-jobs"]!, published, mode);
        if (response.status !== 204)
          throw new Error(`the CloudEvent function answered ${response.status}`);
      };
      return {
        send: forwardTo(http.urls.catops!),
        async drain() {
          while (delivered < pubsub.requests.length) {
            if (killed.has(delivered)) {
              delivered++;
              continue;
            }
            const published = pubsub.requests[delivered]!;
            const mode: CloudEventMode = delivered++ % 2 === 0 ? "binary" : "structured";
            const jobsUrl = jobs.urls["catops-jobs"]!;
            const response = await deliverPubSubMessage(jobsUrl, published, mode);
            options.onDelivery?.({ mode, status: response.status });
          }
        },
        // The message a Cloud Scheduler job publishes to the jobs topic, delivered by Eventarc.
        fire: (schedule, at) =>
          publish({ kind: "catops.schedule", schedule: schedule.name }, at, "binary"),
        // A message published to the jobs topic by anyone allowed to, delivered by Eventarc.
        deliverJob: (envelope) => publish(envelope, new Date(), "structured"),
        // The instance running the next published job dies in mid-run: Pub/Sub delivers it again.
        async killNextJob() {
          const index = pubsub.requests.length;
          await pubsub.waitFor((r) => pubsub.requests.indexOf(r) >= index, 10_000);
          killed.add(index);
          const { data } = pubsub.requests[index]!.json as { data: string };
          const envelope = JSON.parse(Buffer.from(data, "base64").toString("utf8"));
          await markRunning(jobsOf(stateBot()), envelope);
          return envelope;
        },
        async stop() {
          options.onStop?.([...http.stdout, ...jobs.stdout]);
          await Promise.all([http.stop(), jobs.stop()]);
          await Promise.all([pubsub.close(), firestore.stop()]);
        },
      };
    },
  };
}
