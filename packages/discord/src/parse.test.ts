import type { HttpError } from "@catops/core";
import { describe, expect, it } from "vitest";
import { vendorText } from "../../../test/fixtures/vendor.mjs";
import { buttonInteraction, commandInteraction, localJson } from "../test/fixtures.ts";
import { parseCustomId, parseInteraction, webhookUrl } from "./parse.ts";

const API = "https://discord.com/api/v10";

function parseError(body: string): HttpError {
  try {
    parseInteraction(body, API);
  } catch (error) {
    return error as HttpError;
  }
  throw new Error("expected a parse error");
}

describe("parseInteraction", () => {
  it("reads the PING", () => {
    expect(
      parseInteraction(
        vendorText("chat/discord-interaction-ping.discord-interactions-js.json"),
        API,
      ),
    ).toEqual({
      kind: "ping",
    });
  });

  it("turns /catops command:<text> into a command event from the member, channel and server", () => {
    const parsed = parseInteraction(
      JSON.stringify(commandInteraction("deploy api --env prod")),
      API,
    );
    expect(parsed.kind).toBe("command");
    if (parsed.kind !== "command") return;
    expect(parsed.event).toMatchObject({
      command: [],
      text: "catops deploy api --env prod",
      user: { id: "53908232506183680", name: "Mason" },
      channel: { id: "645027906669510667" },
      team: { id: "290926798626357999" },
      responseUrl: `${API}/webhooks/290926444748734465/A_UNIQUE_TOKEN`,
      source: "discord",
    });
    // The token is a credential: plugins that read `raw` do not get it.
    expect(parsed.event.raw).not.toHaveProperty("token");
    expect((parsed.event.raw as any).data.name).toBe("catops");
  });

  it("reads the docs' own example: another command's name runs as that command", () => {
    const interaction = localJson("slash-command-interaction.discord-api-docs.json");
    interaction.application_id = "1";
    const parsed = parseInteraction(JSON.stringify(interaction), API);
    expect(parsed.kind === "command" && parsed.event.text).toBe("cardsearch The Gitrog Monster");
  });

  it("takes the user from `user` in a direct message, and the channel object when present", () => {
    const { member: _member, guild_id: _guild, ...dm } = commandInteraction("hi");
    const parsed = parseInteraction(
      JSON.stringify({
        ...dm,
        user: { id: "42", username: "ann" },
        channel: { id: "D1", name: "dm" },
      }),
      API,
    );
    expect(parsed.kind === "command" && parsed.event).toMatchObject({
      user: { id: "42", name: "ann" },
      channel: { id: "D1", name: "dm" },
    });
    expect(parsed.kind === "command" && parsed.event.team).toBeUndefined();
  });

  it("runs `help` for /catops with no text", () => {
    const parsed = parseInteraction(JSON.stringify(commandInteraction(undefined)), API);
    expect(parsed.kind === "command" && parsed.event.text).toBe("catops");
  });

  it("reads a press of a CatOps button as its action, and leaves other buttons alone", () => {
    const press = parseInteraction(JSON.stringify(buttonInteraction("catops.confirm:abc123")), API);
    expect(press).toMatchObject({
      kind: "component",
      action: { action: "catops.confirm", value: "abc123" },
      event: {
        user: { id: "53908232506183680", name: "Mason" },
        channel: { id: "345626669114982999" },
        responseUrl: `${API}/webhooks/290926444748734465/unique_interaction_token`,
      },
    });
    const theirs = parseInteraction(JSON.stringify(buttonInteraction("click_one")), API);
    expect(theirs.kind).toBe("component");
    expect(theirs.kind === "component" && theirs.action).toBeUndefined();
  });

  it("acknowledges types it does not run", () => {
    expect(parseInteraction(JSON.stringify({ ...commandInteraction("x"), type: 4 }), API)).toEqual({
      kind: "other",
      type: 4,
    });
  });

  it("refuses bodies that are not interactions with a 400 that says why", () => {
    expect(parseError("{").status).toBe(400);
    expect(parseError("[]").message).toContain("JSON object");
    expect(parseError("{}").message).toBe("interaction has no type");
    const { token: _t, ...noToken } = commandInteraction("hi");
    expect(parseError(JSON.stringify(noToken)).message).toBe("interaction has no token");
    const { member: _m, ...noUser } = commandInteraction("hi");
    expect(parseError(JSON.stringify(noUser)).message).toBe("interaction has no user");
    expect(parseError(JSON.stringify({ ...buttonInteraction("x"), data: {} })).message).toContain(
      "custom_id",
    );
  });
});

describe("parseCustomId", () => {
  it("reads action and value, keeping colons in the value and dropping the duplicate mark", () => {
    expect(parseCustomId("catops.run:logs api --since 10:00")).toEqual({
      action: "catops.run",
      value: "logs api --since 10:00",
    });
    expect(parseCustomId("catops.run#2:restart api")).toEqual({
      action: "catops.run",
      value: "restart api",
    });
    expect(parseCustomId("catops.cancel")).toEqual({ action: "catops.cancel" });
    expect(parseCustomId("click_one")).toBeUndefined();
    expect(parseCustomId("catops.delete:everything")).toBeUndefined();
  });
});

describe("webhookUrl", () => {
  it("joins the API base, the application and the token, whatever the trailing slash", () => {
    expect(webhookUrl("http://127.0.0.1:9/api/", "1", "t/k")).toBe(
      "http://127.0.0.1:9/api/webhooks/1/t%2Fk",
    );
  });
});
