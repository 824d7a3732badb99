// The hand-written minimum as a Cloudflare Worker: Web Crypto, the only HMAC workerd has.
import { answer } from "./web-crypto.mjs";

export default {
  async fetch(request, env) {
    if (request.method !== "POST") return new Response(null, { status: 405 });
    const [status, json] = await answer(
      env.SLACK_SIGNING_SECRET,
      request.headers.get("x-slack-request-timestamp"),
      request.headers.get("x-slack-signature"),
      await request.text(),
    );
    return new Response(json || null, {
      status,
      headers: status === 200 ? { "content-type": "application/json" } : {},
    });
  },
};
