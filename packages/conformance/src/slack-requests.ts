// Slack's side of the conformance table: its documented payloads signed now with the row's
// secret (slash commands, mentions, button presses, modal submissions, the Home tab opened), and
// how a scenario reads the answer, inline or late at its response_url.
import { createHmac, randomUUID } from "node:crypto";
import { expect } from "vitest";
import { vendorText } from "./fixtures.ts";
import type { RecordedRequest } from "./recorder.ts";
import type { RowContext } from "./row.ts";
export const SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
export const BOT_TOKEN = "xoxb-conformance-0000-token";
export const ORIGIN = "http://localhost";
export const ALERT_TOKEN = "alert-token-conformance-0000";
export const ALERT_CHANNEL = "CALERTS01";
/** The channel of the conformance plugins' schedule. */
export const SCHEDULE_CHANNEL = "CSCHEDULE01";
/** Slack gives an app 3 s to answer; an acknowledgement must come well within that. */
export const ACK_BUDGET_MS = 2500;
/** How long to watch for something that must not happen. */
export const QUIET_MS = 500;

export type Context = RowContext;

export const fixture = (name: string) => vendorText(`slack/${name}`);
export const fixtureJson = (name: string) => JSON.parse(fixture(name));
export const unique = (tag: string) => `${tag}-${randomUUID().slice(0, 8)}`;

export function sign(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

export function slackRequest(
  body: string,
  options: {
    contentType?: string;
    secret?: string;
    ageSeconds?: number;
    headers?: Record<string, string>;
  } = {},
): Request {
  const timestamp = Math.floor(Date.now() / 1000) - (options.ageSeconds ?? 0);
  return new Request(`${ORIGIN}/slack/events`, {
    method: "POST",
    headers: {
      "content-type": options.contentType ?? "application/x-www-form-urlencoded",
      "x-slack-request-timestamp": String(timestamp),
      "x-slack-signature": sign(options.secret ?? SIGNING_SECRET, timestamp, body),
      ...options.headers,
    },
    body,
  });
}

/** A slash command from the docs' signing example, with `text` and a response_url at the recorder. */
export function slashCommand(ctx: Context, text: string, responsePath: string, userId?: string) {
  const params = new URLSearchParams(fixture("signing-docs-example.body.txt"));
  params.set("text", text);
  if (userId) params.set("user_id", userId);
  params.set("response_url", `${ctx.recorder.url}${responsePath}`);
  return slackRequest(params.toString());
}

/** The app_mention from the docs, addressed to the bot, with a fresh event_id and ts. */
export function mention(text: string) {
  const envelope = fixtureJson("events-app-mention-usage-info.json");
  const ts = `${Math.floor(Date.now() / 1000)}.${String(Math.floor(Math.random() * 1e6)).padStart(6, "0")}`;
  envelope.event_id = unique(envelope.event_id);
  envelope.event = { ...envelope.event, text, ts, event_ts: ts };
  return { body: JSON.stringify(envelope), ts, channel: envelope.event.channel as string };
}

/** A press of a CatOps button on the docs' block_actions example, by `userId`. */
export function buttonPress(
  ctx: Context,
  actionId: string,
  value: string,
  responsePath: string,
  userId?: string,
) {
  const payload = fixtureJson("interactivity-block-actions-message.payload.json");
  payload.actions = [{ ...payload.actions[0], action_id: actionId, value }];
  payload.response_url = `${ctx.recorder.url}${responsePath}`;
  if (userId) payload.user.id = userId;
  return slackRequest(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
}

export async function timed(send: Promise<Response>): Promise<{ response: Response; ms: number }> {
  const started = Date.now();
  const response = await send;
  return { response, ms: Date.now() - started };
}

export const at = (ctx: Context, path: string) =>
  ctx.recorder.waitFor((r) => r.path === path, 10_000);
export const isThreadPost = (ts: string) => (r: RecordedRequest) =>
  r.path === "/api/chat.postMessage" && r.json?.thread_ts === ts;

export async function slashReply(
  ctx: Context,
  text: string,
  path = unique("/commands/reply"),
  userId?: string,
) {
  const { response, ms } = await timed(ctx.adapter.send(slashCommand(ctx, text, path, userId)));
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("application/json");
  return { body: (await response.json()) as any, ms, path };
}

export function expectPostedInThread(
  post: RecordedRequest,
  channel: string,
  ts: string,
  text: string,
) {
  expect(post.headers.authorization).toBe(`Bearer ${BOT_TOKEN}`);
  expect(post.json).toMatchObject({ channel, thread_ts: ts, text });
}

/** The docs' view_submission, carrying the modal CatOps opened and the values entered. */
export function formSubmission(
  view: { callback_id: string; private_metadata: string },
  values: object,
) {
  const { payload } = fixtureJson("socket-mode-interactive-view-submission.envelope.json");
  const asker = new URLSearchParams(fixture("signing-docs-example.body.txt")).get("user_id")!;
  payload.user = { id: asker, username: "asker" };
  payload.view.callback_id = view.callback_id;
  payload.view.private_metadata = view.private_metadata;
  payload.view.state.values = values;
  return slackRequest(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
}

/** The docs' app_home_opened event, for `userId`, as the Events API delivers it. */
export function homeOpened(userId: string) {
  const { payload } = fixtureJson("socket-mode-events-api-app-home-opened.envelope.json");
  const body = JSON.stringify({
    type: "event_callback",
    team_id: "T123ABC456",
    event_id: unique("Ev-home"),
    event: { ...payload, user: userId },
  });
  return slackRequest(body, { contentType: "application/json" });
}

/**
 * The reply to `text` once it matches `pattern`: a run is kept in the history after its answer
 * has gone out, in the background on runtimes that keep working after the answer (bounded).
 */
export async function replyMatching(ctx: Context, text: string, pattern: RegExp, userId?: string) {
  const until = Date.now() + 10_000;
  for (;;) {
    const reply = await answerTo(ctx, text, userId);
    if (pattern.test(reply) || Date.now() > until) return reply;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * What `text` answers: the reply itself, or, when a busy machine pushed the command past the
 * deadline and the bot acknowledged it, the late reply at its response_url.
 */
export async function answerTo(ctx: Context, text: string, userId?: string): Promise<string> {
  const { body, path } = await slashReply(ctx, text, undefined, userId);
  if (!String(body.text).startsWith(`Still working on \`${text}\``)) return body.text;
  await ctx.adapter.drain?.();
  return (await at(ctx, path)).json?.text;
}
