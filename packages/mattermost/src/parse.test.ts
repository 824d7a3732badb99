import type { HttpError } from "@catops/core";
import { describe, expect, it } from "vitest";
import { actionBody, SLASH_BODY, slashBody } from "../test/fixtures.ts";
import {
  actionEvent,
  parseActionRequest,
  parseSlashCommandForm,
  slashCommandEvent,
} from "./parse.ts";

const FORM = "application/x-www-form-urlencoded";

function failure(run: () => unknown): HttpError {
  try {
    run();
  } catch (error) {
    return error as HttpError;
  }
  throw new Error("expected an error");
}

describe("slash commands", () => {
  it("turns the documented request into a command event", () => {
    const event = slashCommandEvent(parseSlashCommandForm(SLASH_BODY, FORM));
    expect(event).toEqual({
      command: [],
      text: "toronto week",
      user: { id: "erj6qck3rfgtujs86w5r6rckzh", name: "alan" },
      channel: { id: "fukxanjgjbnp7ng383at53k1sy", name: "town-square" },
      team: { id: "wx4zz8t4ttgmtxqiwfohijayzc", domain: "team-awesome" },
      responseUrl: "http://localhost:8066/hooks/commands/i11f6nnfgfyk8eg56x9omc6dpa",
      source: "mattermost",
      raw: expect.objectContaining({ command: "/weather", trigger_id: expect.any(String) }),
    });
  });

  it("keeps the token out of `raw`, where plugins could read it", () => {
    const event = slashCommandEvent(parseSlashCommandForm(SLASH_BODY, FORM));
    expect(JSON.stringify(event)).not.toContain(new URLSearchParams(SLASH_BODY).get("token")!);
  });

  it("keeps text exactly as typed: Mattermost does not escape it", () => {
    const event = slashCommandEvent(
      parseSlashCommandForm(slashBody({ text: 'deploy "my api" <x> & y' }), FORM),
    );
    expect(event.text).toBe('deploy "my api" <x> & y');
  });

  it("refuses bodies that are not slash commands, saying why", () => {
    expect(
      failure(() => parseSlashCommandForm(slashBody({ command: undefined }), FORM)).message,
    ).toBe("slash command has no command field");
    expect(
      failure(() => parseSlashCommandForm(slashBody({ user_id: undefined }), FORM)).status,
    ).toBe(400);
    expect(failure(() => parseSlashCommandForm(SLASH_BODY, "application/json")).status).toBe(415);
  });
});

describe("button presses", () => {
  it("reads the presser, channel and team, and the response_url the button carried", () => {
    const press = parseActionRequest(actionBody({ action: "x" }), "application/json");
    expect(actionEvent(press, "http://hooks/x")).toMatchObject({
      user: { id: "erj6qck3rfgtujs86w5r6rckzh", name: "alan" },
      channel: { id: "fukxanjgjbnp7ng383at53k1sy", name: "town-square" },
      team: { id: "wx4zz8t4ttgmtxqiwfohijayzc", domain: "team-awesome" },
      responseUrl: "http://hooks/x",
      source: "mattermost",
    });
  });

  it("refuses a press without context or user, or that is not JSON", () => {
    expect(
      failure(() => parseActionRequest(actionBody(undefined), "application/json")).message,
    ).toBe("action has no context");
    expect(failure(() => parseActionRequest("{", "application/json")).message).toContain("JSON");
    expect(failure(() => parseActionRequest("{}", "text/html")).status).toBe(415);
    const press = parseActionRequest(actionBody({}, { user_id: "" }), "application/json");
    expect(failure(() => actionEvent(press)).message).toBe("action has no user_id");
  });
});
