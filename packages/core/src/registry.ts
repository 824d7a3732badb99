import { compareNames } from "./compare.js";
import { type CompatMode, type CompatParams, isCompatMode, runCompat } from "./compat.js";
import { isDefinedCommand } from "./command.js";
import { PluginError } from "./errors.js";
import type { Command, CommandContext } from "./types.js";

/** A loaded plugin file: its path (for messages) and its module namespace. */
export interface PluginModule {
  file: string;
  exports: Record<string, unknown>;
}

export interface RegistryOptions {
  /** Only these command names load (the original's allow-list). */
  only?: readonly string[];
  /**
   * `"catops-v0"`: every plain function gets the original's `(argv, params)`. A file can ask
   * for it alone with `export const compat = "catops-v0"`.
   */
  compat?: CompatMode;
}

const isPrivate = (name: string) => name.startsWith("_");
const VALID_NAME = /^[A-Za-z][\w-]*$/;

/**
 * Builds the command table from plugin modules. The same function serves the Node directory
 * scan and the generated static module, so both paths give identical tables.
 */
export function commandsFromModules(
  modules: readonly PluginModule[],
  options: RegistryOptions = {},
): Map<string, Command> {
  const only = options.only ? new Set(options.only) : undefined;
  const botCompat = isCompatMode(options.compat, "the bot's options");
  const table = new Map<string, Command>();
  const sorted = [...modules].sort((a, b) => compareNames(a.file, b.file));
  for (const module of sorted) {
    if (module.file.split(/[\\/]/).some(isPrivate)) continue;
    const compat = botCompat || isCompatMode(module.exports.compat, module.file);
    for (const [exportName, value] of Object.entries(module.exports).sort(([a], [b]) =>
      compareNames(a, b),
    )) {
      if (exportName === "default" || isPrivate(exportName)) continue;
      const command = toCommand(exportName, value, module.file, compat);
      if (!command) continue;
      if (only && !only.has(command.name)) continue;
      const existing = table.get(command.name);
      if (existing) {
        throw new PluginError(
          `two commands are named "${command.name}": one in ${existing.file}, one in ${command.file}`,
        );
      }
      table.set(command.name, command);
    }
  }
  return table;
}

function toCommand(
  exportName: string,
  value: unknown,
  file: string,
  compat: boolean,
): Command | undefined {
  if (!VALID_NAME.test(exportName)) return undefined;
  if (isDefinedCommand(value)) {
    const { run, ...rest } = value;
    return { ...rest, name: exportName, file, run: run as Command["run"] };
  }
  if (typeof value === "function" && !isClass(value)) {
    if (compat) {
      const fn = value as (argv: string[], params: CompatParams) => unknown;
      return { name: exportName, file, run: (ctx) => runCompat(exportName, fn, ctx) };
    }
    const fn = value as (...args: unknown[]) => unknown;
    // A plain function is the seed's shape: it gets (argv, params), and params is the context.
    return { name: exportName, file, run: (ctx: CommandContext) => fn(ctx.argv, ctx) };
  }
  return undefined;
}

function isClass(fn: unknown): boolean {
  return typeof fn === "function" && /^class[\s{]/.test(Function.prototype.toString.call(fn));
}
