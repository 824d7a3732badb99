// Signed Slack slash-command requests for the Worker tests, built from Slack's documented
// form body with the command text and response_url replaced.
import { createHmac } from "node:crypto";
import { vendorText } from "../fixtures/vendor.mjs";

const FORM = vendorText("slack/slash-command-docs-example.txt").trim();

export function slashCommandBody(text: string, responseUrl: string): string {
  const form = new URLSearchParams(FORM);
  form.set("command", "/catops");
  form.set("text", text);
  form.set("response_url", responseUrl);
  return form.toString();
}

export function signedSlackRequest(
  url: string,
  body: string,
  signingSecret: string,
  contentType = "application/x-www-form-urlencoded",
): Request {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = `v0=${createHmac("sha256", signingSecret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
  return new Request(url, {
    method: "POST",
    headers: {
      "content-type": contentType,
      "x-slack-request-timestamp": timestamp,
      "x-slack-signature": signature,
    },
    body,
  });
}
