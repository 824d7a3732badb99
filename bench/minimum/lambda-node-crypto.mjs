// The hand-written minimum a team could write instead of a framework: one Lambda handler that
// verifies Slack's signature with node:crypto and answers `/catops hi`. No routing, no plugins.
import { createHmac, timingSafeEqual } from "node:crypto";

const secret = process.env.SLACK_SIGNING_SECRET ?? "";

export async function handler(event) {
  const headers = event.headers ?? {};
  const body = event.isBase64Encoded
    ? Buffer.from(event.body ?? "", "base64").toString("utf8")
    : (event.body ?? "");
  const timestamp = headers["x-slack-request-timestamp"];
  const signature = headers["x-slack-signature"] ?? "";
  if (!timestamp || Math.abs(Date.now() / 1000 - Number(timestamp)) > 300)
    return { statusCode: 401, body: "" };
  const expected = `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
  if (
    signature.length !== expected.length ||
    !timingSafeEqual(Buffer.from(signature), Buffer.from(expected))
  )
    return { statusCode: 401, body: "" };
  const text = new URLSearchParams(body).get("text");
  return {
    statusCode: 200,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      response_type: "in_channel",
      text: text === "hi" ? "Meow!" : `Unknown command ${text}`,
    }),
  };
}
