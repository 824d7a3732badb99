// Runs inside the function's process: a Pub/Sub client whose publishMessage POSTs the message
// to a local recorder (CATOPS_PUBSUB_CAPTURE_URL) instead of Google's servers, so the test can
// deliver it back to the CloudEvent function as Pub/Sub would.
import type { PubSubClient } from "@catops/gcp-functions";

export function capturingPubSub(captureUrl: string): PubSubClient {
  let next = 0;
  return {
    topic: (name) => ({
      async publishMessage({ data, attributes }) {
        const messageId = `${Date.now()}${++next}`;
        const response = await fetch(`${captureUrl}/publish/${encodeURIComponent(name)}`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            messageId,
            data: Buffer.from(data).toString("base64"),
            attributes,
          }),
        });
        if (!response.ok) throw new Error(`capture refused the message: ${response.status}`);
        return messageId;
      },
    }),
  };
}
