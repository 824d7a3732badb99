import { describe, expect, it } from "vitest";
import { createCatOps } from "../bot.js";
import { compatParams } from "./compat-run.js";
import { commandsFromModules } from "./registry.js";

describe("compatParams: the form as the original's params", () => {
  const params = compatParams({
    command: ["ping"],
    text: "ping",
    user: { id: "U1", name: "steve" },
    raw: { user_name: "steve", token: "t", empty: "", list: ["a", "b"], nested: { no: 1 } },
  });

  it("has list values and a get that behaves like Python's dict.get", () => {
    expect(params.get("user_name", ["CatOps"])[0]).toBe("steve");
    expect(params.get("team_domain", ["none"])).toEqual(["none"]);
    expect(params.get("team_domain")).toBeNull();
    expect(params.get("empty", ["fallback"])).toEqual([""]);
    expect(params.user_id).toEqual(["U1"]);
    expect(params.list).toEqual(["a", "b"]);
    expect("nested" in params).toBe(false);
  });

  it("keeps get out of the fields, so the form serialises as the original's dict", () => {
    expect(Object.keys(params)).not.toContain("get");
    expect(JSON.parse(JSON.stringify(params)).text).toEqual(["ping"]);
  });
});

describe("compat mode", () => {
  const old = (argv: string[], params: { get(key: string, d: string[]): string[] }) =>
    `${argv.join(",")} ${params.get("user_name", ["CatOps"])[0]}`;

  it("calls a file's functions with (argv, params) when it exports compat", async () => {
    const bot = createCatOps({
      builtins: false,
      plugins: [{ file: "old.ts", exports: { compat: "catops-v0", old } }],
    });
    const reply = await bot.dispatch({
      command: ["old", "a", "b"],
      user: { id: "U", name: "ann" },
    });
    expect(reply?.text).toBe("old,a,b ann");
  });

  it("leaves other files and command({...}) definitions as they are", async () => {
    const bot = createCatOps({
      builtins: false,
      plugins: [{ file: "new.ts", exports: { now: (argv: string[]) => argv.join(",") } }],
    });
    expect((await bot.dispatch({ command: ["now", "a"] }))?.text).toBe("a");
  });

  it("applies to every file with the bot's compat option, and refuses an unknown mode", async () => {
    const bot = createCatOps({
      builtins: false,
      compat: "catops-v0",
      plugins: [{ file: "old.ts", exports: { old } }],
    });
    expect((await bot.dispatch({ command: ["old"] }))?.text).toBe("old CatOps");
    expect(() => commandsFromModules([{ file: "x.ts", exports: { compat: "v1", old } }])).toThrow(
      'x.ts: compat must be "catops-v0" (got "v1")',
    );
  });
});
