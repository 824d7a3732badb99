// Secrets that reach the bot only through a runtime's env (process.env, Workers bindings)
// are masked like those given at creation.
import { describe, expect, it } from "vitest";
import { createCatOps } from "./bot.js";
import type { Connector } from "./connector.js";
import { createLogger } from "./logger.js";

const TOKEN = "xoxb-runtime-only-123456";

describe("secrets from the runtime's env", () => {
  it("are masked in replies and logs, and plugins still see them in ctx.env", async () => {
    const lines: string[] = [];
    const seen: unknown[] = [];
    const connector: Connector = {
      name: "test",
      paths: ["/test"],
      async handle(request, kit) {
        const reply = await kit.execute({
          command: [],
          text: await request.text(),
          user: { id: "U1" },
        });
        return Response.json(reply ?? {});
      },
      async deliver() {
        return {};
      },
    };
    const bot = createCatOps({
      logger: createLogger({ write: (line) => lines.push(line) }),
      connectors: [connector],
      commands: [
        {
          name: "leak",
          run: (ctx) => {
            seen.push(ctx.env.SLACK_BOT_TOKEN);
            ctx.log.info(`token is ${ctx.env.SLACK_BOT_TOKEN}`);
            return `the token is ${ctx.env.SLACK_BOT_TOKEN}`;
          },
        },
        {
          name: "fail",
          run: (ctx) => {
            throw new Error(`auth failed for ${ctx.env.SLACK_BOT_TOKEN}`);
          },
        },
      ],
    });
    const runtime = { env: { SLACK_BOT_TOKEN: TOKEN, PORT: "3000" } };
    const send = async (text: string) =>
      (await (
        await bot.fetch(new Request("http://x/test", { method: "POST", body: text }), runtime)
      ).json()) as {
        text: string;
      };
    expect((await send("leak")).text).toBe("the token is [redacted]");
    expect((await send("fail")).text).toBe("`fail` failed: auth failed for [redacted]");
    expect(seen).toEqual([TOKEN]);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join("\n")).not.toContain(TOKEN);
  });
});
