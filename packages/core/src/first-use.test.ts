import { describe, expect, it } from "vitest";
import { methodOnFirstUse, onFirstUse } from "./first-use.js";

/** Its method reads `this`: it must be called on the loaded object. */
class Adder {
  base = 40;
  async add(n: number) {
    return this.base + n;
  }
}

describe("onFirstUse", () => {
  it("loads on the first call only, and shares the load among concurrent callers", async () => {
    let loads = 0;
    const load = onFirstUse(async () => ({ n: ++loads }));
    expect(loads).toBe(0);
    const [a, b] = await Promise.all([load(), load()]);
    expect(a).toBe(b);
    expect(await load()).toBe(a);
    expect(loads).toBe(1);
  });

  it("tries a failed load again on the next call", async () => {
    let loads = 0;
    const load = onFirstUse(async () => {
      loads++;
      if (loads === 1) throw new Error("chunk missing");
      return "loaded";
    });
    await expect(load()).rejects.toThrow("chunk missing");
    expect(await load()).toBe("loaded");
    expect(loads).toBe(2);
  });

  it("calls a method of what it loads, on what it loaded, once loaded", async () => {
    let loads = 0;
    const load = onFirstUse(async () => {
      loads++;
      return new Adder();
    });
    const add = methodOnFirstUse(load, "add");
    expect(loads).toBe(0);
    expect(await add(2)).toBe(42);
    expect(await add(3)).toBe(43);
    expect(loads).toBe(1);
  });
});
