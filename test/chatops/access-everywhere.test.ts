// A group granted from chat (`access grant`) admits its member identically on every in-process
// path: a chat request, the dispatch `catops run` and `catops shell` use, the playground and
// createTestBot. They share one store and one engine, so one grant holds for all of them.
import { command, createCatOps, createMemoryStore, silentLogger } from "@catops/core";
import { createTestBot } from "@catops/core/testing";
import { createWebConnector } from "@catops/node";
import { createSlackConnector } from "@catops/slack";
import { describe, expect, it } from "vitest";
import { signedSlackRequest, slashCommandBody } from "../workers/slack-request.ts";

const SECRET = "access-everywhere-signing-secret";
const ADMIN = "UADMIN";
const MEMBER = "UMEMBER";
const plugins = {
  "ship.ts": { ship: command({ allow: { groups: ["shippers"] }, run: () => "shipped" }) },
};

function botsOver(store = createMemoryStore()) {
  const options = { store, logger: silentLogger, groups: { admins: [ADMIN] } };
  const modules = Object.entries(plugins).map(([file, exports]) => ({ file, exports }));
  const chat = createCatOps({
    ...options,
    plugins: modules,
    env: { SLACK_SIGNING_SECRET: SECRET },
    connectors: [createSlackConnector(), createWebConnector({ user: { id: MEMBER } })],
  });
  return { store, chat, testBot: createTestBot(plugins, options) };
}

async function slack(bot: ReturnType<typeof createCatOps>, text: string, userId: string) {
  const form = new URLSearchParams(slashCommandBody(text, "http://127.0.0.1:9/unused"));
  form.set("user_id", userId);
  const response = await bot.fetch(
    signedSlackRequest("http://localhost/slack/events", form.toString(), SECRET),
  );
  return ((await response.json()) as { text: string }).text;
}

async function playground(bot: ReturnType<typeof createCatOps>, text: string) {
  const response = await bot.fetch(
    new Request("http://localhost/playground/command", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text }),
    }),
  );
  const { messages } = (await response.json()) as { messages: { text: string }[] };
  return messages.at(-1)?.text ?? "";
}

const cli = async (bot: ReturnType<typeof createCatOps>, text: string, userId: string) =>
  (
    await bot.dispatch({
      command: [],
      text,
      user: { id: userId },
      channel: { id: "cli" },
      source: "cli",
    })
  )?.text ?? "";

describe("a group granted from chat", () => {
  it("refuses the member everywhere before the grant and admits them everywhere after it", async () => {
    const { chat, testBot } = botsOver();
    const everywhere = async () => [
      await slack(chat, "ship", MEMBER),
      await cli(chat, "ship", MEMBER),
      await playground(chat, "ship"),
      await testBot.text("ship", { user: { id: MEMBER } }),
    ];
    for (const answer of await everywhere()) expect(answer).toMatch(/not allowed/i);

    expect(await slack(chat, `access grant shippers <@${MEMBER}>`, ADMIN)).toBe(
      `<@${MEMBER}> is now in shippers.`,
    );
    expect(await everywhere()).toEqual(["shipped", "shipped", "shipped", "shipped"]);

    // Anyone else is still refused, on each path.
    expect(await slack(chat, "ship", "USOMEONE")).toMatch(/not allowed/i);
    expect(await cli(chat, "ship", "USOMEONE")).toMatch(/not allowed/i);
    expect(await testBot.text("ship", { user: { id: "USOMEONE" } })).toMatch(/not allowed/i);
  });

  it("is granted only by an admin, whichever path asks", async () => {
    const { chat, testBot } = botsOver();
    expect(await cli(chat, `access grant shippers ${MEMBER}`, MEMBER)).toMatch(/not allowed/i);
    expect(await testBot.text(`access grant shippers ${MEMBER}`, { user: { id: MEMBER } })).toMatch(
      /not allowed/i,
    );
    expect(await cli(chat, "ship", MEMBER)).toMatch(/not allowed/i);
    expect(await cli(chat, `access grant shippers ${MEMBER}`, ADMIN)).toMatch(/is now in shippers/);
    expect(await testBot.text("ship", { user: { id: MEMBER } })).toBe("shipped");
  });
});
