// What an alert handler may know of the bot's commands when the bot is made: their names (plugins
// stay unloaded) and a check of a command line's arguments that runs nothing, for buttons built
// from outside values (a runbook's `restart {{resource}}`).
import { parseArgs } from "./args.js";
import { TokenizeError, UsageError } from "../errors.js";
import { tokenize } from "./tokenize.js";
import type { Command } from "../types.js";

export interface CommandCatalog {
  /** Every command's name, plugin commands included without loading them. */
  readonly names: ReadonlySet<string>;
  /** Whether the bot has a command of this name (plugin commands stay unloaded). */
  has(name: string): boolean;
  /** Why `line` could not run as typed (unknown command, bad argument), or undefined. */
  check(line: string): string | undefined;
}

export function createCommandCatalog(
  commands: Map<string, Command>,
  find: (name: string) => Command | undefined,
): CommandCatalog {
  let names: ReadonlySet<string> | undefined;
  return {
    // A copy of 10,000 names costs a cold start about 1.4 MB of allocation as the set grows:
    // made only for a handler that reads it; `has` asks the table itself.
    get names() {
      names ??= new Set(commands.keys());
      return names;
    },
    has: (name) => commands.has(name),
    check(line) {
      let tokens: string[];
      try {
        tokens = tokenize(line);
      } catch (error) {
        if (error instanceof TokenizeError) return error.message;
        throw error;
      }
      const [name, ...argv] = tokens;
      const command = name === undefined ? undefined : find(name);
      if (!command) return `unknown command "${name ?? ""}"`;
      try {
        parseArgs(command, argv);
      } catch (error) {
        if (error instanceof UsageError) return error.message;
        throw error;
      }
      return undefined;
    },
  };
}

/** Fails on a `nextStep` naming no command. */
export function checkNextSteps(
  steps: Iterable<{ name: string; nextStep: string }>,
  names: { has(name: string): boolean },
): void {
  for (const { name, nextStep } of steps) {
    const first = nextStep.trim().split(/\s+/)[0];
    if (first && !names.has(first) && first.toLowerCase() !== "help")
      throw new Error(`command "${name}": nextStep "${nextStep}" names no command "${first}"`);
  }
}
