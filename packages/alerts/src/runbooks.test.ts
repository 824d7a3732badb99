import { describe, expect, it } from "vitest";
import { suggestionsFor, validateRules } from "./runbooks.js";
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
