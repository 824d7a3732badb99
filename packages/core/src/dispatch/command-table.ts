import { PluginError } from "../errors.js";
import type { Command } from "../types.js";

/**
 * A plugin file as the table knows it before its first use: its exports once loaded, how to load
 * them when they are not (a generated module's `load`), and how to build a command from one.
 */
export interface PluginSource {
  readonly file: string;
  /** The command names it gives the table, separated by single spaces (as `catops build` writes). */
  readonly names: string;
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
 * A file given with its exports has its names entered at once, each standing for the file until
 * its command is built; so does the file of a name first looked up. A file the generated module
 * loads on first use keeps its names in the one string the build wrote until then, so a bot
 * starts at the same cost with 10 or 10,000 commands: a lookup finds a name in those strings,
 * and reading the whole table (its size, a listing) enters every name, in file order, with the
 * commands set by code after them. Two files naming one command are refused when the name is
 * entered (`catops build` refuses them before a bot exists).
 */
export class CommandTable extends Map<string, Command> {
  readonly #files: PluginFile[] = [];
  /** Files whose names are not entered yet. */
  #pending: PluginFile[] = [];
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
   * Throws on a name the table already has (for a file loaded on first use, when it is entered).
   */
  addPlugin(source: PluginSource): void {
    if (source.names === "") return;
    const file = new PluginFile(source);
    this.#files.push(file);
    if (source.exports !== undefined) {
      const { names } = file;
      // Indexed, not for-of: this runs once per command at a cold start, before V8 optimises it,
      // and the interpreter allocates a result object for each step of an iterator.
      for (let i = 0; i < names.length; i++) this.#enter(names[i]!, file);
    } else {
      this.#unloaded.add(source);
      this.#pending.push(file);
    }
  }

  override has(name: string): boolean {
    return super.has(name) || this.#enterPending(name);
  }

  override get size(): number {
    this.#enterAll();
    return super.size;
  }

  /** Whether `name` is a plugin file's command (not a built-in or one added by code). */
  isPlugin(name: string): boolean {
    return this.has(name) && !this.#own.has(name);
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
      const source = this.#fileOf(name)?.source;
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
    for (const file of this.#files) {
      const { source } = file;
      const names = source.exports ? file.names : Object.keys(source.nextSteps ?? {});
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
    for (const file of this.#files) {
      const { source } = file;
      if (!source.exports) continue;
      for (const name of file.names) {
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

  /** The plugin file standing for a command not built yet. */
  #fileOf(name: string): PluginFile | undefined {
    const value = this.#entry(name);
    return value instanceof PluginFile ? value : undefined;
  }

  /** The file a command came from, without building it. */
  fileOf(name: string): string | undefined {
    return this.#fileOf(name)?.source.file ?? super.get(name)?.file;
  }

  override get(name: string): Command | undefined {
    const value = this.#entry(name);
    return value instanceof PluginFile ? this.#build(name, value.source) : (value as Command);
  }

  override set(name: string, command: Command): this {
    this.#own.add(name);
    return super.set(name, command);
  }

  override delete(name: string): boolean {
    this.#enterAll();
    this.#own.delete(name);
    return super.delete(name);
  }

  override clear(): void {
    this.#own.clear();
    this.#files.length = 0;
    this.#pending = [];
    this.#unloaded.clear();
    this.#failed.clear();
    super.clear();
  }

  override keys(): MapIterator<string> {
    this.#enterAll();
    return super.keys();
  }

  override *values(): MapIterator<Command> {
    for (const name of this.keys()) yield this.get(name)!;
  }

  override *entries(): MapIterator<[string, Command]> {
    for (const name of this.keys()) yield [name, this.get(name)!];
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

  /** Enters `name` for `file`, refusing a name another file has. */
  #enter(name: string, file: PluginFile): void {
    const entered: unknown = super.get(name);
    if (entered === undefined) {
      super.set(name, file as unknown as Command);
      return;
    }
    // A command set by code keeps its name, as it did when set over a registered plugin's.
    if (this.#own.has(name)) return;
    const other = entered instanceof PluginFile ? entered.source.file : (entered as Command).file;
    if (other === file.source.file) return;
    throw new PluginError(
      `two commands are named "${name}": one in ${other}, one in ${file.source.file}`,
    );
  }

  /**
   * Enters `name` if a file not entered yet holds it, searching their names in place: nothing is
   * allocated for a name, found or not. Whether it was found.
   */
  #enterPending(name: string): boolean {
    if (name === "" || name.includes(" ")) return false;
    // Every file that holds it is entered: a second is refused.
    for (const file of this.#pending)
      if (holdsName(file.source.names, name)) this.#enter(name, file);
    return super.has(name);
  }

  /**
   * Enters every name, then lays the table out as registration did: plugin files in file order,
   * then the commands set by code.
   */
  #enterAll(): void {
    if (this.#pending.length === 0) return;
    // Left pending until all are in, so a refused name is refused again the next time.
    for (const file of this.#pending) for (const name of file.names) this.#enter(name, file);
    this.#pending = [];
    const entered = new Map(super.entries());
    super.clear();
    for (const file of this.#files)
      for (const name of file.names) {
        const value = entered.get(name);
        if (value !== undefined && !this.#own.has(name)) super.set(name, value);
      }
    for (const name of this.#own) super.set(name, entered.get(name)!);
  }

  /** What the table holds for `name`, entering it first if a file not entered yet has it. */
  #entry(name: string): unknown {
    const value = super.get(name);
    return value !== undefined || !this.#enterPending(name) ? value : super.get(name);
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

/** What stands in the table for a plugin command before it is built: its file. */
class PluginFile {
  #names: readonly string[] | undefined;
  constructor(readonly source: PluginSource) {}

  /** Its names as a list, split from the build's string the first time they are read. */
  get names(): readonly string[] {
    this.#names ??= this.source.names.split(" ");
    return this.#names;
  }
}

/** Whether `names` (separated by single spaces) holds `name`, searched in place. */
function holdsName(names: string, name: string): boolean {
  for (let at = names.indexOf(name); at !== -1; at = names.indexOf(name, at + 1)) {
    const end = at + name.length;
    if (
      (at === 0 || names.charCodeAt(at - 1) === SPACE) &&
      (end === names.length || names.charCodeAt(end) === SPACE)
    )
      return true;
  }
  return false;
}

const SPACE = 32;

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
