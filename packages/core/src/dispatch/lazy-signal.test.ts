import { describe, expect, it } from "vitest";
import { createCatOps } from "../bot.js";
import type { CommandContext } from "../types.js";

/** A bot whose one command keeps every context it is given. */
function keepingContexts() {
  const contexts: CommandContext[] = [];
  const bot = createCatOps({
    builtins: false,
    commands: [{ name: "keep", run: (ctx) => void contexts.push(ctx) }],
  });
  return { bot, contexts };
}

describe("ctx.signal", () => {
  it("is one accessor shared by every context, so contexts share a hidden class", async () => {
    const { bot, contexts } = keepingContexts();
    await bot.dispatch({ command: ["keep"] });
    await bot.dispatch({ command: ["keep"] });
    const getters = contexts.map((ctx) => Object.getOwnPropertyDescriptor(ctx, "signal")?.get);
    expect(getters[0]).toBeTypeOf("function");
    expect(getters[1]).toBe(getters[0]);
  });

  it("is an unaborted signal, the same on every read, and is copied when the context is spread", async () => {
    const { bot, contexts } = keepingContexts();
    await bot.dispatch({ command: ["keep"] });
    const [ctx] = contexts;
    expect(ctx!.signal).toBeInstanceOf(AbortSignal);
    expect(ctx!.signal.aborted).toBe(false);
    expect(ctx!.signal).toBe(ctx!.signal);
    expect({ ...ctx }.signal).toBe(ctx!.signal);
    expect(Object.keys(ctx!)).toContain("signal");
  });
});
