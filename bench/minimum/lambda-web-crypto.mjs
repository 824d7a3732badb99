// The hand-written minimum on Lambda with Web Crypto's HMAC instead of node:crypto's.
import { answer } from "./web-crypto.mjs";

const secret = process.env.SLACK_SIGNING_SECRET ?? "";

export async function handler(event) {
  const headers = event.headers ?? {};
  const body = event.isBase64Encoded ? atob(event.body ?? "") : (event.body ?? "");
  const [statusCode, json] = await answer(
    secret,
    headers["x-slack-request-timestamp"],
    headers["x-slack-signature"],
    body,
  );
  return statusCode === 200
    ? { statusCode, headers: { "content-type": "application/json" }, body: json }
    : { statusCode, body: "" };
}
