// Commands for the reliability suites. Every one reports each call it gets to the spy URL
// (CATOPS_SPY_URL, the local recorder), so a test can prove a bad request reached no plugin.
// Web APIs only: the same file runs in Node and bundled into workerd.
import { type CommandContext, command } from "@catops/core";
import { prototypePollution } from "./pollution.ts";

async function spy(ctx: CommandContext, name: string): Promise<void> {
  const url = ctx.env.CATOPS_SPY_URL;
  if (typeof url !== "string" || url === "") return;
  await fetch(`${url}/spy/${name}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ argv: ctx.argv, args: ctx.args, flags: ctx.flags, user: ctx.user }),
  });
}

export const hi = command({
  description: "Says hello",
  run: async (ctx) => {
    await spy(ctx, "hi");
    return "Meow!";
  },
});

export const deploy = command({
  description: "Deploys a service",
  args: { service: { required: true } },
  flags: {
    env: { choices: ["staging", "prod"], default: "staging" },
    count: { type: "number", default: 1 },
    force: { type: "boolean" },
    token: { secret: true },
  },
  run: async (ctx) => {
    await spy(ctx, "deploy");
    return `Deploying ${ctx.args.service} to ${ctx.flags.env}`;
  },
});

export const later = command({
  description: "Runs in the background",
  defer: true,
  run: async (ctx) => {
    await spy(ctx, "later");
    return "later done";
  },
});

/** Not a spy: reports whether anything reached Object.prototype in this runtime. */
export const probe = command({
  description: "Reports prototype pollution",
  run: () => {
    const found = prototypePollution();
    return found.length === 0 ? "prototype clean" : `prototype polluted: ${found.join(", ")}`;
  },
});
