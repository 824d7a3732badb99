import { describe, expect, it } from "vitest";
import { onFirstUse } from "./first-use.js";

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
});
