// @catops/aws-lambda/warm-up: the one request a Lambda handler's code cache is made from. It has
// to reach the command through Slack's signature check, in the mode the handler was built for,
// and fail the build loudly when the handler does not answer.
import { createHmac } from "node:crypto";
import { catopsLambda } from "@catops/aws-lambda";
import warmUp, { WARM_UP_ENV } from "@catops/aws-lambda/warm-up";
import { command, createCatOps, silentLogger } from "@catops/core";
import { createSlackConnector } from "@catops/slack/create";
import { build } from "esbuild";
import { afterEach, describe, expect, it } from "vitest";

// The module stands in for Lambda's `awslambda` global, as the runtime has it before a handler
// loads; it was imported above, before any handler here was made.

afterEach(() => {
  delete process.env.CATOPS_WARM_UP_COMMAND;
});

/** A Slack bot whose `whoami` records who asked; `secret` signs what it accepts. */
function slackBot(secret = WARM_UP_ENV.SLACK_SIGNING_SECRET!) {
  const asked: string[] = [];
  const bot = createCatOps({
    plugins: [
      {
        file: "who.ts",
        exports: {
          whoami: command({
            run: ({ user }) => {
              asked.push(user!.id);
              return `You are ${user!.id}`;
            },
          }),
        },
      },
    ],
    connectors: [createSlackConnector()],
    env: { ...WARM_UP_ENV, SLACK_SIGNING_SECRET: secret },
    logger: silentLogger,
  });
  return { bot, asked };
}

describe("the code cache's warm-up request", () => {
  it("answers the command it is given through a streaming handler", async () => {
    process.env.CATOPS_WARM_UP_COMMAND = "whoami";
    const { bot, asked } = slackBot();
    const handler = catopsLambda(bot, { streaming: true });
    // Its stand-in for Lambda's runtime marks a streaming handler as the runtime does.
    expect((handler as any)[Symbol.for("aws.lambda.runtime.handler.streaming")]).toBe("response");
    await warmUp({ handler });
    expect(asked).toEqual(["U0WARMUP"]);
  });

  it("refuses a buffered handler, which would only acknowledge the command", async () => {
    process.env.CATOPS_WARM_UP_COMMAND = "whoami";
    const { bot, asked } = slackBot();
    await expect(warmUp({ handler: catopsLambda(bot) })).rejects.toThrow(/streaming handler/);
    expect(asked).toEqual([]);
  });

  it("asks for help when no command is named: every bot has it", async () => {
    const events: any[] = [];
    const handler = async (event: any, stream: any) => {
      events.push(event);
      stream.end("{}");
    };
    (globalThis as any).awslambda.streamifyResponse(handler);
    await warmUp({ handler });
    const [event] = events;
    const body = Buffer.from(event.body, "base64").toString("utf8");
    expect(new URLSearchParams(body).get("text")).toBe("help");
    // Signed as Slack signs, with the secret the warm-up's environment gives the handler.
    const timestamp = event.headers["x-slack-request-timestamp"];
    const expected = createHmac("sha256", WARM_UP_ENV.SLACK_SIGNING_SECRET!)
      .update(`v0:${timestamp}:${body}`)
      .digest("hex");
    expect(event.headers["x-slack-signature"]).toBe(`v0=${expected}`);
  });

  it("fails, saying how it was answered, when the handler refuses it", async () => {
    const { bot, asked } = slackBot("another-secret");
    await expect(warmUp({ handler: catopsLambda(bot, { streaming: true }) })).rejects.toThrow(
      /the warm-up request was answered 401/,
    );
    await expect(warmUp({})).rejects.toThrow(/no `handler` export/);
    expect(asked).toEqual([]);
  });

  it("points the handler at nothing it could reach", () => {
    for (const [name, value] of Object.entries(WARM_UP_ENV))
      if (/URL/.test(name)) expect(value, name).toBe("http://127.0.0.1:9");
  });

  // The package declares its other modules free of side effects; a bundler must keep this one
  // when it is imported for its stand-in alone.
  it("stays in a bundle that imports it for its stand-in alone", async () => {
    const { outputFiles } = await build({
      stdin: { contents: 'import "@catops/aws-lambda/warm-up";', resolveDir: import.meta.dirname },
      bundle: true,
      format: "esm",
      platform: "node",
      write: false,
      logLevel: "silent",
    });
    expect(outputFiles[0]!.text).toContain("streamifyResponse");
  });
});
