import { jobsOf, kitFor } from "../testing.js";
import { describe, expect, it } from "vitest";
import type { AuditRecord } from "../engine/audit.js";
import { createCatOps } from "../bot.js";
import { command } from "./command.js";
import type { Connector } from "../connector.js";
import { formFor, formTokens } from "./forms.js";
import { silentLogger } from "../logger.js";
import { createMemoryStore } from "../store/memory.js";
import type { Command, CommandEvent, Reply, Store } from "../types.js";

const deploy = {
  ...command({
    description: "Deploy a service",
    args: { service: { required: true, description: "what to deploy" }, note: { rest: true } },
    flags: {
      env: { choices: ["staging", "prod"], default: "staging" },
      replicas: { type: "number" },
      force: { type: "boolean" },
    },
    allow: { users: ["U1"] },
    run: (ctx) =>
      `Deploying ${ctx.args.service} to ${ctx.flags.env} x${ctx.flags.replicas ?? 1}${ctx.flags.force ? " (forced)" : ""}${ctx.args.note ? `: ${ctx.args.note}` : ""}`,
  }),
  name: "deploy",
} as Command;

const user = { id: "U1", name: "alice" };

function setup(commands: Command[] = [deploy], store?: Store) {
  const delivered: Reply[] = [];
  const audit: AuditRecord[] = [];
  const connector: Connector = {
    name: "formy",
    paths: [],
    forms: true,
    handle: async () => {
      throw new Error("not used");
    },
    deliver: async (_event, reply) => {
      delivered.push(reply);
      return {};
    },
  };
  const bot = createCatOps({
    connectors: [connector],
    commands,
    ...(store ? { store } : {}),
    logger: silentLogger,
    onAudit: (record) => {
      audit.push(record);
    },
  });
  const kit = kitFor(bot, connector, {}, "req-1");
  return { bot, kit, connector, delivered, audit };
}

const event = (text: string, who = user): CommandEvent => ({ command: [], text, user: who });

describe("forms from command definitions", () => {
  it("makes a field of each argument and flag: choices a select, booleans a checkbox, numbers", () => {
    expect(formFor(deploy)).toEqual({
      command: "deploy",
      title: "Run deploy",
      submit: "Run",
      fields: [
        {
          id: "arg.service",
          label: "service",
          type: "text",
          required: true,
          description: "what to deploy",
        },
        { id: "arg.note", label: "note", type: "text", required: false, multiline: true },
        {
          id: "flag.env",
          label: "--env",
          type: "select",
          required: false,
          choices: ["staging", "prod"],
          initial: "staging",
        },
        { id: "flag.replicas", label: "--replicas", type: "number", required: false },
        { id: "flag.force", label: "--force", type: "checkbox", required: false },
      ],
    });
  });

  it("has no form for a command that declares nothing", () => {
    expect(formFor({ name: "hi", run: () => "hi" })).toBeUndefined();
  });

  it("turns values into argument and flag tokens, leaving out defaults as shown", () => {
    expect(
      formTokens(deploy, { "arg.service": "api", "flag.env": "staging", "flag.replicas": "2" }),
    ).toEqual({ tokens: ["api", "--replicas=2"] });
  });

  it("never reads a value as a flag", () => {
    expect(
      formTokens(deploy, {
        "arg.service": "--rm",
        "arg.note": "two words",
        "flag.env": "prod",
        "flag.replicas": "3",
        "flag.force": true,
      }),
    ).toEqual({
      tokens: ["--env=prod", "--replicas=3", "--force=true", "--", "--rm", "two words"],
    });
  });

  it("answers each bad value by its field", () => {
    expect(
      formTokens(deploy, { "arg.service": " ", "flag.env": "qa", "flag.replicas": "many" }),
    ).toEqual({
      errors: {
        "arg.service": "Required.",
        "flag.env": "Must be one of staging, prod.",
        "flag.replicas": "Must be a number.",
      },
    });
  });
});

describe("forms through the engine", () => {
  it("answers a command missing its required argument with its form and the usage text", async () => {
    const { kit } = setup();
    const reply = await kit.execute(event("deploy"));
    expect(reply?.form?.command).toBe("deploy");
    expect(reply?.text).toContain("Usage: `deploy <service>");
  });

  it("keeps the usage text alone where the connector has no forms", async () => {
    const { bot } = setup();
    const reply = await bot.dispatch(event("deploy"));
    expect(reply?.form).toBeUndefined();
    expect(reply?.text).toContain("missing required argument <service>");
  });

  it("offers Fill in… on a command's help, and the button opens the form", async () => {
    const { kit } = setup();
    const help = await kit.execute(event("help deploy"));
    const button = help?.buttons?.find((b) => b.action === "catops.form");
    expect(button).toEqual({ text: "Fill in…", action: "catops.form", value: "deploy" });
    const opened = await kit.act({ action: "catops.form", value: "deploy" }, event(""));
    expect(opened?.form?.fields.map((f) => f.id)).toContain("arg.service");
  });

  it("refuses the form to someone the command's rule does not admit", async () => {
    const { kit } = setup();
    const opened = await kit.act(
      { action: "catops.form", value: "deploy" },
      event("", { id: "U2", name: "bob" }),
    );
    expect(opened?.form).toBeUndefined();
    expect(opened?.text).toContain("not allowed to run `deploy`");
  });

  it("runs a valid submission through the same checks, audited as the command line", async () => {
    const { kit, audit } = setup();
    const outcome = await kit.submitForm(
      {
        command: "deploy",
        values: { "arg.service": "api", "flag.env": "prod", "flag.force": true },
      },
      event(""),
    );
    expect(outcome).toEqual({ reply: { text: "Deploying api to prod x1 (forced)" } });
    expect(audit.map((r) => [r.outcome, r.command])).toEqual([
      ["succeeded", "deploy api --env=prod --force=true"],
    ]);
  });

  it("returns inline errors and runs nothing for an invalid value", async () => {
    const { kit, audit } = setup();
    const outcome = await kit.submitForm(
      { command: "deploy", values: { "arg.service": "api", "flag.replicas": "lots" } },
      event(""),
    );
    expect(outcome).toEqual({ errors: { "flag.replicas": "Must be a number." } });
    expect(audit).toEqual([]);
  });

  it("refuses a submission from someone the rule does not admit", async () => {
    const { kit, audit } = setup();
    const outcome = await kit.submitForm(
      { command: "deploy", values: { "arg.service": "api" } },
      event("", { id: "U2", name: "bob" }),
    );
    expect("reply" in outcome && outcome.reply?.text).toContain("not allowed");
    expect(audit.map((r) => r.outcome)).toEqual(["denied"]);
  });

  it("asks to confirm a submitted `confirm` command before it runs", async () => {
    const risky = { ...deploy, name: "risky", confirm: true, allow: undefined } as Command;
    const { kit } = setup([risky]);
    const outcome = await kit.submitForm(
      { command: "risky", values: { "arg.service": "db" } },
      event(""),
    );
    const reply = "reply" in outcome ? outcome.reply : undefined;
    expect(reply?.buttons?.map((b) => b.action)).toEqual(["catops.confirm", "catops.cancel"]);
  });
});

describe("the Home view", () => {
  it("lists only the commands the viewer may run, and the viewer's own jobs", async () => {
    const ops = {
      ...command({ run: () => "ok" }),
      name: "status",
      description: "Show status",
    } as Command;
    const slow = { ...command({ defer: true, run: () => "done" }), name: "backup" } as Command;
    const { bot, kit } = setup([deploy, ops, slow]);
    await jobsOf(bot).create({
      id: "j-bob",
      command: "backup",
      user: { id: "U2" },
      connector: "formy",
    });
    await jobsOf(bot).create({ id: "j-alice", command: "backup", user, connector: "formy" });

    const alice = await kit.home(event(""));
    const bob = await kit.home(event("", { id: "U2", name: "bob" }));
    const names = (view: typeof alice) =>
      view.sections[0]!.items.map((item) => item.text.split("`")[1]);
    expect(names(alice)).toContain("deploy");
    expect(names(bob)).not.toContain("deploy");
    expect(names(bob)).toContain("status");
    const deployItem = alice.sections[0]!.items.find((item) => item.text.includes("`deploy`"));
    expect(deployItem?.buttons).toEqual([
      { text: "Fill in…", action: "catops.form", value: "deploy" },
    ]);
    const statusItem = alice.sections[0]!.items.find((item) => item.text.includes("`status`"));
    expect(statusItem?.buttons).toEqual([{ text: "Run", command: "status" }]);
    const jobs = alice.sections.at(-1)!;
    expect(jobs.title).toBe("Your recent jobs");
    expect(jobs.items.map((item) => item.text)).toEqual(["`backup` queued (job `j-alice`)"]);
    expect(jobs.items[0]!.buttons).toEqual([
      { text: "Cancel", command: "cancel j-alice", style: "danger" },
    ]);
  });

  it("finds the viewer's jobs in their own index, never by listing the store", async () => {
    // A store that cannot list, as DynamoDB without Scan: the Home tab must not need it.
    const store: Store = {
      ...createMemoryStore(),
      list: async () => {
        throw new Error("the Home view listed the store");
      },
    };
    const slow = { ...command({ defer: true, run: () => "done" }), name: "backup" } as Command;
    const { bot, kit } = setup([slow], store);
    await jobsOf(bot).create({ id: "j-alice", command: "backup", user, connector: "formy" });
    // Sixty jobs of someone else since: the viewer's still shows.
    for (let i = 0; i < 60; i++)
      await jobsOf(bot).create({
        id: `j-bob-${i}`,
        command: "backup",
        user: { id: "U2" },
        connector: "formy",
      });

    const jobs = (await kit.home(event(""))).sections.at(-1)!;
    expect(jobs.items.map((item) => item.text)).toEqual(["`backup` queued (job `j-alice`)"]);
  });
});
