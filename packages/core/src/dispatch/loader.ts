// Which plugin files a command line needs loaded before it is resolved: the file of the command
// it names, or every file when it reads the whole table (help, an unknown name's suggestions, a
// built-in that looks at other commands' rules). Files a generated module loads on first use
// wait here until then; with every file loaded (the directory scan) this costs nothing.
import { TokenizeError } from "../errors.js";
import { type ChatDialect, plainDialect } from "../dialect.js";
import { CommandTable } from "./command-table.js";
import type { Formats } from "./formats.js";
import type { Command, CommandEvent } from "../types.js";

interface LoaderParts {
  tokensOf(event: CommandEvent, dialect?: ChatDialect): string[];
  /** The name of the command `typed` names, exactly or in another case. */
  nameOf(typed: string): string | undefined;
  formats: Formats;
}

export function createLoader(commands: Map<string, Command>, parts: LoaderParts) {
  const table = commands instanceof CommandTable ? commands : undefined;

  /**
   * Loads the plugin files resolving `event` reads. A file that fails makes its commands say so.
   * Undefined when every file is loaded: the caller goes on without waiting a turn.
   */
  function load(
    event: CommandEvent,
    dialect: ChatDialect = plainDialect,
  ): Promise<void> | undefined {
    return table?.hasUnloaded() ? loadFor(table, event, dialect) : undefined;
  }

  async function loadFor(
    table: CommandTable,
    event: CommandEvent,
    dialect: ChatDialect,
  ): Promise<void> {
    let tokens: string[];
    try {
      tokens = parts.tokensOf(event, dialect);
    } catch (error) {
      if (error instanceof TokenizeError) return;
      throw error;
    }
    await table.load(namesToLoad(table, tokens));
  }

  /** The commands whose files `tokens` needs; undefined: all of them. */
  function namesToLoad(table: CommandTable, tokens: readonly string[]): string[] | undefined {
    const [first, topic] = tokens;
    if (first === undefined) return undefined;
    if (first.toLowerCase() === "help") {
      const name = topic === undefined ? undefined : parts.nameOf(topic);
      return name === undefined ? undefined : [name];
    }
    if (parts.formats.match(tokens)) return [];
    const name = parts.nameOf(first);
    return name !== undefined && table.isPlugin(name) ? [name] : undefined;
  }

  /** Loads every plugin file (a listing of every command needs them all). */
  async function loadAll(): Promise<void> {
    if (table?.hasUnloaded()) await table.load();
  }

  return { load, loadAll };
}
