import { CommandTable } from "./command-table.js";
import { compareNames } from "./compare.js";
import { type CompatMode, type CompatParams, isCompatMode } from "./compat.js";
import { isDefinedCommand } from "./command.js";
import { PluginError } from "../errors.js";
import { onFirstUse } from "../first-use.js";
import type { Command, CommandContext } from "../types.js";

/**
 * A plugin file: its path (for messages) and its module namespace, or, in a generated module, how
 * to load it on first use.
 */
export interface PluginModule {
  file: string;
  /** The module namespace, loaded (the Node directory scan, a static import). */
  exports?: Record<string, unknown>;
  /**
   * Loads the module namespace when one of its commands is first used (a generated module's
   * `() => import("...")`). Needs `commands`; `exports`, when given too, wins.
   */
  load?: () => Promise<Record<string, unknown>>;
  /**
   * Its command names, as `catops build` wrote them into the generated module (see
   * `commandNamesOf`): the bot then registers them without reading the exports. Without it, the
   * exports are read (the Node directory scan), with the same result.
   */
  commands?: string;
  /** Its `compat` export, as the build wrote it for a file loaded on first use. */
  compat?: string;
  /** Its commands' `nextStep`s by command name, as the build wrote them (see `nextStepsOf`). */
  nextSteps?: Record<string, string>;
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
    const compat =
      botCompat ||
      isCompatMode(module.exports ? module.exports.compat : module.compat, module.file);
    const names = only ? onlyNames(namesOf(module), only) : namesOf(module);
    table.addPlugin({
      file: module.file,
      names,
      exports: module.exports,
      load: module.load && onFirstUse(module.load),
      nextSteps: module.nextSteps,
      build: compat ? compatCommand : toCommand,
    });
  }
  return table;
}

/** The module's command names, separated by single spaces: what the table registers. */
function namesOf(module: PluginModule): string {
  if (module.commands !== undefined) {
    // As the build writes them, read as they are; a hand-written list is tidied first.
    return LOOSE_SPACING.test(module.commands)
      ? module.commands
          .split(" ")
          .filter((name) => name !== "")
          .join(" ")
      : module.commands;
  }
  if (module.exports) return commandNamesOf(module.exports);
  throw new PluginError(
    module.load
      ? `${module.file} loads on first use but does not name its commands: run \`catops build\` again`
      : `${module.file} has neither exports nor a load function`,
  );
}

const LOOSE_SPACING = /^ | $| {2}/;

function onlyNames(names: string, only: ReadonlySet<string>): string {
  return names
    .split(" ")
    .filter((name) => only.has(name))
    .join(" ");
}

/**
 * The names of a module's exports that are commands, in table order, separated by spaces: what
 * `catops build` writes beside each module so a bot need not read the exports when it starts.
 */
export function commandNamesOf(exports: Record<string, unknown>): string {
  return commandNames(exports).join(" ");
}

/** What `catops build` writes for a plugin file beside its path (see `pluginEntryOf`). */
export interface PluginEntry {
  /** Its command names (`commandNamesOf`). */
  commands: string;
  /**
   * Whether the bot must have the file when it is made, because it checks or indexes something in
   * it then: `schedules`, a command's `formats`, a `compat` the build cannot write down.
   */
  loadsWithBot: boolean;
  compat?: string;
  /** The commands' `nextStep`s, by command name; absent when none has one. */
  nextSteps?: Record<string, string>;
}

/**
 * What a bot needs to know of a plugin file when it is made, read from its exports by the build,
 * so a file that needs nothing more is loaded only when one of its commands first runs.
 */
export function pluginEntryOf(exports: Record<string, unknown>): PluginEntry {
  const names = commandNames(exports);
  const nextSteps: Record<string, string> = {};
  let formats = false;
  for (const name of names) {
    const definition = exports[name] as { nextStep?: unknown; formats?: unknown };
    if (typeof definition.nextStep === "string") nextSteps[name] = definition.nextStep;
    if (isDefinedCommand(definition) && definition.formats !== undefined) formats = true;
  }
  const { compat, schedules } = exports;
  return {
    commands: names.join(" "),
    loadsWithBot:
      formats || schedules !== undefined || (compat !== undefined && typeof compat !== "string"),
    ...(typeof compat === "string" ? { compat } : {}),
    ...(Object.keys(nextSteps).length > 0 ? { nextSteps } : {}),
  };
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
  return {
    name,
    file,
    run: async (ctx) => (await import("./compat-run.js")).runCompat(name, fn, ctx),
  };
}

/** A class has a read-only `prototype`; a plain or async function's is writable or absent. */
function isClass(fn: object): boolean {
  return Object.getOwnPropertyDescriptor(fn, "prototype")?.writable === false;
}
