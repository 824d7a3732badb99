// Your first commands. Every exported function in this folder is a chat command named after
// it (`/catops hi`); `command({...})` adds a description, arguments, flags and guardrails.
// Files and exports whose names start with "_" stay private.
import { command } from "@catops/core";

/** The original CatOps shape, still valid: a plain function is a command. */
export function hi() {
  return "Meow!";
}

export const greet = command({
  description: "Greet someone by name",
  args: { name: { description: "who to greet", default: "world" } },
  flags: { shout: { type: "boolean", description: "say it in capitals" } },
  run: ({ args, flags }) => {
    const text = `Hello, ${args.name}!`;
    return flags.shout ? text.toUpperCase() : text;
  },
});
