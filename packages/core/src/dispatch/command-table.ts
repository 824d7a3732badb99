import { PluginError } from "../errors.js";
import type { Command } from "../types.js";

/** What a plugin command is before its first use: its module's export, and how to call it. */
export interface PendingCommand {
  readonly file: string;
  readonly exports: Record<string, unknown>;
  /** Builds the command from the export it names; undefined when the export is not one. */
  readonly build: (name: string, value: unknown, file: string) => Command | undefined;
}

/**
 * The command table: a Map from name to command whose plugin entries are built on first read.
 * Registering a plugin command stores a shared pending record under its name, so a bot starts
 * at the same cost with 10 or 10,000 commands; `get` and iteration make the Command once.
 */
export class CommandTable extends Map<string, Command> {
  readonly #pending = new Map<string, PendingCommand>();
  readonly #onBuilt: ((command: Command) => void) | undefined;

  constructor(onBuilt?: (command: Command) => void) {
    super();
    this.#onBuilt = onBuilt;
  }

  /** Registers `name` to be built from `pending.exports[name]` on first use. */
  addPending(name: string, pending: PendingCommand): void {
    this.#pending.set(name, pending);
    super.set(name, undefined as unknown as Command);
  }

  /**
   * Each command's `nextStep`, read from a plugin's definition without building its command:
   * the bot checks them all when it is made, however many are still pending.
   */
  *nextSteps(): Generator<{ name: string; nextStep: string }> {
    for (const name of super.keys()) {
      const pending = this.#pending.get(name);
      const nextStep = pending
        ? (pending.exports[name] as { nextStep?: unknown } | undefined)?.nextStep
        : super.get(name)?.nextStep;
      if (typeof nextStep === "string") yield { name, nextStep };
    }
  }

  /** The file a command came from, without building it. */
  fileOf(name: string): string | undefined {
    return this.#pending.get(name)?.file ?? super.get(name)?.file;
  }

  override get(name: string): Command | undefined {
    const pending = this.#pending.get(name);
    return pending ? this.#build(name, pending) : super.get(name);
  }

  override set(name: string, command: Command): this {
    this.#pending.delete(name);
    return super.set(name, command);
  }

  override delete(name: string): boolean {
    this.#pending.delete(name);
    return super.delete(name);
  }

  override clear(): void {
    this.#pending.clear();
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

  #build(name: string, pending: PendingCommand): Command {
    const command = pending.build(name, pending.exports[name], pending.file);
    if (!command) {
      throw new PluginError(
        `${pending.file} no longer exports a command named "${name}": run \`catops build\` again`,
      );
    }
    this.set(name, command);
    this.#onBuilt?.(command);
    return command;
  }
}
