// The chat table through Google Cloud Functions: the conformance bot served by the real
// Functions Framework (the HTTP function and the Pub/Sub CloudEvent function in two child
// processes), state in a Firestore protocol server, Pub/Sub publishes captured and delivered by
// drain() as Eventarc would. A row of its own (not a second call in gcp-functions.test.ts),
// because that row's log checks read the logs of the last instance it stopped.
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { startFirestoreEmulator } from "../gcp/firestore-emulator.ts";
import { type CloudEventMode, deliverPubSubMessage, serveFunctions } from "../gcp/framework.ts";
import { startRecorder } from "../support/recorder.ts";
import { runChatConformance } from "./chat-scenarios.ts";

const entry = fileURLToPath(new URL("../gcp/conformance-entry.ts", import.meta.url));
const deliveries: { mode: CloudEventMode; status: number }[] = [];
let logs: string[] = [];
let token = "";

runChatConformance({
  name: "gcp-functions",
  async start(setup) {
    const [pubsub, firestore] = await Promise.all([startRecorder(), startFirestoreEmulator()]);
    const env = { ...setup.env, ...firestore.env, CATOPS_PUBSUB_CAPTURE_URL: pubsub.url };
    const [http, jobs] = await Promise.all([
      serveFunctions({ entry, targets: ["catops"], env }),
      serveFunctions({ entry, targets: ["catops-jobs"], env }),
    ]);
    token = setup.env.CATOPS_MATTERMOST_TOKEN!;
    let delivered = 0;
    return {
      async send(request) {
        const { pathname, search } = new URL(request.url);
        const headers = new Headers(request.headers);
        headers.delete("host");
        return fetch(`${http.urls.catops}${pathname}${search}`, {
          method: request.method,
          headers,
          body: request.method === "GET" ? undefined : await request.arrayBuffer(),
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

describe("the gcp-functions chat row's Pub/Sub deliveries and logs", () => {
  it("ran the deferred Mattermost and Discord commands through the CloudEvent function", () => {
    expect(deliveries).toHaveLength(2);
    for (const delivery of deliveries) expect(delivery.status).toBe(204);
  });

  it("logged the refusals, and never the Mattermost token", () => {
    const text = logs.join("\n");
    expect(text).toContain("Mattermost request refused");
    expect(text).toContain("Discord request refused");
    expect(text).not.toContain(token);
  });
});
