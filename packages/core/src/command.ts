import type { CommandDefinition } from "./types.js";

const COMMAND = Symbol.for("catops.command");

export type DefinedCommand<
  A extends Record<string, unknown> = Record<string, any>,
  F extends Record<string, unknown> = Record<string, any>,
> = CommandDefinition<A, F> & { readonly [COMMAND]: true };

/** Declares a command with a description, args, flags and guardrails. */
export function command<
  A extends Record<string, unknown> = Record<string, any>,
  F extends Record<string, unknown> = Record<string, any>,
>(definition: CommandDefinition<A, F>): DefinedCommand<A, F> {
  if (typeof definition?.run !== "function") {
    throw new TypeError("command({...}) needs a run function");
  }
  return Object.freeze({ ...definition, [COMMAND]: true as const });
}

export function isDefinedCommand(value: unknown): value is DefinedCommand {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<symbol, unknown>)[COMMAND] === true
  );
}
