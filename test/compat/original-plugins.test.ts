// The original CatOps's example plugins and test cases, ported line for line, through the real
// loader, the dispatcher and the Slack, Mattermost and Discord renderers. Where CatOps answers
// differently, docs/migrating.md names the difference.
import { commandsFromModules, type PluginModule } from "@catops/core";
import { renderDiscordMessage } from "@catops/discord";
import { renderSlackMessage } from "@catops/slack";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useRecorder } from "../support/chat.ts";
import { create_slack_attachment, create_slack_payload } from "./plugins/_lib/slack.ts";
import { loadOriginalPlugins, renderOthers, replyFor, slackBot } from "./original.ts";

const recorder = useRecorder();
let plugins: PluginModule[];
const saved = { cat: process.env.CATOPS_CAT_API, dog: process.env.CATOPS_DOG_API };

beforeAll(async () => {
  process.env.CATOPS_CAT_API = `${recorder.url}/cat`;
  process.env.CATOPS_DOG_API = `${recorder.url}/dog`;
  plugins = await loadOriginalPlugins();
});
afterAll(() => {
  for (const [key, value] of [
    ["CATOPS_CAT_API", saved.cat],
    ["CATOPS_DOG_API", saved.dog],
  ] as const)
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
});

const CAT_URL = "https://cdn2.thecatapi.com/images/MTY3ODIyMQ.jpg";
const DOG_URL = "https://images.dog.ceo/breeds/hound-afghan/n02088094_1003.jpg";

describe("the original's plugins folder", () => {
  it("loads the top level and one sub-folder, never the private _lib folder", () => {
    expect(plugins.map((m) => m.file)).toEqual([
      "animals/cat.ts",
      "animals/dog.ts",
      "example.ts",
      "nested.ts",
    ]);
    expect([...commandsFromModules(plugins).keys()].sort()).toEqual([
      "cat",
      "dog",
      "echo",
      "lambda",
      "nested",
      "ping",
      "status",
    ]);
  });
});

describe("ping and the Lambda-shaped return", () => {
  it("posts ping's payload as that Slack message, with the user from params.get", async () => {
    const { slash } = slackBot(plugins);
    expect(await slash("ping")).toEqual({ response_type: "in_channel", text: "@Steve Meow!" });
  });

  it("takes statusCode and headers as the original's Lambda shape and sends the message", async () => {
    const { slash, log } = slackBot(plugins);
    expect(await slash("lambda")).toEqual({ response_type: "in_channel", text: "@Steve Meow!" });
    expect(log.lines).toContainEqual(
      expect.objectContaining({ level: "debug", message: "result read as a message payload" }),
    );
  });

  it("keeps the rich reply and the JSON rule for objects that are not messages", async () => {
    const { slash, log } = slackBot(plugins);
    const json = await slash("status");
    expect(json.text).toBe('```\n{\n  "healthy": true,\n  "services": 3\n}\n```');
    expect(log.lines).toContainEqual(
      expect.objectContaining({
        level: "debug",
        message: "result shown as JSON: neither a reply nor a message payload",
      }),
    );
  });

  it("on Mattermost and Discord, shows the text without pinging the @name it contains", async () => {
    const { bot } = slackBot(plugins);
    const reply = await replyFor(bot, "ping");
    const { mattermost, discord } = renderOthers(reply!);
    expect(mattermost).toEqual({ response_type: "in_channel", text: "@\u200bSteve Meow!" });
    expect(discord.content).toBe("@\u200bSteve Meow!");
    expect(discord.allowed_mentions).toEqual({ parse: [] });
  });
});

describe("argv and params as the original passed them", () => {
  it("gives a nested plugin its sub-command in argv[1]", async () => {
    const { slash } = slackBot(plugins);
    expect((await slash("nested add milk")).text).toBe("Added milk");
    expect((await slash("nested list")).text).toBe("Nothing yet");
    // A compat function's string is Slack markup, sent as it is, as the original sent it.
    expect((await slash("nested")).text).toBe("Usage: nested add <item> | nested list");
  });

  it("puts the command name first, so argv[1:] are the arguments", async () => {
    const { slash } = slackBot(plugins);
    expect(await slash("echo one two")).toEqual({ response_type: "ephemeral", text: "one two" });
    expect((await slash("echo")).text).toBe("(no arguments)");
  });

  it("passes the words as Slack sent them, so an echo neither pings nor loses a mention", async () => {
    const { slash, bot } = slackBot(plugins);
    // Typed as `<!channel> @ann`: Slack escapes what was typed and writes the mention as an id.
    expect((await slash("echo &lt;!channel&gt; <@U123>")).text).toBe("&lt;!channel&gt; <@U123>");
    const { mattermost, discord } = renderOthers(
      (await replyFor(bot, "echo &lt;!channel&gt; <@U123>"))!,
    );
    expect(mattermost.text).toBe("<\u200b!channel> @\u200bU123");
    expect(discord.allowed_mentions).toEqual({ parse: [] });
  });

  it("answers no command at all with the help (docstrings are not descriptions)", async () => {
    const { slash } = slackBot(plugins);
    const answer = await slash("");
    expect(answer.text).toMatch(/^Commands:\n/);
    expect(answer.text).toContain("\n• `ping`\n");
    expect(answer.response_type).toBe("ephemeral");
  });

  it("answers an invalid command as an error with a suggestion, not an attachment", async () => {
    const { slash } = slackBot(plugins);
    const answer = await slash("dgo");
    expect(answer.text).toMatch(/^:warning: Unknown command `dgo`\. Did you mean `dog`\?/);
    expect(answer.attachments).toBeUndefined();
  });
});

describe("include_functions and the built-ins", () => {
  it("loads only the allow-listed functions: no built-in unless it is named", async () => {
    const only = slackBot(plugins, { only: ["cat"] });
    const help = (await only.slash("help")).text as string;
    expect(help).toContain("`cat`");
    for (const name of ["ping", "meow", "jobs", "cancel", "access"])
      expect(help).not.toContain(`\`${name}\``);
    expect((await only.slash("meow")).text).toMatch(/^:warning: Unknown command `meow`/);
    const named = slackBot(plugins, { only: ["cat", "meow"] });
    expect((await named.slash("meow")).text).toBe("@Steve Meow!");
  });

  it("answers the built-in meow greeting, and removes it with builtins: false", async () => {
    expect((await slackBot(plugins).slash("meow")).text).toBe("@Steve Meow!");
    const none = slackBot(plugins, { builtins: false });
    expect((await none.slash("meow")).text).toMatch(/^:warning: Unknown command `meow`/);
  });
});

describe("cat and dog: a picture from an API, stubbed by the recorder", () => {
  it("posts the cat picture as the attachment's image_url on Slack and Mattermost, an embed image on Discord", async () => {
    recorder.respondWith("/cat", {
      status: 200,
      body: JSON.stringify([{ id: "a1", url: CAT_URL }]),
    });
    const { slash, bot } = slackBot(plugins);
    const message = await slash("cat");
    expect(recorder.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /cat"]);
    expect(message).toEqual({
      response_type: "in_channel",
      text: "A cat",
      attachments: [
        {
          fallback: "A cat",
          color: "#36a64f",
          pretext: "@Steve asked for a cat",
          author_name: "CatOps",
          title: "Meow!",
          title_link: CAT_URL,
          image_url: CAT_URL,
          mrkdwn_in: ["pretext", "text", "fields"],
        },
      ],
    });

    recorder.respondWith("/cat", { status: 200, body: JSON.stringify([{ url: CAT_URL }]) });
    const { mattermost, discord } = renderOthers((await replyFor(bot, "cat"))!);
    expect(mattermost.attachments?.[0]).toMatchObject({
      image_url: CAT_URL,
      pretext: "@\u200bSteve asked for a cat",
    });
    expect(discord.embeds?.[0]).toMatchObject({
      title: "Meow!",
      url: CAT_URL,
      image: { url: CAT_URL },
      author: { name: "CatOps" },
    });
    expect(discord.content).toContain("asked for a cat");
  });

  it("posts the dog picture the same way", async () => {
    recorder.respondWith("/dog", {
      status: 200,
      body: JSON.stringify({ message: DOG_URL, status: "success" }),
    });
    const message = await slackBot(plugins).slash("dog");
    expect(recorder.requests.map((r) => r.path)).toEqual(["/dog"]);
    expect(message.attachments).toEqual([
      expect.objectContaining({ title: "Woof!", image_url: DOG_URL, fallback: "A dog" }),
    ]);
  });
});

describe("create_slack_payload and create_slack_attachment", () => {
  const all15 = create_slack_attachment(
    "Required plain-text summary",
    "#2eb886",
    "Optional text above the attachment",
    "Bobby Tables",
    "https://flickr.com/bobby/",
    "https://flickr.com/icons/bobby.jpg",
    "Slack API Documentation",
    "https://api.slack.com/",
    "Optional `text` that appears within the attachment",
    [{ title: "Priority", value: "High", short: false }],
    "https://my-website.com/path/to/image.jpg",
    "https://example.com/path/to/thumb.png",
    "Slack API",
    "https://platform.slack-edge.com/img/default_application_icon.png",
    123456789,
  );

  it("builds {response_type, text, attachments}, and the attachment's 15 fields", () => {
    expect(create_slack_payload("in_channel", "hi", [all15])).toEqual({
      response_type: "in_channel",
      text: "hi",
      attachments: [all15],
    });
    expect(Object.keys(all15)).toHaveLength(15);
  });

  const bot = (attachment: Record<string, unknown>) =>
    slackBot([
      {
        file: "card.ts",
        exports: {
          compat: "catops-v0",
          card: () => create_slack_payload("in_channel", "", [attachment]),
        },
      },
    ]);

  it("keeps all 15 fields on Slack (convert_dispatch of a payload)", async () => {
    const message = await bot(all15).slash("card");
    expect(message.attachments).toEqual([{ ...all15, mrkdwn_in: ["pretext", "text", "fields"] }]);
    expect(message.text).toBe("Required plain-text summary");
    expect(renderSlackMessage((await replyFor(bot(all15).bot, "card"))!).attachments).toEqual(
      message.attachments,
    );
  });

  it("keeps the attachment's own mrkdwn_in on Slack", async () => {
    const message = await bot({ text: "*bold*", mrkdwn_in: ["text"] }).slash("card");
    expect(message.attachments).toEqual([
      { fallback: "*bold*", text: "*bold*", mrkdwn_in: ["text"] },
    ]);
  });

  it("keeps all 15 on Mattermost, which reads Slack attachments", async () => {
    const { mattermost } = renderOthers((await replyFor(bot(all15).bot, "card"))!);
    expect(mattermost.attachments).toEqual([all15]);
  });

  it("maps them to a Discord embed: author, image, thumbnail, footer icon, timestamp", async () => {
    const { discord } = renderOthers((await replyFor(bot(all15).bot, "card"))!);
    expect(discord.content).toBe("Optional text above the attachment");
    expect(discord.embeds).toEqual([
      {
        title: "Slack API Documentation",
        url: "https://api.slack.com/",
        description: "Optional `text` that appears within the attachment",
        color: 0x2eb886,
        fields: [{ name: "Priority", value: "High", inline: false }],
        footer: {
          text: "Slack API",
          icon_url: "https://platform.slack-edge.com/img/default_application_icon.png",
        },
        author: {
          name: "Bobby Tables",
          url: "https://flickr.com/bobby/",
          icon_url: "https://flickr.com/icons/bobby.jpg",
        },
        image: { url: "https://my-website.com/path/to/image.jpg" },
        thumbnail: { url: "https://example.com/path/to/thumb.png" },
        timestamp: "1973-11-29T21:33:09.000Z",
      },
    ]);
  });

  it("says at debug what Discord cannot show (the fallback), once per message", async () => {
    const reply = (await replyFor(bot(all15).bot, "card"))!;
    const debug: unknown[][] = [];
    renderDiscordMessage(reply, { logger: { debug: (...line: unknown[]) => debug.push(line) } });
    expect(debug).toEqual([
      ["attachment fields Discord cannot show were left out", { fields: ["fallback"] }],
    ]);
  });
});
