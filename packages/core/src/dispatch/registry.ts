import { CommandTable, type PendingCommand } from "./command-table.js";
import { compareNames } from "./compare.js";
import { type CompatMode, type CompatParams, isCompatMode, runCompat } from "./compat.js";
import { isDefinedCommand } from "./command.js";
import { PluginError } from "../errors.js";
import type { Command, CommandContext } from "../types.js";

/** A loaded plugin file: its path (for messages) and its module namespace. */
export interface PluginModule {
  file: string;
  exports: Record<string, unknown>;
  /**
   * Its command names, as `catops build` wrote them into the generated module (see
   * `commandNamesOf`): the bot then registers them without reading the exports. Without it, the
   * exports are read (the Node directory scan), with the same result.
   */
  commands?: string;
}

export interface RegistryOptions {
  /** Only these command names load (the original's allow-list). */
  only?: readonly string[];
  /**
   * `"catops-v0"`: every plain function gets the original's `(argv, params)`. A file can ask
   * for it alone with `export const compat = "catops-v0"`.
   */
  compat?: CompatMode;
  /** Called once with each plugin command, when it is first used. */
  onBuilt?: (command: Command) => void;
}

const isPrivate = (name: string) => name.startsWith("_");
const VALID_NAME = /^[A-Za-z][\w-]*$/;

/**
 * Builds the command table from plugin modules. The same function serves the Node directory
 * scan and the generated static module, so both paths give identical tables. Each command is
 * built from its export on first use (CommandTable).
 */
export function commandsFromModules(
  modules: readonly PluginModule[],
  options: RegistryOptions = {},
): CommandTable {
  const only = options.only ? new Set(options.only) : undefined;
  const botCompat = isCompatMode(options.compat, "the bot's options");
  const table = new CommandTable(options.onBuilt);
  const sorted = [...modules].sort((a, b) => compareNames(a.file, b.file));
  for (const module of sorted) {
    if (module.file.split(/[\\/]/).some(isPrivate)) continue;
    const compat = botCompat || isCompatMode(module.exports.compat, module.file);
    const pending: PendingCommand = {
      file: module.file,
      exports: module.exports,
      build: compat ? compatCommand : toCommand,
    };
    const names =
      module.commands === undefined ? commandNames(module.exports) : module.commands.split(" ");
    for (const name of names) {
      if (name === "" || (only && !only.has(name))) continue;
      if (table.has(name)) {
        throw new PluginError(
          `two commands are named "${name}": one in ${table.fileOf(name)}, one in ${module.file}`,
        );
      }
      table.addPending(name, pending);
    }
  }
  return table;
}

/**
 * The names of a module's exports that are commands, in table order, separated by spaces: what
 * `catops build` writes beside each module so a bot need not read the exports when it starts.
 */
export function commandNamesOf(exports: Record<string, unknown>): string {
  return commandNames(exports).join(" ");
}

function commandNames(exports: Record<string, unknown>): string[] {
  return Object.keys(exports)
    .filter(
      (name) =>
        name !== "default" &&
        !isPrivate(name) &&
        VALID_NAME.test(name) &&
        isCommandValue(exports[name]),
    )
    .sort(compareNames);
}

function isCommandValue(value: unknown): boolean {
  return isDefinedCommand(value) || (typeof value === "function" && !isClass(value));
}

function toCommand(name: string, value: unknown, file: string): Command | undefined {
  if (isDefinedCommand(value)) {
    const { run, ...rest } = value;
    return { ...rest, name, file, run: run as Command["run"] };
  }
  if (typeof value !== "function") return undefined;
  const fn = value as (...args: unknown[]) => unknown;
  // A plain function is the seed's shape: it gets (argv, params), and params is the context.
  return { name, file, run: (ctx: CommandContext) => fn(ctx.argv, ctx) };
}

function compatCommand(name: string, value: unknown, file: string): Command | undefined {
  if (typeof value !== "function") return toCommand(name, value, file);
  const fn = value as (argv: string[], params: CompatParams) => unknown;
  return { name, file, run: (ctx) => runCompat(name, fn, ctx) };
}

/** A class has a read-only `prototype`; a plain or async function's is writable or absent. */
function isClass(fn: object): boolean {
  return Object.getOwnPropertyDescriptor(fn, "prototype")?.writable === false;
}
