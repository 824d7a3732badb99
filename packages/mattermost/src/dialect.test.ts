import { directUserOf } from "@catops/core";
import { describe, expect, it } from "vitest";
import { mattermostDialect } from "./dialect.ts";
import { renderMattermostMessage } from "./render.ts";

describe("Mattermost's dialect", () => {
  it("mentions by username and reads 26-character ids", () => {
    expect(mattermostDialect.mention({ id: "rnina9994bde8mua79zqcg5hmo", name: "alice" })).toBe(
      "@alice",
    );
    expect(mattermostDialect.parseMention("@rnina9994bde8mua79zqcg5hmo")).toBe(
      "rnina9994bde8mua79zqcg5hmo",
    );
    expect(mattermostDialect.parseMention("@alice")).toBeUndefined();
  });

  it("sends a direct message to a channel the connector finds for the user", () => {
    const channel = mattermostDialect.directMessage?.("rnina9994bde8mua79zqcg5hmo");
    expect(directUserOf(channel)).toBe("rnina9994bde8mua79zqcg5hmo");
  });

  it("sends text users typed back inert: no channel-wide ping, no disguised link", () => {
    const sent = renderMattermostMessage({
      text: "@channel @here @all <!channel> [docs](http://evil.example)",
    }).text;
    expect(sent).not.toMatch(/@(channel|here|all)\b/);
    expect(sent).not.toContain("](");
    expect(sent.replace(/\u200B/g, "")).toBe(
      "@channel @here @all <!channel> [docs](http://evil.example)",
    );
  });

  it("keeps markup the bot wrote itself (raw)", () => {
    expect(renderMattermostMessage({ text: "@here deploy done", raw: true }).text).toBe(
      "@here deploy done",
    );
  });
});
