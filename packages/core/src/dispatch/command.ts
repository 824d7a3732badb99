import type { Command, CommandDefinition } from "../types.js";

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
  // Every plugin's commands pass here when its module loads: nothing is allocated for a spec
  // that is not a number with choices.
  checkSpecs(definition.args, "<", ">");
  checkSpecs(definition.flags, "--", "");
}

function checkSpecs(
  specs: Record<string, { type?: string; choices?: readonly string[] }> | undefined,
  before: string,
  after: string,
): void {
  for (const name in specs) {
    const spec = specs[name]!;
    if (spec.type !== "number" || !spec.choices) continue;
    const wrong = spec.choices.filter(
      (choice) => choice.trim() === "" || !Number.isFinite(Number(choice)),
    );
    if (wrong.length > 0) {
      throw new TypeError(
        `${before}${name}${after} is a number, but its choices ${wrong.join(", ")} are not numbers`,
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

/** Where a built-in command says it comes from. */
export const BUILTIN_FILE = "(built-in)";

/** A command that comes with CatOps (`jobs`, `history`), under its name. */
export function builtin(name: string, definition: DefinedCommand): Command {
  const { run, ...rest } = definition;
  return { ...rest, name, file: BUILTIN_FILE, run: run as Command["run"] };
}
