import { describe, expect, it } from "vitest";
import { vendorJson, vendorText } from "../../../test/fixtures/vendor.mjs";
import { activityUrl, classifyActivity, commandText, parseActivity } from "./parse.ts";

const PERSONAL = vendorJson("teams/message-personal.msteams-docs.json");
const CHANNEL = vendorJson("teams/message-channel-mention.DERIVED.json");

describe("parseActivity", () => {
  it("reads the docs' activity as stored", () => {
    const activity = parseActivity(vendorText("teams/message-personal.msteams-docs.json"));
    expect(activity.from.aadObjectId).toBe("7faf8ab2-3d56-4244-b585-20c8a42ed2b8");
  });

  it("refuses what is not an activity with 400", () => {
    for (const body of ["nope", "[]", JSON.stringify({ ...PERSONAL, serviceUrl: "javascript:x" })])
      expect(() => parseActivity(body)).toThrow(expect.objectContaining({ status: 400 }));
  });
});

describe("commands", () => {
  it("strips the bot's mention entity and keeps the rest", () => {
    expect(commandText({ ...CHANNEL, text: "<at>Teams TestBot</at> deploy api" })).toBe(
      "deploy api",
    );
  });

  it("keeps a mention of someone else", () => {
    const entities = [
      {
        type: "mention",
        text: "<at>Megan Bowen</at>",
        mentioned: { id: "29:megan", name: "Megan" },
      },
    ];
    expect(commandText({ ...PERSONAL, text: "oncall add <at>Megan Bowen</at>", entities })).toBe(
      "oncall add <at>Megan Bowen</at>",
    );
  });

  it("gives the stable ids: Entra object id, Teams channel, tenant; replies go to the activity", () => {
    const request = classifyActivity({ ...CHANNEL, text: "<at>Teams TestBot</at> hi" });
    expect(request.kind).toBe("command");
    if (request.kind !== "command") return;
    expect(request.event).toMatchObject({
      text: "hi",
      user: { id: "7faf8ab2-3d56-4244-b585-20c8a42ed2b8", name: "Megan Bowen" },
      channel: { id: "19:693ecdb923ac4458a5c23661b505fc84@thread.skype" },
      team: { id: "72f988bf-86f1-41af-91ab-2d7cd011db47" },
      source: "teams",
      responseUrl: activityUrl(CHANNEL.serviceUrl, CHANNEL.conversation.id, CHANNEL.id),
    });
  });

  it("reads an Action.Execute invoke's data as a press", () => {
    const invoke = {
      ...PERSONAL,
      type: "invoke",
      name: "adaptiveCard/action",
      value: {
        action: {
          type: "Action.Execute",
          data: { catopsAction: "catops.cancel", catopsValue: "c1" },
        },
      },
    };
    expect(classifyActivity(invoke)).toMatchObject({
      kind: "press",
      invoke: true,
      action: { action: "catops.cancel", value: "c1" },
    });
  });
});
