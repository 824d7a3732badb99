import { describe, expect, it } from "vitest";
import { command } from "./command.js";
import { PluginError } from "./errors.js";
import { commandsFromModules } from "./registry.js";
import type { CommandContext } from "./types.js";

const ctx = (argv: string[]) => ({ argv }) as unknown as CommandContext;

describe("commandsFromModules", () => {
  it("makes every exported function a command named after it, with the file it came from", () => {
    const table = commandsFromModules([
      { file: "example.ts", exports: { hi: () => "Meow!", bye: () => "Bye" } },
    ]);
    expect([...table.keys()]).toEqual(["bye", "hi"]);
    expect(table.get("hi")?.file).toBe("example.ts");
  });

  it("calls a plain function the seed's way: (argv, params) with the context as params", async () => {
    const seen: unknown[] = [];
    const table = commandsFromModules([
      {
        file: "a.ts",
        exports: {
          echo(argv: string[], params: unknown) {
            seen.push(argv, params);
            return argv.join(" ");
          },
        },
      },
    ]);
    const context = ctx(["x", "y"]);
    expect(await table.get("echo")?.run(context)).toBe("x y");
    expect(seen).toEqual([["x", "y"], context]);
  });

  it("takes command({...}) definitions with their description, args and flags", () => {
    const deploy = command({
      description: "Deploy",
      args: { service: { required: true } },
      run: () => "ok",
    });
    const table = commandsFromModules([{ file: "ops.ts", exports: { deploy } }]);
    expect(table.get("deploy")).toMatchObject({
      name: "deploy",
      file: "ops.ts",
      description: "Deploy",
      args: { service: { required: true } },
    });
  });

  it("skips files and exports that start with _", () => {
    const table = commandsFromModules([
      { file: "plugins/_helpers.ts", exports: { format: () => "x" } },
      { file: "_private.js", exports: { secret: () => "x" } },
      { file: "plugins/ops.ts", exports: { _internal: () => "x", status: () => "ok" } },
    ]);
    expect([...table.keys()]).toEqual(["status"]);
  });

  it("skips default exports, classes, constants and names that are not command names", () => {
    class Widget {}
    const table = commandsFromModules([
      {
        file: "mixed.ts",
        exports: {
          default: () => "x",
          Widget,
          VERSION: "1.0",
          settings: { a: 1 },
          $weird: () => "x",
          ok: () => "ok",
        },
      },
    ]);
    expect([...table.keys()]).toEqual(["ok"]);
  });

  it("loads only the allow-listed names", () => {
    const modules = [
      { file: "a.ts", exports: { hi: () => "", deploy: () => "" } },
      { file: "b.ts", exports: { status: () => "" } },
    ];
    expect([...commandsFromModules(modules, { only: ["hi", "status"] }).keys()]).toEqual([
      "hi",
      "status",
    ]);
    expect(commandsFromModules(modules, { only: [] }).size).toBe(0);
  });

  it("refuses two commands with one name, naming both files", () => {
    const modules = [
      { file: "zeta.ts", exports: { restart: () => "" } },
      { file: "alpha.ts", exports: { restart: () => "" } },
    ];
    expect(() => commandsFromModules(modules)).toThrow(PluginError);
    expect(() => commandsFromModules(modules)).toThrow(
      'two commands are named "restart": one in alpha.ts, one in zeta.ts',
    );
  });

  it("does not count a duplicate that the allow-list leaves out", () => {
    const modules = [
      { file: "a.ts", exports: { restart: () => "", hi: () => "" } },
      { file: "b.ts", exports: { restart: () => "" } },
    ];
    expect([...commandsFromModules(modules, { only: ["hi"] }).keys()]).toEqual(["hi"]);
  });

  it("gives the same table whatever order the modules come in", () => {
    const a = { file: "a.ts", exports: { one: () => "", two: () => "" } };
    const b = { file: "b.ts", exports: { three: () => "" } };
    expect([...commandsFromModules([b, a]).keys()]).toEqual([
      ...commandsFromModules([a, b]).keys(),
    ]);
  });
});

describe("command()", () => {
  it("needs a run function", () => {
    expect(() => command({} as never)).toThrow("command({...}) needs a run function");
  });

  it("refuses a number whose choices are not numbers", () => {
    const run = () => "ok";
    expect(() =>
      command({ run, flags: { replicas: { type: "number", choices: ["1", "staging"] } } }),
    ).toThrow("--replicas is a number, but its choices staging are not numbers");
    expect(() => command({ run, args: { count: { type: "number", choices: ["", "2"] } } })).toThrow(
      /<count> is a number/,
    );
    expect(
      command({ run, flags: { replicas: { type: "number", choices: ["1", "3"] } } }).flags,
    ).toBeDefined();
  });
});
