import { describe, expect, it } from "vitest";
import { vendorJson } from "../../../test/fixtures/vendor.mjs";
import { classifyChatEvent, clickedAction, commandText, parseChatEvent } from "./parse.ts";

const SLASH = vendorJson("google-chat/message-slash-command.DERIVED.json");
const DM = vendorJson("google-chat/message-dm.DERIVED.json");
const CLICK = vendorJson("google-chat/card-clicked.DERIVED.json");

describe("commands", () => {
  it("keeps a slash command's own name, so the dispatcher strips the bot's or runs the command", () => {
    expect(commandText(SLASH)).toBe("catops hi");
    const deploy = structuredClone(SLASH);
    deploy.message.annotations[0].slashCommand.commandName = "/deploy";
    deploy.message.argumentText = " api --env prod";
    expect(commandText(deploy)).toBe("deploy api --env prod");
  });

  it("reads an APP_COMMAND event (appCommandMetadata) like a slash command", () => {
    const command = { ...structuredClone(SLASH), type: "APP_COMMAND" };
    command.appCommandMetadata = { appCommandId: 1, appCommandType: "SLASH_COMMAND" };
    const request = classifyChatEvent(command);
    expect(request).toMatchObject({ kind: "command", event: { text: "catops hi" } });
  });

  it("takes a direct message's text as typed", () => {
    expect(commandText(DM)).toBe("hi");
  });

  it("refuses a MESSAGE event without a message, and what is not an event, with 400", () => {
    const noMessage = JSON.stringify({ ...DM, message: undefined });
    expect(() => classifyChatEvent(parseChatEvent(noMessage))).toThrow(
      expect.objectContaining({ status: 400 }),
    );
    expect(() => parseChatEvent(JSON.stringify({ ...DM, space: { name: "rooms/x" } }))).toThrow(
      expect.objectContaining({ status: 400 }),
    );
  });
});

describe("clicks", () => {
  it("reads the cards v2 function and parameters, or the older action's", () => {
    expect(clickedAction(CLICK)).toEqual({ action: "catops.run", value: "hi" });
    const { common: _v2, ...older } = structuredClone(CLICK);
    expect(clickedAction(older)).toEqual({ action: "catops.run", value: "hi" });
  });

  it("ignores a function CatOps did not make", () => {
    const other = { ...CLICK, common: { invokedFunction: "openDialog" }, action: undefined };
    expect(classifyChatEvent(other)).toMatchObject({ kind: "press" });
    expect(clickedAction(other)).toBeUndefined();
  });
});
