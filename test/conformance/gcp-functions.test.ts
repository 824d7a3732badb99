// The GCP row: the conformance bot registered with @catops/gcp-functions' registerCatOps,
// served by the real Functions Framework server (two child processes, as two deployed
// functions are two instances: the HTTP function and the Pub/Sub CloudEvent function), over
// HTTP on loopback. State is shared only through Firestore (a Firestore protocol server on
// loopback); Pub/Sub publishes are captured at the client boundary, and drain() delivers each
// to the CloudEvent function as Eventarc would, alternating binary and structured mode.
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { startRecorder } from "../support/recorder.ts";
import { startFirestoreEmulator } from "../gcp/firestore-emulator.ts";
import { type CloudEventMode, deliverPubSubMessage, serveFunctions } from "../gcp/framework.ts";
import { runConformance } from "./harness.ts";

const entry = fileURLToPath(new URL("../gcp/conformance-entry.ts", import.meta.url));
const deliveries: { mode: CloudEventMode; status: number }[] = [];
let logs: string[] = [];
let secrets: string[] = [];

runConformance({
  name: "gcp-functions",
  platformAnswers: {
    malformedJson:
      "the Functions Framework parses application/json bodies with Express's body-parser before " +
      "the function runs, and answers a malformed one itself (functions-framework-nodejs#686)",
  },
  async start(setup) {
    const [pubsub, firestore] = await Promise.all([startRecorder(), startFirestoreEmulator()]);
    const env = { ...setup.env, ...firestore.env, CATOPS_PUBSUB_CAPTURE_URL: pubsub.url };
    const [http, jobs] = await Promise.all([
      serveFunctions({ entry, targets: ["catops"], env }),
      serveFunctions({ entry, targets: ["catops-jobs"], env }),
    ]);
    secrets = [setup.env.SLACK_SIGNING_SECRET, setup.env.SLACK_BOT_TOKEN];
    let delivered = 0;
    return {
      async send(request) {
        const { pathname, search } = new URL(request.url);
        const headers = new Headers(request.headers);
        headers.delete("host");
        const body =
          request.method === "GET" || request.method === "HEAD"
            ? undefined
            : await request.arrayBuffer();
        return fetch(`${http.urls.catops}${pathname}${search}`, {
          method: request.method,
          headers,
          body,
        });
      },
      async drain() {
        while (delivered < pubsub.requests.length) {
          const published = pubsub.requests[delivered]!;
          const mode: CloudEventMode = delivered++ % 2 === 0 ? "binary" : "structured";
          const response = await deliverPubSubMessage(jobs.urls["catops-jobs"]!, published, mode);
          deliveries.push({ mode, status: response.status });
        }
      },
      async stop() {
        logs = [...http.stdout, ...jobs.stdout];
        await Promise.all([http.stop(), jobs.stop()]);
        await Promise.all([pubsub.close(), firestore.stop()]);
      },
    };
  },
});

describe("the gcp-functions row's Pub/Sub deliveries and logs", () => {
  it("ran every deferred job through the CloudEvent function, in both content modes", () => {
    expect(deliveries.length).toBeGreaterThan(1);
    expect(new Set(deliveries.map((delivery) => delivery.mode))).toEqual(
      new Set(["binary", "structured"]),
    );
    for (const delivery of deliveries) expect(delivery.status).toBe(204);
  });

  it("logged JSON lines with a severity, and never a secret", () => {
    expect(logs.length).toBeGreaterThan(0);
    for (const line of logs)
      expect(["DEBUG", "INFO", "WARNING", "ERROR"]).toContain(JSON.parse(line).severity);
    for (const secret of secrets) expect(logs.join("\n")).not.toContain(secret);
  });
});
