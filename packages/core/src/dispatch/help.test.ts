import { describe, expect, it } from "vitest";
import { commandHelp, helpText, usageLine } from "./help.js";
import type { Command } from "../types.js";

const run = () => undefined;

const deploy: Command = {
  name: "deploy",
  description: "Deploy a service",
  run,
  args: { service: { required: true, description: "what to deploy" }, note: { rest: true } },
  flags: {
    env: { choices: ["staging", "prod"], default: "staging", short: "e" },
    force: { type: "boolean", description: "skip checks" },
    replicas: { type: "number", required: true },
    tag: {},
  },
  confirm: true,
  defer: true,
};

describe("usageLine", () => {
  it("shows required and optional args and flags", () => {
    expect(usageLine(deploy)).toBe(
      "deploy <service> [note...] [--env staging|prod] [--force] --replicas n [--tag tag]",
    );
  });

  it("uses a declared usage, adding the name when it is missing", () => {
    expect(usageLine({ name: "x", run, usage: "<a> <b>" })).toBe("x <a> <b>");
    expect(usageLine({ name: "x", run, usage: "x [--all]" })).toBe("x [--all]");
  });

  it("is just the name for the seed shape", () => {
    expect(usageLine({ name: "hi", run })).toBe("hi");
  });
});

describe("commandHelp", () => {
  it("lists usage, description, each argument and flag, and the guardrails", () => {
    expect(commandHelp(deploy, "/catops ")).toBe(
      [
        "`/catops deploy <service> [note...] [--env staging|prod] [--force] --replicas n [--tag tag]`",
        "Deploy a service",
        "  service: what to deploy",
        "  note (optional)",
        "  --env, -e: default: staging",
        "  --force: skip checks",
        "  --replicas",
        "  --tag",
        "Asks for confirmation before it runs.",
        "Runs in the background and reports back.",
      ].join("\n"),
    );
  });
});

describe("helpText", () => {
  const commands: Command[] = [
    { name: "zeta", run, description: "Last" },
    { name: "alpha", run },
    { name: "secret", run, hidden: true, description: "Hidden" },
  ];

  it("lists visible commands sorted by name with their descriptions", () => {
    const text = helpText(commands, "/catops ");
    expect(text).toBe(
      "Commands:\n• `/catops alpha`\n• `/catops zeta` Last\n\nType `/catops help <command>` for its usage.",
    );
    expect(text).not.toContain("secret");
  });

  it("puts a lead line first", () => {
    expect(helpText(commands, "", "Unknown command `x`.")).toMatch(
      /^Unknown command `x`\.\n\nCommands:/,
    );
  });
});
