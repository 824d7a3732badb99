import { describe, expect, it } from "vitest";
import { slackDialect } from "./dialect.ts";
import { slackTextToCommandLine } from "./parse.ts";
import { renderSlackMessage } from "./render.ts";

describe("Slack's dialect", () => {
  it("writes and reads mentions as Slack does", () => {
    expect(slackDialect.mention({ id: "U1", name: "alice" })).toBe("<@U1>");
    expect(slackDialect.channel({ id: "C1", name: "ops" })).toBe("<#C1>");
    expect(slackDialect.parseMention("<@U0LAN0Z89|alice>")).toBe("U0LAN0Z89");
    expect(slackDialect.parseMention("@alice")).toBeUndefined();
  });

  it("sends text users typed back inert: no @channel, @here or disguised link", () => {
    // Slack delivers what a user types escaped; the command line unescapes it.
    for (const typed of ["&lt;!channel&gt;", "&lt;!here&gt;", "&lt;http://x|y&gt;"]) {
      const echoed = slackTextToCommandLine(typed);
      const sent = renderSlackMessage({ text: `You said ${echoed}` });
      expect(sent.text).toBe(`You said ${typed}`);
      expect(sent.text).not.toMatch(/<[!h@#]/);
    }
  });

  it("keeps markup the bot wrote itself (raw), mentions and all", () => {
    expect(renderSlackMessage({ text: "<@U1> is on call", raw: true }).text).toBe(
      "<@U1> is on call",
    );
    const attachment = renderSlackMessage({
      attachments: [
        { title: "<!channel>", text: "<http://x|y>", fields: [{ title: "<@U2>", value: "a&b" }] },
      ],
    }).attachments![0]!;
    expect(attachment).toMatchObject({
      title: "&lt;!channel&gt;",
      text: "&lt;http://x|y&gt;",
      fields: [{ title: "&lt;@U2&gt;", value: "a&amp;b" }],
    });
  });
});
