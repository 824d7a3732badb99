import { angleDialect } from "../test-dialect.js";
import { describe, expect, it } from "vitest";
import { createCatOps } from "../bot.js";
import { command } from "./command.js";
import { createLogger } from "../logger.js";
import type { CommandEvent, Logger } from "../types.js";

interface LogLine {
  level: string;
  message: string;
  fields: Record<string, unknown>;
}

/** A logger that keeps what it is given, with child fields merged in. */
function recordingLogger(lines: LogLine[], base: Record<string, unknown> = {}): Logger {
  const emit = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    lines.push({ level, message, fields: { ...base, ...fields } });
  };
  return {
    debug: emit("debug"),
    info: emit("info"),
    warn: emit("warn"),
    error: emit("error"),
    child: (fields) => recordingLogger(lines, { ...base, ...fields }),
  };
}

const plugins = [
  {
    file: "example.ts",
    exports: {
      hi: () => "Meow!",
      echo: (argv: string[]) => argv.join("|"),
      whoami: command({ description: "Who am I", run: ({ user }) => user?.id ?? "nobody" }),
      Status: () => "mixed case",
    },
  },
];

const event = (command: string[], extra: Partial<CommandEvent> = {}): CommandEvent => ({
  command,
  user: { id: "U1" },
  ...extra,
});

describe("dispatch: names and mentions", () => {
  const bot = createCatOps({ plugins, aliases: ["meow"], logger: recordingLogger([]) });

  it("runs the seed event", async () => {
    expect(await bot.dispatch(event(["hi"]))).toEqual({ text: "Meow!" });
  });

  it("strips the bot name, an alias and a mention", async () => {
    expect(await bot.dispatch(event(["meow", "hi"]))).toEqual({ text: "Meow!" });
    expect(await bot.dispatch(event(["catops", "hi"]))).toEqual({ text: "Meow!" });
    expect(await bot.dispatch(event(["/CatOps", "hi"]))).toEqual({ text: "Meow!" });
    // A mention is written the way the platform's dialect reads it.
    const slackLike = { dialect: angleDialect };
    expect(await bot.dispatch(event(["<@U123>", "hi"]), slackLike)).toEqual({ text: "Meow!" });
    expect(await bot.dispatch(event(["<@U123|catops>", "meow", "hi"]), slackLike)).toEqual({
      text: "Meow!",
    });
    expect(await bot.dispatch(event([], { text: "<@U123> hi" }), slackLike)).toEqual({
      text: "Meow!",
    });
    expect(await bot.dispatch(event(["@catops", "hi"]))).toEqual({ text: "Meow!" });
  });

  it("strips names only at the start", async () => {
    expect(await bot.dispatch(event(["echo", "meow", "catops"]))).toEqual({ text: "meow|catops" });
  });

  it("tokenizes the text when there are no tokens", async () => {
    expect(await bot.dispatch(event([], { text: `echo "a b" c` }))).toEqual({ text: "a b|c" });
  });

  it("finds a command whatever the case", async () => {
    expect(await bot.dispatch(event(["HI"]))).toEqual({ text: "Meow!" });
    expect(await bot.dispatch(event(["status"]))).toEqual({ text: "mixed case" });
  });

  it("answers help for the bot name alone, help, and help <command>", async () => {
    for (const tokens of [["catops"], [], ["help"], ["catops", "HELP"]]) {
      const reply = await bot.dispatch(event(tokens));
      expect(reply?.text).toContain("• `whoami` Who am I");
      expect(reply?.visibility).toBe("ephemeral");
    }
    expect((await bot.dispatch(event(["help", "whoami"])))?.text).toBe("`whoami`\nWho am I");
    expect((await bot.dispatch(event(["help", "whomai"])))?.text).toBe(
      "No command `whomai`. Did you mean `whoami`?",
    );
  });

  it("runs the command named like an alias when that name stands alone", async () => {
    expect((await bot.dispatch(event(["meow"])))?.text).toBe("@CatOps Meow!");
    expect((await bot.dispatch(event(["meow", "meow"])))?.text).toBe("@CatOps Meow!");
    const quiet = createCatOps({ aliases: ["meow"], builtins: false });
    expect((await quiet.dispatch(event(["meow"])))?.text).toContain("Commands:");
  });

  it("answers an unknown command with a suggestion and the help", async () => {
    const reply = await bot.dispatch(event(["hepl"]));
    expect(reply?.error).toBe(true);
    expect(reply?.text).toMatch(/^Unknown command `hepl`\. Did you mean `help`\?\n\nCommands:/);
    const far = await bot.dispatch(event(["xyzzy"]));
    expect(far?.text).toMatch(/^Unknown command `xyzzy`\.\n\nCommands:/);
  });

  it("clips a very long unknown name", async () => {
    const reply = await bot.dispatch(event(["x".repeat(500)]));
    expect(reply?.text?.split("\n")[0]).toBe(`Unknown command \`${"x".repeat(60)}…\`.`);
  });

  it("answers a tokenizer error without running anything", async () => {
    expect(await bot.dispatch(event([], { text: 'echo "open' }))).toEqual({
      text: 'Could not read that command: unclosed quote "',
      visibility: "ephemeral",
      error: true,
    });
  });

  it("answers a usage error with the usage line", async () => {
    const strict = createCatOps({
      commands: [
        { name: "scale", args: { n: { type: "number", required: true } }, run: () => "ok" },
      ],
      logger: recordingLogger([]),
    });
    expect((await strict.dispatch(event(["scale", "lots"])))?.text).toBe(
      '<n> must be a number (got "lots")\nUsage: `scale <n>`',
    );
  });

  it("refuses two commands with one name from plugins and code", () => {
    expect(() =>
      createCatOps({
        plugins,
        commands: [{ name: "hi", run: () => "" }],
        logger: recordingLogger([]),
      }),
    ).toThrow('two commands are named "hi"');
  });
});

describe("dispatch: failures and secrets", () => {
  const SECRET = "xoxb-super-secret-token";
  const EXTRA = "hunter2-extra";

  function setup(logger?: Logger) {
    const lines: LogLine[] = [];
    const bot = createCatOps({
      env: { SLACK_BOT_TOKEN: SECRET, CATOPS_REGION: "eu-west-1" },
      secrets: [EXTRA],
      logger: logger ?? recordingLogger(lines),
      commands: [
        {
          name: "boom",
          file: "ops.ts",
          run: () => {
            throw new Error(`cannot reach db with ${SECRET}\nat line two\nat line three`);
          },
        },
        {
          name: "leak",
          run: () => ({
            text: `token is ${SECRET}, password ${EXTRA}`,
            attachments: [{ text: SECRET }],
          }),
        },
        { name: "region", run: ({ env }) => String(env.CATOPS_REGION) },
        { name: "say", run: () => `the token: ${SECRET}` },
        { name: "status", run: () => "all good" },
        { name: "whisper", run: () => ({ text: `psst ${EXTRA}`, visibility: "ephemeral" }) },
        {
          name: "flaky",
          nextStep: "status api",
          run: () => Promise.reject("plain string rejection"),
        },
        {
          name: "weird",
          run: () => {
            throw { not: "an error" };
          },
        },
      ],
    });
    return { bot, lines };
  }

  it("answers a throw with one short line, the secret masked, no stack", async () => {
    const { bot } = setup();
    const reply = await bot.dispatch(event(["boom"]), { requestId: "req-1" });
    expect(reply).toEqual({
      text: "`boom` failed: cannot reach db with [redacted]",
      error: true,
      buttons: undefined,
    });
  });

  it("logs the stack, command, user, request id and file, with secrets masked", async () => {
    const records: Record<string, any>[] = [];
    const logger = createLogger({
      secrets: [SECRET],
      write: (line) => records.push(JSON.parse(line)),
    });
    const { bot } = setup(logger);
    await bot.dispatch(event(["boom"]), { requestId: "req-1" });
    const failures = records.filter((entry) => entry.msg === "command failed");
    expect(failures).toHaveLength(1);
    const [record] = failures;
    expect(record).toMatchObject({
      level: "error",
      msg: "command failed",
      command: "boom",
      user: "U1",
      requestId: "req-1",
      file: "ops.ts",
    });
    expect(record!.error.stack).toContain("at line two");
    expect(JSON.stringify(record)).not.toContain(SECRET);
  });

  it("masks configured secrets in the log given by the user too", async () => {
    const { bot, lines } = setup();
    await bot.dispatch(event(["boom"]), { requestId: "req-2" });
    const failure = lines.find((line) => line.message === "command failed");
    expect(failure?.fields).toMatchObject({ command: "boom", user: "U1", requestId: "req-2" });
    expect(
      JSON.stringify(failure?.fields, (_k, v) =>
        v instanceof Error ? { message: v.message, stack: v.stack } : v,
      ),
    ).not.toContain(SECRET);
  });

  it("masks secrets in the log a runtime hands in for one request", async () => {
    const lines: LogLine[] = [];
    const bot = createCatOps({
      env: { SLACK_SIGNING_SECRET: SECRET },
      logger: recordingLogger([]),
      connectors: [
        {
          name: "echo",
          paths: ["/echo"],
          async handle(_request, kit) {
            kit.log.warn(`verifying with ${SECRET}`, { detail: { nested: `key=${SECRET}` } });
            return new Response("ok");
          },
          async deliver() {
            return {};
          },
        },
      ],
    });
    const response = await bot.fetch(new Request("http://bot.test/echo", { method: "POST" }), {
      logger: recordingLogger(lines),
      requestId: "r-7",
    });
    expect(response.status).toBe(200);
    expect(lines).toEqual([
      {
        level: "warn",
        message: "verifying with [redacted]",
        fields: { requestId: "r-7", connector: "echo", detail: { nested: "key=[redacted]" } },
      },
    ]);
  });

  it("masks secrets a plugin echoes in its reply", async () => {
    const { bot } = setup();
    expect(await bot.dispatch(event(["leak"]))).toEqual({
      text: "token is [redacted], password [redacted]",
      attachments: [{ text: "[redacted]" }],
    });
  });

  it("masks secrets in a text-only reply, a string or a reply with flags", async () => {
    const { bot } = setup();
    expect(await bot.dispatch(event(["say"]))).toEqual({ text: "the token: [redacted]" });
    expect(await bot.dispatch(event(["whisper"]))).toEqual({
      text: "psst [redacted]",
      visibility: "ephemeral",
    });
  });

  it("does not mask configuration that is not secret", async () => {
    const { bot } = setup();
    expect(await bot.dispatch(event(["region"]))).toEqual({ text: "eu-west-1" });
  });

  it("answers a rejected string and offers the next step", async () => {
    const { bot } = setup();
    expect(await bot.dispatch(event(["flaky"]))).toEqual({
      text: "`flaky` failed: plain string rejection\nNext step: `status api`",
      error: true,
      buttons: [{ text: "status api", command: "status api" }],
    });
  });

  it("answers a thrown non-error without details", async () => {
    const { bot } = setup();
    expect((await bot.dispatch(event(["weird"])))?.text).toBe("`weird` failed: unexpected error");
  });
});
