import type { Command, CommandDefinition } from "./types.js";

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
  checkNumberChoices(definition);
  return Object.freeze({ ...definition, [COMMAND]: true as const });
}

/** A number's choices must read as numbers, or no value could ever match them. */
function checkNumberChoices(definition: CommandDefinition<any, any>): void {
  const specs = [
    ...Object.entries(definition.args ?? {}).map(([name, spec]) => [`<${name}>`, spec] as const),
    ...Object.entries(definition.flags ?? {}).map(([name, spec]) => [`--${name}`, spec] as const),
  ];
  for (const [label, spec] of specs) {
    if (spec.type !== "number" || !spec.choices) continue;
    const wrong = spec.choices.filter(
      (choice) => choice.trim() === "" || !Number.isFinite(Number(choice)),
    );
    if (wrong.length > 0) {
      throw new TypeError(
        `${label} is a number, but its choices ${wrong.join(", ")} are not numbers`,
      );
    }
  }
}

export function isDefinedCommand(value: unknown): value is DefinedCommand {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<symbol, unknown>)[COMMAND] === true
  );
}

/** A command that comes with CatOps (`jobs`, `history`), under its name. */
export function builtin(name: string, definition: DefinedCommand): Command {
  const { run, ...rest } = definition;
  return { ...rest, name, file: "(built-in)", run: run as Command["run"] };
}
