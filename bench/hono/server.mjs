// Hono on @hono/node-server, the usual pick for a small Node webhook: verifies Slack's signature
// with node:crypto and answers `/catops hi` on POST /slack/events. PORT=0 picks a free port.
import { createHmac, timingSafeEqual } from "node:crypto";
import { serve } from "@hono/node-server";
import { Hono } from "hono";

const secret = process.env.SLACK_SIGNING_SECRET ?? "";
const app = new Hono();

app.post("/slack/events", async (c) => {
  const body = await c.req.text();
  const timestamp = c.req.header("x-slack-request-timestamp");
  const signature = c.req.header("x-slack-signature") ?? "";
  const expected = `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
  if (
    !timestamp ||
    Math.abs(Date.now() / 1000 - Number(timestamp)) > 300 ||
    signature.length !== expected.length ||
    !timingSafeEqual(Buffer.from(signature), Buffer.from(expected))
  )
    return c.body(null, 401);
  const text = new URLSearchParams(body).get("text");
  return c.json({
    response_type: "in_channel",
    text: text === "hi" ? "Meow!" : `Unknown command ${text}`,
  });
});

serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 0), hostname: "127.0.0.1" }, (info) =>
  console.log(JSON.stringify({ port: info.port })),
);
