import { command, createCatOps } from "@catops/core";
import { createTestBot } from "@catops/core/testing";
import { describe, expect, it } from "vitest";
import { createAlerts } from "./create.js";
import { validateRules } from "./runbooks.js";
import { quoteArgument, suggestionsFor } from "./suggestions.js";
import type { Alert } from "./types.js";

const alert = (fields: Partial<Alert>): Alert => ({
  source: "cloudwatch",
  name: "api-HighCPU",
  state: "firing",
  severity: "error",
  details: {},
  key: "k",
  raw: {},
  ...fields,
});

describe("runbook rules", () => {
  it("match by source, name glob or RegExp, resource and severity, in rule order, once each", () => {
    const rules = [
      { source: "cloudwatch", name: "api-*", commands: ["restart api", "logs api"] },
      {
        name: /cpu/i,
        severity: ["error", "critical"] as const,
        commands: ["scale api", "restart api"],
      },
      { source: ["uptimerobot", "generic"], commands: ["check site"] },
      { resource: "db-?", commands: ["failover db"] },
    ];
    expect(suggestionsFor(alert({}), rules)).toEqual(["restart api", "logs api", "scale api"]);
    expect(suggestionsFor(alert({ severity: "warning" }), rules)).toEqual([
      "restart api",
      "logs api",
    ]);
    expect(suggestionsFor(alert({ name: "API-highcpu" }), rules)).toEqual([
      "restart api",
      "logs api",
      "scale api",
    ]);
    expect(suggestionsFor(alert({ source: "generic", name: "disk" }), rules)).toEqual([
      "check site",
    ]);
    expect(suggestionsFor(alert({ name: "x", resource: "db-1" }), rules)).toEqual(["failover db"]);
    expect(suggestionsFor(alert({ name: "x", resource: "db-10" }), rules)).toEqual([]);
    expect(suggestionsFor(alert({ name: "x" }), rules)).toEqual([]);
  });

  it("treat glob characters only as globs", () => {
    const rules = [{ name: "disk (90%).+", commands: ["clean disk"] }];
    expect(suggestionsFor(alert({ name: "disk (90%).+" }), rules)).toEqual(["clean disk"]);
    expect(suggestionsFor(alert({ name: "disk 90%" }), rules)).toEqual([]);
  });

  it("give the same answer every time with a global RegExp", () => {
    const rules = [{ name: /cpu/gi, commands: ["scale api"] }];
    for (let i = 0; i < 3; i++) expect(suggestionsFor(alert({}), rules)).toEqual(["scale api"]);
  });

  it("offer at most five buttons", () => {
    const rules = [{ commands: ["a", "b", "c", "d", "e", "f"] }];
    expect(suggestionsFor(alert({}), rules)).toEqual(["a", "b", "c", "d", "e"]);
  });

  it("are checked when the bot starts", () => {
    expect(() => validateRules([{ commands: ["x"], severity: "urgent" as never }])).toThrow(
      /unknown severity "urgent"/,
    );
    expect(() => validateRules([{ commands: [" "] }])).toThrow(/non-empty list/);
  });
});

describe("runbook commands that name the alert's fields", () => {
  const plugins = {
    "ops.ts": {
      restart: command({
        args: { service: { required: true, choices: ["api", "web", "api; rm -rf /"] } },
        run: ({ args }) => `restart [${args.service}]`,
      }),
      logs: command({
        args: { service: { required: true } },
        flags: { since: {}, lines: { type: "number" } },
        run: ({ args, flags }) => `logs [${args.service}] since [${flags.since}]`,
      }),
    },
  };
  const rules = [
    {
      commands: [
        "restart {{resource}}",
        "logs {{Service}} --since {{since}}",
        "logs {{resource}} --lines {{threshold}}",
      ],
    },
  ];

  it("fills in the values, each quoted as one argument, and drops a line the command would refuse", async () => {
    const { run } = createTestBot(plugins);
    const logs: unknown[] = [];
    let check: ((line: string) => string | undefined) | undefined;
    const spy = createAlerts({ runbooks: rules });
    // The check comes from a bot made with the alert handler, as the handler gets it.
    createCatOps({
      plugins: [{ file: "ops.ts", exports: plugins["ops.ts"] }],
      alerts: {
        ...spy,
        bindCommands: (catalog) => {
          check = catalog.check;
          spy.bindCommands(catalog);
        },
      },
    });
    const log = { warn: (...args: unknown[]) => void logs.push(args) };
    const shell = alert({
      resource: "api; rm -rf /",
      time: "2026-03-25T12:00:00Z",
      details: { service: "<!channel> payments", Threshold: "lots" },
    });
    const lines = suggestionsFor(shell, rules, { check, log });
    expect(lines).toEqual([
      'restart "api; rm -rf /"',
      'logs "<!channel> payments" --since 2026-03-25T12:00:00Z',
    ]);
    // Each value reaches the command as one plain argument.
    expect(await run(lines[0]!)).toMatchObject({ text: "restart [api; rm -rf /]" });
    expect((await run(lines[1]!))?.text).toBe(
      "logs [<!channel> payments] since [2026-03-25T12:00:00Z]",
    );
    expect(logs).toHaveLength(1);
    expect(JSON.stringify(logs[0])).toMatch(/--lines {{threshold}}.*number/);
    // A value outside the command's choices drops that button, and an absent field too.
    expect(suggestionsFor(alert({ resource: "db" }), rules, { check, log })).toEqual([]);
    expect(JSON.stringify(logs.slice(1))).toMatch(/the alert has no Service/);
  });

  it("refuses, when the bot is made, a rule naming a command the bot does not have", () => {
    expect(() =>
      createCatOps({
        plugins: [{ file: "ops.ts", exports: plugins["ops.ts"] }],
        alerts: createAlerts({
          runbooks: [{ commands: ["logs api"] }, { commands: ["restrat {{resource}}"] }],
        }),
      }),
    ).toThrow('runbooks[1]: "restrat {{resource}}" names no command "restrat"');
    expect(() => validateRules([{ commands: ["{{resource}} restart"] }])).toThrow(
      /must start with a command name/,
    );
    expect(() => validateRules([{ commands: ["restart {{re source!}}"] }])).toThrow(/bad variable/);
    expect(() => validateRules([{ commands: ["restart {{re{source}}"] }])).toThrow(/unclosed/);
  });

  it("quotes only what needs it", () => {
    expect(quoteArgument("api-1.prod")).toBe("api-1.prod");
    expect(quoteArgument('say "hi"\\')).toBe('"say \\"hi\\"\\\\"');
    expect(quoteArgument("<@U123>")).toBe('"<@U123>"');
  });
});
