import { describe, expect, it } from "vitest";
import { parseArgs } from "./args.js";
import { UsageError } from "../errors.js";
import type { Command } from "../types.js";

const run = () => undefined;

const deploy: Command = {
  name: "deploy",
  run,
  args: { service: { required: true }, version: { default: "latest" } },
  flags: {
    env: { choices: ["staging", "prod"], default: "staging", short: "e" },
    force: { type: "boolean" },
    replicas: { type: "number" },
    reason: { required: false },
  },
};

const parse = (command: Command, line: string) =>
  parseArgs(command, line === "" ? [] : line.split(" "));

describe("parseArgs: flags", () => {
  it("reads --flag=value, --flag value and -s value", () => {
    expect(parse(deploy, "api --env=prod").flags.env).toBe("prod");
    expect(parse(deploy, "api --env prod").flags.env).toBe("prod");
    expect(parse(deploy, "api -e prod").flags.env).toBe("prod");
    expect(parse(deploy, "--env prod api").args.service).toBe("api");
  });

  it("keeps an = and spaces inside an inline value", () => {
    const { flags } = parseArgs(deploy, ["api", "--reason=a=b c"]);
    expect(flags.reason).toBe("a=b c");
  });

  it("fills defaults and sets absent booleans to false", () => {
    expect(parse(deploy, "api").flags).toEqual({ env: "staging", force: false });
    expect(parse(deploy, "api").args).toEqual({ service: "api", version: "latest" });
  });

  it("reads booleans: bare, --no-x and explicit values", () => {
    expect(parse(deploy, "api --force").flags.force).toBe(true);
    expect(parse(deploy, "api --no-force").flags.force).toBe(false);
    expect(parse(deploy, "api --force=yes").flags.force).toBe(true);
    expect(parse(deploy, "api --force=off").flags.force).toBe(false);
    expect(() => parse(deploy, "api --force=maybe")).toThrow(/takes true or false/);
  });

  it("does not take the next token as a boolean's value", () => {
    const { args, flags } = parse(deploy, "--force api v2");
    expect(flags.force).toBe(true);
    expect(args).toEqual({ service: "api", version: "v2" });
  });

  it("refuses --no-x for a flag that is not boolean", () => {
    expect(() => parse(deploy, "api --no-env")).toThrow("unknown flag --no-env");
  });

  it("checks choices and numbers", () => {
    expect(() => parse(deploy, "api --env dev")).toThrow(
      '--env must be one of staging, prod (got "dev")',
    );
    expect(parse(deploy, "api --replicas 3").flags.replicas).toBe(3);
    expect(parse(deploy, "api --replicas=-1.5").flags.replicas).toBe(-1.5);
    expect(() => parse(deploy, "api --replicas lots")).toThrow(/--replicas must be a number/);
    expect(() => parseArgs(deploy, ["api", "--replicas", " "])).toThrow(/must be a number/);
    expect(() => parse(deploy, "api --replicas Infinity")).toThrow(/must be a number/);
  });

  it("reads a number flag's choices as numbers and answers with the number", () => {
    const cmd: Command = {
      name: "scale",
      run,
      flags: { replicas: { type: "number", choices: ["1", "3", "staging"] } },
    };
    expect(parse(cmd, "--replicas 1").flags.replicas).toBe(1);
    expect(parse(cmd, "--replicas 3.0").flags.replicas).toBe(3);
    expect(() => parse(cmd, "--replicas 2")).toThrow(
      '--replicas must be one of 1, 3, staging (got "2")',
    );
    expect(() => parse(cmd, "--replicas staging")).toThrow(/--replicas must be a number/);
  });

  it("says when a flag's value is missing", () => {
    expect(() => parse(deploy, "api --env")).toThrow("flag --env needs a value");
  });

  it("refuses unknown flags, long and short", () => {
    expect(() => parse(deploy, "api --colour red")).toThrow("unknown flag --colour");
    expect(() => parse(deploy, "api -x")).toThrow("unknown flag -x");
  });

  it("requires required flags", () => {
    const cmd: Command = { name: "page", run, flags: { who: { required: true } } };
    expect(() => parse(cmd, "")).toThrow("missing required flag --who");
    expect(parse(cmd, "--who alice").flags.who).toBe("alice");
  });

  it("treats everything after -- as positional", () => {
    const cmd: Command = { name: "echo", run, args: { text: { rest: true } }, flags: deploy.flags };
    expect(parse(cmd, "-- --env prod").args.text).toBe("--env prod");
    expect(parse(cmd, "-- --env prod").flags.env).toBe("staging");
  });

  it("keeps negative numbers and a lone dash as positionals", () => {
    const cmd: Command = { name: "scale", run, args: { by: { type: "number" }, dash: {} } };
    expect(parse(cmd, "-3 -").args).toEqual({ by: -3, dash: "-" });
  });
});

describe("parseArgs: positionals", () => {
  it("requires required arguments", () => {
    expect(() => parse(deploy, "")).toThrow("missing required argument <service>");
    expect(() => parse(deploy, "")).toThrow(UsageError);
  });

  it("refuses extra positionals when args are declared", () => {
    expect(() => parse(deploy, "api v2 extra")).toThrow("unexpected argument: extra");
    expect(() => parse(deploy, "api v2 a b")).toThrow("unexpected arguments: a b");
  });

  it("gives the rest of the line to a rest argument", () => {
    const cmd: Command = {
      name: "say",
      run,
      args: { to: {}, text: { rest: true, required: true } },
    };
    expect(parse(cmd, "ops hello there all").args).toEqual({ to: "ops", text: "hello there all" });
    expect(() => parse(cmd, "ops")).toThrow("missing required argument <text>");
  });

  it("checks choices and numbers on arguments", () => {
    const cmd: Command = {
      name: "scale",
      run,
      args: { tier: { choices: ["web", "db"] }, count: { type: "number", default: 1 } },
    };
    expect(parse(cmd, "web 4").args).toEqual({ tier: "web", count: 4 });
    expect(parse(cmd, "db").args).toEqual({ tier: "db", count: 1 });
    expect(() => parse(cmd, "cache")).toThrow('<tier> must be one of web, db (got "cache")');
    expect(() => parse(cmd, "web four")).toThrow('<count> must be a number (got "four")');
  });

  it("passes any tokens through for a command that declares nothing (the seed shape)", () => {
    const cmd: Command = { name: "hi", run };
    const tokens = ["--loud", "-x", "--toString", "--constructor", "--__proto__=1", "--", "-y"];
    expect(parseArgs(cmd, tokens)).toEqual({ args: {}, flags: {} });
    expect(parseArgs(cmd, ["--toString"])).toEqual({ args: {}, flags: {} });
  });
});

describe("parseArgs: hostile flag names", () => {
  const hostile = [
    "--__proto__=polluted",
    "--__proto__",
    "--constructor=x",
    "--prototype=x",
    "--toString=x",
    "--hasOwnProperty",
    "-constructor",
    "--no-__proto__",
    "--no-constructor",
  ];

  it.each(hostile)("refuses %s as an unknown flag without touching any prototype", (token) => {
    expect(() => parseArgs(deploy, ["api", token])).toThrow(UsageError);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty("x");
  });

  it("returns plain objects whose prototype is intact", () => {
    const { args, flags } = parse(deploy, "api");
    expect(Object.getPrototypeOf(args)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(flags)).toBe(Object.prototype);
  });

  it("refuses a flag named like an Object.prototype member even when flags are declared", () => {
    const cmd: Command = { name: "x", run, flags: { real: {} } };
    expect(() => parse(cmd, "--valueOf 1")).toThrow("unknown flag --valueOf");
  });
});
