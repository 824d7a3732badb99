// Test plugins for the shutdown tests: a deferred command that sleeps as long as asked.
import { command } from "@catops/core";

export const nap = command({
  description: "Sleep for a while in the background",
  args: { ms: { type: "number", required: true } },
  defer: true,
  run: async ({ args }) => {
    await new Promise((resolve) => setTimeout(resolve, Number(args.ms)));
    return `Woke after ${args.ms} ms.`;
  },
});

export function hi() {
  return "Meow!";
}

export const sleepy = command({
  description: "Answer after a short while, in the request",
  args: { ms: { type: "number", required: true } },
  run: async ({ args }) => {
    await new Promise((resolve) => setTimeout(resolve, Number(args.ms)));
    return `Slept ${args.ms} ms.`;
  },
});
