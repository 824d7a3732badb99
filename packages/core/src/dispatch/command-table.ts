import { PluginError } from "../errors.js";
import type { Command } from "../types.js";

/**
 * A plugin file as the table knows it before its first use: its exports once loaded, how to load
 * them when they are not (a generated module's `load`), and how to build a command from one.
 */
export interface PluginSource {
  readonly file: string;
  /** The command names it gives the table. */
  readonly names: readonly string[];
  /** Set when the file is loaded: given, or after `load` resolved. */
  exports?: Record<string, unknown>;
  /** Loads the file: shared by every caller until it settles, tried again after a failure. */
  readonly load?: () => Promise<Record<string, unknown>>;
  /** Each command's `nextStep`, as the build wrote it, read while the file is not loaded. */
  readonly nextSteps?: Readonly<Record<string, string>>;
  /** Builds the command from the export it names; undefined when the export is not one. */
  readonly build: (name: string, value: unknown, file: string) => Command | undefined;
}

/**
 * The command table: a Map from name to command whose plugin entries are built on first read.
 * Registering a plugin file stores its shared source under each of its names, so a bot starts
 * at the same cost with 10 or 10,000 commands; `get` and iteration make the Command once. A file
 * the generated module loads on first use is loaded by `load` before its commands are read.
 * What the bot checks when it is made (`nextSteps`, `withFormats`) is read file by file.
 */
export class CommandTable extends Map<string, Command> {
  readonly #sources: PluginSource[] = [];
  /** Commands set by code (built-ins, the bot's `commands`). */
  readonly #own = new Set<string>();
  readonly #unloaded = new Set<PluginSource>();
  /** Files whose last load failed: their commands stand in to say so when run. */
  readonly #failed = new Map<PluginSource, unknown>();
  readonly #onBuilt: ((command: Command) => void) | undefined;

  constructor(onBuilt?: (command: Command) => void) {
    super();
    this.#onBuilt = onBuilt;
  }

  /**
   * Registers the file's commands, each to be built from its export of that name on first use.
   * Throws on a name the table already has.
   */
  addPlugin(source: PluginSource): void {
    if (source.names.length === 0) return;
    // One entry per name, shared by the file's names, stands for the command until it is built.
    const unbuilt = new Unbuilt(source) as unknown as Command;
    // Indexed, not for-of: this runs once per command at a cold start, before V8 optimises it,
    // and the interpreter allocates a result object for each step of an iterator.
    for (let i = 0; i < source.names.length; i++) {
      const name = source.names[i]!;
      if (super.has(name)) {
        throw new PluginError(
          `two commands are named "${name}": one in ${this.fileOf(name)}, one in ${source.file}`,
        );
      }
      super.set(name, unbuilt);
    }
    this.#sources.push(source);
    if (source.exports === undefined) this.#unloaded.add(source);
  }

  /** Whether `name` is a plugin file's command (not a built-in or one added by code). */
  isPlugin(name: string): boolean {
    return super.has(name) && !this.#own.has(name);
  }

  /** Whether any registered file is still to be loaded. */
  hasUnloaded(): boolean {
    return this.#unloaded.size > 0;
  }

  /**
   * Loads the files of these commands (all of them without names), each once, however many ask
   * at the same time. A file that fails to load is tried again next time; until then its
   * commands answer with the reason when run.
   */
  async load(names?: Iterable<string>): Promise<void> {
    const sources = new Set(names ? [] : this.#unloaded);
    for (const name of names ?? []) {
      const source = this.#unbuilt(name)?.source;
      if (source && !source.exports) sources.add(source);
    }
    await Promise.all([...sources].map((source) => this.#loadSource(source)));
  }

  async #loadSource(source: PluginSource): Promise<void> {
    try {
      source.exports = await loadExports(source);
      this.#unloaded.delete(source);
      this.#failed.delete(source);
    } catch (error) {
      this.#failed.set(source, error);
    }
  }

  /**
   * Each command's `nextStep`, read from a plugin's definition (or from what the build wrote for
   * a file not loaded) without building its command: the bot checks them all when it is made.
   */
  *nextSteps(): Generator<{ name: string; nextStep: string }> {
    for (const source of this.#sources) {
      const names = source.exports ? source.names : Object.keys(source.nextSteps ?? {});
      for (const name of names) {
        if (!this.isPlugin(name)) continue;
        const nextStep = source.exports
          ? (source.exports[name] as { nextStep?: unknown } | undefined)?.nextStep
          : source.nextSteps?.[name];
        if (typeof nextStep === "string") yield { name, nextStep };
      }
    }
    for (const name of this.#own) {
      const nextStep = super.get(name)?.nextStep;
      if (typeof nextStep === "string") yield { name, nextStep };
    }
  }

  /**
   * The commands that have natural formats, building only those: a file not loaded has none
   * (the build has the bot import every file with formats).
   */
  *withFormats(): Generator<Command> {
    for (const source of this.#sources) {
      if (!source.exports) continue;
      for (const name of source.names) {
        const definition = source.exports[name] as { formats?: unknown } | undefined;
        if (!definition?.formats || !this.isPlugin(name)) continue;
        const command = this.get(name);
        if (command?.formats?.length) yield command;
      }
    }
    for (const name of this.#own) {
      const command = super.get(name);
      if (command?.formats?.length) yield command;
    }
  }

  #unbuilt(name: string): Unbuilt | undefined {
    const value: unknown = super.get(name);
    return value instanceof Unbuilt ? value : undefined;
  }

  /** The file a command came from, without building it. */
  fileOf(name: string): string | undefined {
    return this.#unbuilt(name)?.source.file ?? super.get(name)?.file;
  }

  override get(name: string): Command | undefined {
    const value: unknown = super.get(name);
    return value instanceof Unbuilt ? this.#build(name, value.source) : (value as Command);
  }

  override set(name: string, command: Command): this {
    this.#own.add(name);
    return super.set(name, command);
  }

  override delete(name: string): boolean {
    this.#own.delete(name);
    return super.delete(name);
  }

  override clear(): void {
    this.#own.clear();
    this.#sources.length = 0;
    this.#unloaded.clear();
    this.#failed.clear();
    super.clear();
  }

  override *values(): MapIterator<Command> {
    for (const name of super.keys()) yield this.get(name)!;
  }

  override *entries(): MapIterator<[string, Command]> {
    for (const name of super.keys()) yield [name, this.get(name)!];
  }

  override [Symbol.iterator](): MapIterator<[string, Command]> {
    return this.entries();
  }

  override forEach(
    callback: (command: Command, name: string, map: Map<string, Command>) => void,
    thisArg?: unknown,
  ): void {
    for (const [name, command] of this.entries()) callback.call(thisArg, command, name, this);
  }

  #build(name: string, source: PluginSource): Command {
    if (!source.exports) {
      if (this.#failed.has(source))
        return failedCommand(name, source.file, this.#failed.get(source));
      throw new PluginError(
        `the command "${name}" was read before ${source.file} was loaded: load it first`,
      );
    }
    const command = source.build(name, source.exports[name], source.file);
    if (!command) {
      throw new PluginError(
        `${source.file} no longer exports a command named "${name}": run \`catops build\` again`,
      );
    }
    super.set(name, command);
    this.#onBuilt?.(command);
    return command;
  }
}

/** A plugin command before it is built: its file. */
class Unbuilt {
  constructor(readonly source: PluginSource) {}
}

async function loadExports(source: PluginSource): Promise<Record<string, unknown>> {
  try {
    const exports = await source.load!();
    if (typeof exports !== "object" || exports === null) throw new Error("it gave no module");
    return exports;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new PluginError(`could not load plugin ${source.file}: ${reason}`, { cause: error });
  }
}

/** What a command of a file that failed to load runs: nothing, but it says why. */
function failedCommand(name: string, file: string, error: unknown): Command {
  return {
    name,
    file,
    run: () => {
      throw error;
    },
  };
}
