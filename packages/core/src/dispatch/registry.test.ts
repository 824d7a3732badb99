import { describe, expect, it } from "vitest";
import { command } from "./command.js";
import { PluginError } from "../errors.js";
import { commandNamesOf, commandsFromModules } from "./registry.js";
import type { CommandContext } from "../types.js";

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

describe("the command names catops build emits", () => {
  const deploy = command({ description: "Deploy", run: () => "deployed" });
  const exports = { zeta: () => "z", deploy, Alpha: () => "a", _own: () => "", Widget: class {} };

  it("lists a module's commands in table order, classes and private names left out", () => {
    expect(commandNamesOf(exports)).toBe("Alpha deploy zeta");
    expect(commandNamesOf({ VERSION: "1", default: () => "" })).toBe("");
  });

  it("registers emitted names without reading a single export, and builds each on first use", async () => {
    const read: string[] = [];
    const watched = new Proxy(exports as Record<string, unknown>, {
      get: (target, name) => {
        if (typeof name === "string") read.push(name);
        return target[name as string];
      },
    });
    const table = commandsFromModules([
      { file: "ops.ts", exports: watched, commands: commandNamesOf(exports) },
    ]);
    expect([...table.keys()]).toEqual(["Alpha", "deploy", "zeta"]);
    expect(read).toEqual(["compat"]);
    expect(await table.get("zeta")?.run(ctx([]))).toBe("z");
    expect(read).toEqual(["compat", "zeta"]);
    expect(table.get("deploy")).toMatchObject({
      name: "deploy",
      file: "ops.ts",
      description: "Deploy",
    });
    expect(table.get("zeta")).toBe(table.get("zeta"));
    expect(read).toEqual(["compat", "zeta", "deploy"]);
  });

  it("gives the same table from emitted names as from reading the exports", () => {
    const describe = (table: Map<string, { run: unknown }>) =>
      [...table.values()].map(({ run, ...rest }) => ({ ...rest, runs: typeof run }));
    const read = commandsFromModules([{ file: "ops.ts", exports }]);
    const emitted = commandsFromModules([
      { file: "ops.ts", exports, commands: commandNamesOf(exports) },
    ]);
    expect(describe(emitted)).toEqual(describe(read));
  });

  it("says to run catops build again when an emitted name is no longer a command", () => {
    const table = commandsFromModules([{ file: "ops.ts", exports: {}, commands: "gone" }]);
    expect(table.has("gone")).toBe(true);
    expect(() => table.get("gone")).toThrow(PluginError);
    expect(() => table.get("gone")).toThrow(
      'ops.ts no longer exports a command named "gone": run `catops build` again',
    );
  });

  it("refuses a duplicate among emitted names, naming both files, before any is built", () => {
    const modules = [
      { file: "b.ts", exports: {}, commands: "restart" },
      { file: "a.ts", exports: {}, commands: "restart" },
    ];
    expect(() => commandsFromModules(modules)).toThrow(
      'two commands are named "restart": one in a.ts, one in b.ts',
    );
  });
});

describe("names of files loaded on first use", () => {
  const loadNothing = async () => ({});
  const lazyFile = (file: string, commands: string) => ({ file, commands, load: loadNothing });

  it("finds a name in the build's list of a file not entered, and only a whole name", () => {
    const table = commandsFromModules([
      lazyFile("deploy.ts", "deploy deploy-canary rollback"),
      lazyFile("status.ts", "status"),
    ]);
    expect(table.has("deploy-canary")).toBe(true);
    expect(table.fileOf("deploy-canary")).toBe("deploy.ts");
    expect(table.isPlugin("rollback")).toBe(true);
    expect(table.has("status")).toBe(true);
    for (const part of ["deploy-", "canary", "eploy", "roll", "deploy rollback", "", " "])
      expect(table.has(part), part).toBe(false);
    expect(table.get("nothing")).toBeUndefined();
  });

  it("lists every name in file order, commands set by code after them, whatever was looked up first", () => {
    const table = commandsFromModules([
      lazyFile("b.ts", "gamma delta"),
      { file: "a.ts", exports: { alpha: () => "a", beta: () => "b" } },
      lazyFile("c.ts", "epsilon"),
    ]);
    table.set("jobs", { name: "jobs", run: () => "none" });
    expect(table.has("epsilon")).toBe(true);
    expect(table.fileOf("delta")).toBe("b.ts");
    expect([...table.keys()]).toEqual(["alpha", "beta", "gamma", "delta", "epsilon", "jobs"]);
    expect(table.size).toBe(6);
  });

  it("keeps a command set by code over a plugin name not entered, as setting it over one did", () => {
    const table = commandsFromModules([lazyFile("ops.ts", "jobs restart")]);
    const jobs = { name: "jobs", run: () => "built-in" };
    table.set("jobs", jobs);
    expect(table.get("jobs")).toBe(jobs);
    expect(table.isPlugin("jobs")).toBe(false);
    expect([...table.keys()]).toEqual(["restart", "jobs"]);
  });

  it("deletes a name of a file not entered", () => {
    const table = commandsFromModules([lazyFile("ops.ts", "restart status")]);
    expect(table.delete("status")).toBe(true);
    expect(table.has("status")).toBe(false);
    expect([...table.keys()]).toEqual(["restart"]);
  });

  it("refuses a name in a file not entered that a file given with its exports has", () => {
    const table = commandsFromModules([
      lazyFile("b.ts", "restart"),
      { file: "a.ts", exports: { restart: () => "a" } },
    ]);
    const refusal = 'two commands are named "restart": one in a.ts, one in b.ts';
    expect(() => [...table.keys()]).toThrow(refusal);
    expect(() => table.size).toThrow(refusal);
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
