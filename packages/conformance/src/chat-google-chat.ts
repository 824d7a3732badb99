// The Google Chat rows of the chat table: interaction events in Chat's documented format (a
// mention in a space, a slash command, a card click) with a bearer token signed now by a key
// this file makes; the key sets, the token endpoint and the Chat API are all the recorder.
// Commands are answered in the HTTP response; late replies arrive as Chat API calls.
import { expect } from "vitest";
import { vendorJson, vendorText } from "./fixtures.ts";
import {
  createTestIssuer,
  GOOGLE_IDENTITY_PATHS,
  serveGoogleIdentity,
  testServiceAccount,
} from "./identity.ts";
import type { RecordedRequest } from "./recorder.ts";
import { CHAT_ALERT_TOKEN, GOOGLE_CHAT_ALERT_SPACE } from "./chat-alerts.ts";
import { expectUndelivered } from "./late-replies.ts";
import type { RowContext, Scenario } from "./row.ts";

const PROJECT_NUMBER = "1234567890";
const ACCESS_TOKEN = "google-chat-conformance-access-token";
const MENTION = vendorJson("google-chat/message-mention.DERIVED.json");
const SLASH = vendorJson("google-chat/message-slash-command.DERIVED.json");
const CLICK = vendorJson("google-chat/card-clicked.DERIVED.json");
const ORIGIN = "http://localhost";

const chatIssuer = await createTestIssuer("google-chat-conformance-key");
const idTokenIssuer = await createTestIssuer("google-id-token-conformance-key");

/** Google Chat settings for a row's bot. */
export function googleChatConformanceEnv(recorderUrl: string): Record<string, string> {
  return {
    CATOPS_GOOGLE_CHAT_AUDIENCE: PROJECT_NUMBER,
    CATOPS_GOOGLE_CHAT_JWKS_URL: `${recorderUrl}${GOOGLE_IDENTITY_PATHS.chatKeys}`,
    CATOPS_GOOGLE_CHAT_ID_TOKEN_JWKS_URL: `${recorderUrl}${GOOGLE_IDENTITY_PATHS.idTokenKeys}`,
    CATOPS_GOOGLE_CHAT_SERVICE_ACCOUNT_KEY: JSON.stringify(
      testServiceAccount(`${recorderUrl}${GOOGLE_IDENTITY_PATHS.token}`),
    ),
    CATOPS_GOOGLE_CHAT_API_URL: `${recorderUrl}/google-chat-api`,
  };
}

const token = (claims: Record<string, unknown> = {}, options = {}) =>
  chatIssuer.sign(
    { iss: "chat@system.gserviceaccount.com", aud: PROJECT_NUMBER, ...claims },
    options,
  );

async function request(body: unknown, bearer?: string | null) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  const presented = bearer === undefined ? await token() : bearer;
  if (presented !== null) headers.authorization = `Bearer ${presented}`;
  return new Request(`${ORIGIN}/google-chat/events`, {
    method: "POST",
    headers,
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** A mention of the app in a space, `@CatOps <text>`, in a thread of its own. */
function mention(text: string) {
  const event = structuredClone(MENTION);
  event.message.text = `@CatOps ${text}`;
  event.message.argumentText = ` ${text}`;
  event.message.thread = { name: `${event.space.name}/threads/${crypto.randomUUID()}` };
  return event;
}

/** Sends an event and reads Chat's synchronous reply. */
async function answer(ctx: RowContext, event: unknown) {
  const response = await ctx.adapter.send(await request(event));
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("application/json");
  return (await response.json()) as any;
}

const inThread = (thread: string) => (r: RecordedRequest) =>
  r.method === "POST" &&
  r.path.startsWith("/google-chat-api/v1/") &&
  r.json?.thread?.name === thread;

/**
 * The answer to `event`: the HTTP answer, or, when a busy machine pushed the command past the
 * row's deadline and the bot acknowledged it ("Still working on …"), the late reply in its thread.
 */
async function answerOf(ctx: RowContext, event: ReturnType<typeof mention>) {
  const first = await answer(ctx, event);
  if (!String(first.text).startsWith("Still working on")) return first;
  await ctx.adapter.drain?.();
  return (await ctx.recorder.waitFor(inThread(event.message.thread.name), 10_000)).json;
}

function buttonsOf(message: any) {
  return message.cardsV2[0].card.sections.at(-1).widgets[0].buttonList.buttons;
}

/** A click on a CatOps button, as Chat sends it for cards v2. */
function click(action: { function: string; parameters: { key: string; value: string }[] }) {
  const event = structuredClone(CLICK);
  delete event.action;
  event.common = {
    ...event.common,
    invokedFunction: action.function,
    parameters: Object.fromEntries(action.parameters.map((p) => [p.key, p.value])),
  };
  return event;
}

function scenario(name: string, run: (ctx: RowContext) => Promise<void>): Scenario {
  return {
    name: `google-chat: ${name}`,
    run(ctx) {
      serveGoogleIdentity(ctx.recorder, chatIssuer, idTokenIssuer, ACCESS_TOKEN);
      return run(ctx);
    },
  };
}

export const googleChatScenarios: Scenario[] = [
  scenario("a slash command is answered in the HTTP response", async (ctx) => {
    expect(await answer(ctx, SLASH)).toEqual({ text: "Meow!" });
  }),
  scenario("help in a space lists the commands", async (ctx) => {
    const body = await answer(ctx, mention("help"));
    for (const name of ["careful", "guarded", "hi", "long", "slow"])
      expect(body.text).toContain(`\`${name}\``);
  }),
  scenario("an unknown command suggests the closest one", async (ctx) => {
    const body = await answer(ctx, mention("hepl"));
    expect(body.text).toMatch(/Unknown command `hepl`\. Did you mean `help`\?/);
  }),
  scenario("a typed argument that does not parse is explained", async (ctx) => {
    const body = await answer(ctx, mention("slow --ms soon"));
    expect(body.text).toMatch(/--ms/);
    expect(body.text).toMatch(/number/);
  }),
  scenario("a run button's click adds a message with the command's answer", async (ctx) => {
    const body = await answer(
      ctx,
      click({ function: "catops.run", parameters: [{ key: "value", value: "hi" }] }),
    );
    expect(body).toEqual({ actionResponse: { type: "NEW_MESSAGE" }, text: "Meow!" });
  }),
  scenario("a confirmation card, then the command runs and the card is updated", async (ctx) => {
    const asked = await answer(ctx, mention("careful"));
    expect(asked.text).toBe("Run `careful`?");
    const [run, cancel] = buttonsOf(asked);
    expect([run.text, cancel.text]).toEqual(["Run", "Cancel"]);
    const done = await answer(ctx, click(run.onClick.action));
    expect(done).toEqual({ actionResponse: { type: "UPDATE_MESSAGE" }, text: "careful done" });
  }),
  scenario("a command the user may not run is refused", async (ctx) => {
    const body = await answer(ctx, mention("guarded"));
    expect(body.text).toContain("You are not allowed to run `guarded`");
  }),
  scenario(
    "a deferred command is acknowledged, then its result is posted in the thread",
    async (ctx) => {
      const event = mention("slow");
      const ack = await answer(ctx, event);
      expect(ack.text).toMatch(/^Running `slow`…/);
      await ctx.adapter.drain?.();
      const late = await ctx.recorder.waitFor(inThread(event.message.thread.name), 10_000);
      expect(late.path).toContain(`/v1/${event.space.name}/messages`);
      expect(late.headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
      expect(late.json.text).toBe("slow done");
    },
  ),
  scenario(
    "a job whose late reply cannot be delivered keeps the failure on its record, audited",
    async (ctx) => {
      const event = mention("slow --ms 1000");
      // The app was removed from the space, as the Chat API answers then: set before the command
      // is sent, so the reply cannot get through however soon the job ends.
      const messages = `/google-chat-api/v1/${event.space.name}/messages`;
      const stop = ctx.recorder.respondWhere(
        (r) => r.path.split("?")[0] === messages && r.body.includes("slow done"),
        { status: 404, body: JSON.stringify({ error: { code: 404, status: "NOT_FOUND" } }) },
      );
      try {
        const id = /job `(\w+)`/.exec((await answer(ctx, event)).text)?.[1];
        expect(id).toBeDefined();
        await ctx.adapter.drain?.();
        const ask = async (text: string) => (await answer(ctx, mention(text))).text as string;
        await expectUndelivered(ask, "slow --ms 1000", id!, "slow done");
      } finally {
        stop();
      }
    },
  ),
  scenario("a deferred job can be cancelled by its owner", async (ctx) => {
    const event = mention("long");
    const ack = await answer(ctx, event);
    const job = /job `(\w+)`/.exec(ack.text)?.[1];
    expect(job).toBeDefined();
    // A cancellation, however slowly it is answered: this is not about the deadline.
    const cancelled = await answerOf(ctx, mention(`cancel ${job}`));
    expect(cancelled.text).toContain(`Cancelling job \`${job}\``);
    await ctx.adapter.drain?.();
    const told = await ctx.recorder.waitFor(
      (r) => inThread(event.message.thread.name)(r) && /was cancelled/.test(r.json.text),
      10_000,
    );
    expect(told.json.text).toContain(job);
    const thread = ctx.recorder.requests.filter(inThread(event.message.thread.name));
    expect(JSON.stringify(thread)).not.toContain("long done");
  }),
  scenario("an alert is posted to its space with the runbook's buttons", async (ctx) => {
    const body = vendorText("monitoring/uptimerobot-monitor-down.zulip-fixture.json");
    const alert = (query: string) =>
      ctx.adapter.send(
        new Request(`${ORIGIN}/alerts/google-chat-uptimerobot${query}`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body,
        }),
      );
    expect((await alert("")).status).toBe(401);
    expect((await alert(`?token=${CHAT_ALERT_TOKEN}`)).status).toBe(200);
    await ctx.adapter.drain?.();
    const path = `/google-chat-api/v1/${GOOGLE_CHAT_ALERT_SPACE}/messages`;
    const post = await ctx.recorder.waitFor((r) => r.path === path, 10_000);
    expect(post.headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
    expect(JSON.stringify(post.json)).toContain(JSON.parse(body).monitorFriendlyName);
    expect(buttonsOf(post.json)).toContainEqual(
      expect.objectContaining({
        onClick: {
          action: { function: "catops.run", parameters: [{ key: "value", value: "hi" }] },
        },
      }),
    );
  }),
  scenario(
    "a missing, expired, wrong-audience, wrong-issuer or unknown-key token is 401",
    async (ctx) => {
      const bearers = [
        null,
        await token({}, { expiresInSeconds: -600 }),
        await token({ aud: "999" }),
        await token({ iss: "someone@example.iam.gserviceaccount.com" }),
        await token({}, { unknownKey: true }),
      ];
      for (const bearer of bearers) {
        const response = await ctx.adapter.send(await request(SLASH, bearer));
        expect(response.status).toBe(401);
        expect(await response.json()).toEqual({ ok: false, error: "invalid token" });
      }
    },
  ),
  scenario("a malformed event with a valid token is 400", async (ctx) => {
    for (const body of ['{"type":', JSON.stringify({ type: "MESSAGE" })]) {
      const response = await ctx.adapter.send(await request(body));
      expect(response.status).toBe(400);
      expect(await response.text()).not.toMatch(/SyntaxError|\bat \S+ \(/);
    }
  }),
];
