import { describe, expect, it } from "vitest";
import { startupBanner } from "./banner.js";

const base = {
  url: "http://localhost:3000",
  commands: 3,
  local: false,
  playground: false,
  store: "memory",
  watching: false,
};

describe("startupBanner", () => {
  it("lists the endpoint of each configured platform, and Slack's advice only with Slack", () => {
    const text = startupBanner({
      ...base,
      chats: [
        { name: "teams", paths: ["/teams/messages"] },
        { name: "google-chat", paths: ["/google-chat/events"] },
      ],
    });
    expect(text).toContain("  Teams         http://localhost:3000/teams/messages");
    expect(text).toContain("  Google Chat   http://localhost:3000/google-chat/events");
    expect(text).not.toContain("/slack/events");
    expect(text).toContain("Point each other platform at https://<public-host><its path>");
  });

  it("keeps the Slack lines for a Slack server, and says local mode without any platform", () => {
    const slack = startupBanner({ ...base, chats: [{ name: "slack", paths: ["/slack/events"] }] });
    expect(slack).toContain("Slack endpoint ready");
    const local = startupBanner({ ...base, local: true, playground: true });
    expect(local).toContain("/slack/events   (off: local mode)");
    expect(local).toContain("Local mode: no chat platform is configured");
  });
});
