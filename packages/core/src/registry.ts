import { compareNames } from "./compare.js";
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
  const table = new Map<string, Command>();
  const sorted = [...modules].sort((a, b) => compareNames(a.file, b.file));
  for (const module of sorted) {
    if (isPrivate(baseName(module.file))) continue;
    for (const [exportName, value] of Object.entries(module.exports).sort(([a], [b]) =>
      compareNames(a, b),
    )) {
      if (exportName === "default" || isPrivate(exportName)) continue;
      const command = toCommand(exportName, value, module.file);
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

function toCommand(exportName: string, value: unknown, file: string): Command | undefined {
  if (!VALID_NAME.test(exportName)) return undefined;
  if (isDefinedCommand(value)) {
    const { run, ...rest } = value;
    return { ...rest, name: exportName, file, run: run as Command["run"] };
  }
  if (typeof value === "function" && !isClass(value)) {
    const fn = value as (...args: unknown[]) => unknown;
    // A plain function is the seed's shape: it gets (argv, params), and params is the context.
    return { name: exportName, file, run: (ctx: CommandContext) => fn(ctx.argv, ctx) };
  }
  return undefined;
}

function isClass(fn: unknown): boolean {
  return typeof fn === "function" && /^class[\s{]/.test(Function.prototype.toString.call(fn));
}

function baseName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}
