// bot.dispatch, the CLI and createTestBot run through the same engine as every connector: the
// same access rules, the same masking, the same jobs.
import { describe, expect, it } from "vitest";
import { createCatOps } from "../bot.js";
import { command } from "../dispatch/command.js";
import { grant } from "../dispatch/group-grants.js";
import { silentLogger } from "../logger.js";
import { createTestBot } from "../testing.js";

const plugins = {
  "ops.ts": {
    deploy: command({ allow: { groups: ["deployers"] }, run: () => "deployed" }),
    login: command({
      confirm: true,
      flags: { token: { secret: true } },
      run: () => "logged in",
    }),
    build: command({ defer: true, run: async () => "build done" }),
  },
};

describe("one pipeline", () => {
  it("admits a user granted a group from chat, as connectors do", async () => {
    const test = createTestBot(plugins);
    expect((await test.run("deploy", { user: { id: "UALICE" } }))?.text).toContain(
      "not allowed to run `deploy`",
    );
    await grant(test.bot.store, "deployers", "UALICE");
    expect(await test.text("deploy", { user: { id: "UALICE" } })).toBe("deployed");
  });

  it("masks a secret flag in the confirmation question", async () => {
    const questions: string[] = [];
    const bot = createCatOps({
      logger: silentLogger,
      plugins: [{ file: "ops.ts", exports: plugins["ops.ts"] }],
    });
    const reply = await bot.dispatch(
      { command: ["login", "--token", "hunter2"], user: { id: "U1" } },
      {
        confirm: async (question) => {
          questions.push(question);
          return true;
        },
      },
    );
    expect(questions).toHaveLength(1);
    expect(questions[0]).not.toContain("hunter2");
    expect(reply?.text).toBe("logged in");
  });

  it("asks with buttons when nobody answers confirmations, and marks a refusal as an error", async () => {
    const test = createTestBot(plugins);
    const question = await test.run("login --token hunter2");
    expect(question?.buttons?.map((button) => button.text)).toEqual(["Run", "Cancel"]);
    expect(question?.text).not.toContain("hunter2");
    const declined = await test.run("login --token hunter2", { confirm: async () => false });
    expect(declined?.error).toBe(true);
  });

  it("runs deferred commands as jobs: acknowledged at once, listed, and answered later", async () => {
    const test = createTestBot(plugins);
    const ack = await test.text("build");
    expect(ack).toMatch(/^Running `build`… \(job `(\w+)`\)$/);
    const [result] = await test.settle();
    expect(result?.text).toBe("build done");
    const id = /job `(\w+)`/.exec(ack)![1]!;
    expect(await test.text(`jobs ${id}`)).toContain(`\`${id}\` succeeded: \`build\``);
  });
});
