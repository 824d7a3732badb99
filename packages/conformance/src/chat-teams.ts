// The Microsoft Teams rows of the chat table: Bot Framework activities (the docs' personal message,
// and a channel message with the bot's mention derived from it) with a bearer token signed now by
// a key this file makes; the OpenID metadata, its JWKS, the token endpoint and the Bot Connector
// are all the recorder. Replies arrive at the recorder as Bot Connector calls.
import { expect } from "vitest";
import { vendorJson, vendorText } from "./fixtures.ts";
import { createTestIssuer, serveTeamsIdentity, TEAMS_IDENTITY_PATHS } from "./identity.ts";
import type { RecordedRequest } from "./recorder.ts";
import { ALERT_PROBE, CHAT_ALERT_TOKEN, TEAMS_ALERT_CONVERSATION } from "./chat-alerts.ts";
import { expectUndelivered } from "./late-replies.ts";
import type { RowContext, Scenario } from "./row.ts";

const APP_ID = "c9e8c047-2a74-40a2-b28a-b162d5f5327c";
const PASSWORD = "teams-conformance-client-secret";
const ACCESS_TOKEN = "teams-conformance-access-token";
const PERSONAL = vendorJson("teams/message-personal.msteams-docs.json");
const CHANNEL = vendorJson("teams/message-channel-mention.DERIVED.json");
const SUBMIT = vendorJson("teams/adaptive-card-submit.DERIVED.json");
const ORIGIN = "http://localhost";

const issuer = await createTestIssuer("teams-conformance-key");

const serviceUrl = (ctx: RowContext) => `${ctx.recorder.url}/teams-service/`;
const newId = () => String(Date.now()) + String(Math.floor(Math.random() * 1e6)).padStart(6, "0");

/** Teams settings for a row's bot. */
export function teamsConformanceEnv(recorderUrl: string): Record<string, string> {
  return {
    CATOPS_TEAMS_APP_ID: APP_ID,
    CATOPS_TEAMS_PASSWORD: PASSWORD,
    CATOPS_TEAMS_OPENID_METADATA_URL: `${recorderUrl}${TEAMS_IDENTITY_PATHS.metadata}`,
    CATOPS_TEAMS_TOKEN_URL: `${recorderUrl}${TEAMS_IDENTITY_PATHS.token}`,
    CATOPS_TEAMS_SERVICE_URL: `${recorderUrl}/teams-service/`,
  };
}

function token(ctx: RowContext, claims: Record<string, unknown> = {}, options = {}) {
  return issuer.sign(
    { iss: "https://api.botframework.com", aud: APP_ID, serviceurl: serviceUrl(ctx), ...claims },
    options,
  );
}

async function request(ctx: RowContext, body: unknown, bearer?: string | null) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  const presented = bearer === undefined ? await token(ctx) : bearer;
  if (presented !== null) headers.authorization = `Bearer ${presented}`;
  return new Request(`${ORIGIN}/teams/messages`, {
    method: "POST",
    headers,
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** A message in the channel, `@Teams TestBot <text>`, with a fresh activity id. */
function channelMessage(ctx: RowContext, text: string) {
  const id = newId();
  const activity = {
    ...structuredClone(CHANNEL),
    id,
    serviceUrl: serviceUrl(ctx),
    text: `<at>Teams TestBot</at> ${text}`,
  };
  return { activity, id };
}

/** A 1:1 message with `text`. */
function personalMessage(ctx: RowContext, text: string) {
  const id = newId();
  return { activity: { ...structuredClone(PERSONAL), id, serviceUrl: serviceUrl(ctx), text }, id };
}

const replyTo = (id: string) => (r: RecordedRequest) =>
  r.method === "POST" && r.path.startsWith("/teams-service/v3/") && r.path.endsWith(`/${id}`);

/** Sends a message in the channel (made here unless given) and waits for the first reply to it. */
async function converse(ctx: RowContext, text: string, message = channelMessage(ctx, text)) {
  const { activity, id } = message;
  const response = await ctx.adapter.send(await request(ctx, activity));
  expect(response.status).toBe(200);
  // The first reply is sent before the HTTP answer: no background work to wait for.
  const reply = await ctx.recorder.waitFor(replyTo(id), 10_000);
  expect(reply.headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
  return { reply, id, replies: () => ctx.recorder.requests.filter(replyTo(id)) };
}

/**
 * The answer to `text`: its first reply, or, when a busy machine pushed the command past the
 * deadline and the bot acknowledged it ("Still working on …"), the late reply that follows.
 */
async function answerOf(ctx: RowContext, text: string) {
  const first = await converse(ctx, text);
  if (!String(first.reply.json?.text).startsWith("Still working on")) return first;
  await ctx.adapter.drain?.();
  const late = await ctx.recorder.waitFor((r) => replyTo(first.id)(r) && r !== first.reply, 10_000);
  return { ...first, reply: late };
}

function cardOf(reply: RecordedRequest) {
  const attachment = reply.json.attachments?.[0];
  expect(attachment?.contentType).toBe("application/vnd.microsoft.card.adaptive");
  return attachment.content;
}

const conversationPath = `/teams-service/v3/conversations/${encodeURIComponent(TEAMS_ALERT_CONVERSATION)}/activities`;

/**
 * Fires an Uptime Robot alert of its own (a fresh monitor) into the Teams conversation, the
 * Bot Connector answering with the card's activity id; `press` submits one of its buttons.
 */
async function fireAlert(ctx: RowContext) {
  const body = JSON.parse(vendorText("monitoring/uptimerobot-monitor-down.zulip-fixture.json"));
  const monitor = newId();
  const cardId = newId();
  ctx.recorder.respondWith(conversationPath, { status: 201, body: JSON.stringify({ id: cardId }) });
  const response = await ctx.adapter.send(
    new Request(`${ORIGIN}/alerts/teams-uptimerobot?token=${CHAT_ALERT_TOKEN}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...body, monitorID: monitor, monitorFriendlyName: `site ${monitor}` }),
    }),
  );
  expect(response.status).toBe(200);
  await ctx.adapter.drain?.();
  const post = await ctx.recorder.waitFor(
    (r) => r.path === conversationPath && JSON.stringify(r.json).includes(`site ${monitor}`),
    10_000,
  );
  const press = async (command: string, user?: string) => {
    const submit = {
      ...structuredClone(SUBMIT),
      id: newId(),
      serviceUrl: serviceUrl(ctx),
      value: { catopsAction: "catops.run", catopsValue: command },
      ...(user ? { from: { ...SUBMIT.from, aadObjectId: user } } : {}),
    };
    expect((await ctx.adapter.send(await request(ctx, submit))).status).toBe(200);
    await ctx.adapter.drain?.();
    return ctx.recorder.waitFor(replyTo(submit.id), 10_000);
  };
  return { card: cardOf(post), cardId, press, name: `site ${monitor}` };
}

function scenario(name: string, run: (ctx: RowContext) => Promise<void>): Scenario {
  return {
    name: `teams: ${name}`,
    run(ctx) {
      serveTeamsIdentity(ctx.recorder, issuer, ACCESS_TOKEN);
      return run(ctx);
    },
  };
}

export const teamsScenarios: Scenario[] = [
  scenario("a 1:1 message is answered through the Bot Connector as a reply", async (ctx) => {
    const { activity, id } = personalMessage(ctx, "hi");
    expect((await ctx.adapter.send(await request(ctx, activity))).status).toBe(200);
    const reply = await ctx.recorder.waitFor(replyTo(id), 10_000);
    expect(reply.json).toEqual({ type: "message", text: "Meow!", textFormat: "markdown" });
  }),
  scenario("help in a channel lists the commands", async (ctx) => {
    const { reply } = await converse(ctx, "help");
    for (const name of ["careful", "guarded", "hi", "long", "slow"])
      expect(reply.json.text).toContain(`\`${name}\``);
  }),
  scenario("an unknown command suggests the closest one, as a button", async (ctx) => {
    const { reply } = await converse(ctx, "hepl");
    const card = cardOf(reply);
    expect(JSON.stringify(card.body)).toMatch(/Unknown command `hepl`\. Did you mean `help`\?/);
    expect(card.actions).toContainEqual(
      expect.objectContaining({ data: { catopsAction: "catops.run", catopsValue: "help" } }),
    );
  }),
  scenario("a typed argument that does not parse is explained", async (ctx) => {
    const { reply } = await converse(ctx, "slow --ms soon");
    expect(reply.json.text).toMatch(/--ms/);
    expect(reply.json.text).toMatch(/number/);
    expect(reply.json.text).not.toContain("slow done");
  }),
  scenario("a run button's submit runs its command", async (ctx) => {
    const submit = {
      ...structuredClone(SUBMIT),
      id: newId(),
      serviceUrl: serviceUrl(ctx),
      value: { catopsAction: "catops.run", catopsValue: "hi" },
    };
    expect((await ctx.adapter.send(await request(ctx, submit))).status).toBe(200);
    await ctx.adapter.drain?.();
    const reply = await ctx.recorder.waitFor(replyTo(submit.id), 10_000);
    expect(reply.json.text).toBe("Meow!");
  }),
  scenario("a confirmation card, then the command runs and the card is edited", async (ctx) => {
    const { reply } = await converse(ctx, "careful");
    const card = cardOf(reply);
    expect(card.body[0].text).toBe("Run `careful`?");
    const [run, cancel] = card.actions;
    expect([run.title, cancel.title]).toEqual(["Run", "Cancel"]);
    const cardId = newId();
    const submit = {
      ...structuredClone(SUBMIT),
      id: newId(),
      replyToId: cardId,
      serviceUrl: serviceUrl(ctx),
      value: run.data,
    };
    expect((await ctx.adapter.send(await request(ctx, submit))).status).toBe(200);
    await ctx.adapter.drain?.();
    const edit = await ctx.recorder.waitFor(
      (r) => r.method === "PUT" && r.path.endsWith(`/activities/${cardId}`),
      10_000,
    );
    expect(edit.json).toMatchObject({ type: "message", text: "careful done", id: cardId });
  }),
  scenario("a command the user may not run is refused", async (ctx) => {
    const { reply, replies } = await converse(ctx, "guarded");
    expect(reply.json.text).toContain("You are not allowed to run `guarded`");
    expect(JSON.stringify(replies())).not.toContain("guarded done");
  }),
  scenario("a deferred command is acknowledged, then its result is a late reply", async (ctx) => {
    const { reply, id } = await converse(ctx, "slow");
    expect(reply.json.text).toMatch(/^Running `slow`…/);
    await ctx.adapter.drain?.();
    const late = await ctx.recorder.waitFor(
      (r) => replyTo(id)(r) && r.json?.text === "slow done",
      10_000,
    );
    expect(late.headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
  }),
  scenario(
    "a job whose late reply cannot be delivered keeps the failure on its record, audited",
    async (ctx) => {
      const message = channelMessage(ctx, "slow --ms 1000");
      // The conversation is gone (the bot was removed from it), as the Bot Connector answers,
      // by the time the job's reply comes: set before the command is sent, so the reply cannot
      // get through however soon the job ends.
      const stop = ctx.recorder.respondWhere(
        (r) => replyTo(message.id)(r) && r.body.includes("slow done"),
        {
          status: 404,
          body: JSON.stringify({ error: { code: "ConversationNotFound", message: "Not found" } }),
        },
      );
      try {
        const { reply } = await converse(ctx, "slow --ms 1000", message);
        const id = /job `(\w+)`/.exec(reply.json.text)?.[1];
        expect(id).toBeDefined();
        await ctx.adapter.drain?.();
        const ask = async (text: string) => (await answerOf(ctx, text)).reply.json.text as string;
        await expectUndelivered(ask, "slow --ms 1000", id!, "slow done");
      } finally {
        stop();
      }
    },
  ),
  scenario("a deferred job can be cancelled by its owner", async (ctx) => {
    const { reply, id } = await converse(ctx, "long");
    const job = /job `(\w+)`/.exec(reply.json.text)?.[1];
    expect(job).toBeDefined();
    const { reply: cancelled } = await converse(ctx, `cancel ${job}`);
    expect(cancelled.json.text).toContain(`Cancelling job \`${job}\``);
    await ctx.adapter.drain?.();
    const told = await ctx.recorder.waitFor(
      (r) => replyTo(id)(r) && /was cancelled/.test(r.json?.text ?? ""),
      10_000,
    );
    expect(told.json.text).toContain(job);
    expect(JSON.stringify(ctx.recorder.requests.filter(replyTo(id)))).not.toContain("long done");
  }),
  scenario(
    "an alert is posted to its conversation as a card with the runbook's buttons",
    async (ctx) => {
      const body = vendorText("monitoring/uptimerobot-monitor-down.zulip-fixture.json");
      const alert = (query: string) =>
        ctx.adapter.send(
          new Request(`${ORIGIN}/alerts/teams-uptimerobot${query}`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body,
          }),
        );
      expect((await alert("")).status).toBe(401);
      expect((await alert(`?token=${CHAT_ALERT_TOKEN}`)).status).toBe(200);
      await ctx.adapter.drain?.();
      const path = `/teams-service/v3/conversations/${encodeURIComponent(TEAMS_ALERT_CONVERSATION)}/activities`;
      const post = await ctx.recorder.waitFor((r) => r.path === path, 10_000);
      expect(post.headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
      expect(JSON.stringify(post.json)).toContain(JSON.parse(body).monitorFriendlyName);
      expect(cardOf(post).actions).toContainEqual(
        expect.objectContaining({
          type: "Action.Submit",
          data: { catopsAction: "catops.run", catopsValue: "hi" },
        }),
      );
    },
  ),
  scenario(
    "an alert's card is acknowledged (not by a forbidden user) and resolved by edits of the card; its runbook button passes the alert's field as one argument",
    async (ctx) => {
      const { card, cardId, press, name } = await fireAlert(ctx);
      const action = (title: string) =>
        card.actions.find((a: { title: string }) => a.title === title)?.data.catopsValue as string;
      expect(action("Acknowledge")).toMatch(/^alert ack [0-9a-f]{32}$/);
      expect(action("Resolve")).toMatch(/^alert resolve [0-9a-f]{32}$/);
      const edits = () =>
        ctx.recorder.requests.filter((r) => r.method === "PUT" && r.path.endsWith(`/${cardId}`));

      const refused = await press(action("Acknowledge"), "someone-else-aad-object-id");
      expect(refused.json.text).toContain("You are not allowed to run `alert`");
      expect(edits()).toEqual([]);

      await press(action("Acknowledge"));
      const acked = await ctx.recorder.waitFor((r) => edits().includes(r), 10_000);
      expect(acked.json.id).toBe(cardId);
      expect(JSON.stringify(acked.json)).toContain("acknowledged by");

      await press(action("Resolve"));
      await ctx.recorder.waitFor(() => edits().length === 2, 10_000);
      const resolved = edits()[1]!;
      expect(JSON.stringify(resolved.json)).toContain("RESOLVED");
      expect(JSON.stringify(resolved.json)).toContain("resolved by");
      // Two edits of the first card, and no second card in the conversation.
      const posts = ctx.recorder.requests.filter(
        (r) => r.path === conversationPath && JSON.stringify(r.json).includes(name),
      );
      expect(posts).toHaveLength(1);

      const runbook = action(`greet "${ALERT_PROBE}"`);
      expect(runbook).toBe(`greet "${ALERT_PROBE}"`);
      const greeted = await press(runbook);
      expect(greeted.json.text).toContain("hello, api; rm -rf /");
      expect(greeted.json.text).not.toContain("<!channel>");
    },
  ),
  scenario(
    "an unacknowledged alert pages the next on the rota when `alert escalate` runs, once",
    async (ctx) => {
      await answerOf(ctx, "oncall rota set @ann @bob --every week --from today");
      const { cardId, name } = await fireAlert(ctx);
      // The table's policy pages after 60 ms unacknowledged: let that pass (a wait, not a check).
      await new Promise((resolve) => setTimeout(resolve, 100));
      const pages = () =>
        ctx.recorder.requests.filter(
          (r) =>
            r.path === conversationPath &&
            /you are paged/.test(r.json?.text ?? "") &&
            r.json.text.includes(name),
        );
      const { reply } = await answerOf(ctx, "alert escalate");
      expect(reply.json.text).toContain(`${name} → @bob`);
      expect(pages()).toHaveLength(1);
      expect(pages()[0]!.json.text).toMatch(/^@bob ⏫ /);
      await ctx.recorder.waitFor(
        (r) =>
          r.method === "PUT" &&
          r.path.endsWith(`/${cardId}`) &&
          JSON.stringify(r.json).includes("escalated to @bob"),
        10_000,
      );
      const { reply: again } = await answerOf(ctx, "alert escalate");
      expect(again.json.text).toBe("Nothing to escalate.");
      expect(pages()).toHaveLength(1);
    },
  ),
  scenario(
    "a missing, expired, wrong-audience, wrong-issuer or unknown-key token is 401",
    async (ctx) => {
      const bearers = [
        null,
        await token(ctx, {}, { expiresInSeconds: -600 }),
        await token(ctx, { aud: "another-app" }),
        await token(ctx, { iss: "https://sts.windows.net/someone/" }),
        await token(ctx, {}, { unknownKey: true }),
        await token(ctx, { serviceurl: "https://attacker.example/" }),
      ];
      for (const bearer of bearers) {
        const { activity, id } = personalMessage(ctx, "hi");
        const response = await ctx.adapter.send(await request(ctx, activity, bearer));
        expect(response.status).toBe(401);
        expect(await response.json()).toEqual({ ok: false, error: "invalid token" });
        expect(ctx.recorder.requests.filter(replyTo(id))).toEqual([]);
      }
    },
  ),
  scenario("a malformed activity with a valid token is 400", async (ctx) => {
    for (const body of ['{"type":', JSON.stringify({ type: "message", text: "hi" })]) {
      const response = await ctx.adapter.send(await request(ctx, body));
      expect(response.status).toBe(400);
      expect(await response.text()).not.toMatch(/SyntaxError|\bat \S+ \(/);
    }
  }),
];
