import { parseArgs } from "./args.js";
import { MissingArgumentError, TokenizeError, UsageError } from "../errors.js";
import { compileFormats } from "./formats.js";
import { createLoader } from "./loader.js";
import { type ChatDialect, plainDialect } from "../dialect.js";
import { onFirstUse } from "../first-use.js";
import { childLogger } from "../logger.js";
import { mergeGroups } from "./groups.js";
import { defineLazySignal, SIGNAL_SOURCE, type SignalSource } from "./lazy-signal.js";
import { checkAllow, type PolicyOptions } from "./policy.js";
import { toReply } from "./reply.js";
import { failureReply, sanitizeReply } from "./safe-reply.js";
import { suggest } from "./suggest.js";
import { tokenize } from "./tokenize.js";
import { isThenable } from "../thenable.js";
import type { HelpLead } from "../connector.js";
import type {
  Command,
  CommandContext,
  CommandEvent,
  CommandResult,
  Logger,
  Reply,
  Store,
} from "../types.js";

export interface DispatcherOptions extends PolicyOptions {
  /** The bot's name, stripped from the start of a command: 'catops'. */
  name: string;
  /** Other names it answers to: 'meow'. */
  aliases: readonly string[];
  commands: Map<string, Command>;
  store: Store;
  logger: Logger;
  env: Record<string, unknown>;
  /** Masks secrets in anything shown to the user. */
  redact: (text: string) => string;
  /** What a command reference looks like in help: '/catops '. */
  helpPrefix?: string;
  /** A line to lead `help` with, from context (an alert firing in the channel). */
  helpLead?: HelpLead;
}

/** What a command event asks for, before anything runs. */
export type Resolution =
  | { kind: "help"; topic?: string }
  /** `rest`: what was typed after the name, so the corrected command keeps its arguments. */
  | { kind: "unknown"; name: string; suggestions: string[]; rest?: string[] }
  /** `missing`: only a required argument or flag was left out, so a form can ask for it. */
  | { kind: "invalid"; command?: Command; message: string; missing?: boolean }
  | { kind: "denied"; command: Command; requirement: string }
  | {
      kind: "command";
      command: Command;
      argv: string[];
      args: Record<string, unknown>;
      flags: Record<string, unknown>;
    };

export interface RunOptions {
  requestId: string;
  signal?: AbortSignal;
  /** Where `ctx.signal` comes from when `signal` is not given; read only if the command does. */
  abort?: { readonly signal: AbortSignal };
  jobId?: string;
  onProgress?: (message: string) => Promise<void>;
  log?: Logger;
  /** Configuration the command sees as ctx.env (the bot's env with the runtime's over it). */
  env?: Record<string, unknown>;
  /** The platform the command answers on, as ctx.chat. Default: plain text. */
  dialect?: ChatDialect;
  /** Sends through the connector the command came in on, as ctx.deliver. */
  deliver?: CommandContext["deliver"];
}

/** What resolving an event needs to know of where it came from. */
export interface ResolveContext {
  dialect?: ChatDialect;
  /** Groups granted from chat, merged with the configured ones. */
  storedGroups?: Record<string, string[]>;
}

export function createDispatcher(options: DispatcherOptions) {
  const names = new Set(
    [options.name, ...options.aliases].map((n) => n.toLowerCase().replace(/^\//, "")),
  );
  const groups = options.groups ?? {};
  const prefix = options.helpPrefix ?? "";
  // Checked here, so a format mistake or two formats that read the same line stop the bot's creation.
  const formats = compileFormats(options.commands);

  /** The tokens of an event with a leading bot name, alias or mention removed. */
  function tokensOf(event: CommandEvent, dialect: ChatDialect = plainDialect): string[] {
    const tokens =
      event.command.length > 0 || event.text === undefined
        ? [...event.command]
        : tokenize(event.text);
    // A lone name that is also a command's (`meow` with the alias `meow`) runs that command.
    const isBotName = (token: string) =>
      names.has(token.toLowerCase().replace(/^\//, "")) &&
      !(tokens.length === 1 && nameOf(token) !== undefined);
    while (
      tokens.length > 0 &&
      (dialect.parseMention(tokens[0]!) !== undefined || isBotName(tokens[0]!))
    ) {
      tokens.shift();
    }
    return tokens;
  }

  // Built once per table, so a lookup or a help listing costs the same with 10 or 10,000
  // commands; rebuilt if the table changes size. The names alone: no command is built for them.
  let index: { size: number; byLowerName: Map<string, string>; sorted?: Command[] } | undefined;
  function indexed() {
    if (index?.size !== options.commands.size) {
      const byLowerName = new Map<string, string>();
      for (const name of [...options.commands.keys()].sort((a, b) => a.localeCompare(b))) {
        const lower = name.toLowerCase();
        if (!byLowerName.has(lower)) byLowerName.set(lower, name);
      }
      index = { size: options.commands.size, byLowerName };
    }
    return index;
  }

  /** Every command, by name: what help lists. */
  function sorted(): Command[] {
    const current = indexed();
    current.sorted ??= [...options.commands.values()].sort((a, b) => a.name.localeCompare(b.name));
    return current.sorted;
  }

  /** The name of the command `typed` names, exactly or in another case. */
  function nameOf(typed: string): string | undefined {
    return options.commands.has(typed) ? typed : indexed().byLowerName.get(typed.toLowerCase());
  }

  function find(name: string): Command | undefined {
    const found = nameOf(name);
    return found === undefined ? undefined : options.commands.get(found);
  }

  function resolve(event: CommandEvent, context: ResolveContext = {}): Resolution {
    const { dialect = plainDialect, storedGroups } = context;
    let tokens: string[];
    try {
      tokens = tokensOf(event, dialect);
    } catch (error) {
      if (error instanceof TokenizeError) return { kind: "invalid", message: error.message };
      throw error;
    }
    const [name, ...typed] = tokens;
    if (name === undefined || name.toLowerCase() === "help")
      return { kind: "help", topic: typed[0] };
    // A natural format that matches is read as the positional form it stands for.
    const natural = formats.match(tokens);
    const argv = natural?.argv ?? typed;
    const command = natural?.command ?? find(name);
    if (!command)
      return {
        kind: "unknown",
        name,
        suggestions: suggest(name, [...visibleNames(), "help"]),
        rest: typed,
      };
    const decision = checkAllow(
      command.allow,
      event,
      storedGroups ? mergeGroups(groups, storedGroups) : groups,
      options.denyByDefault,
      dialect,
    );
    if (!decision.allowed)
      return { kind: "denied", command, requirement: decision.requirement ?? "" };
    try {
      const { args, flags } = parseArgs(command, argv);
      return { kind: "command", command, argv, args, flags };
    } catch (error) {
      if (error instanceof UsageError)
        return {
          kind: "invalid",
          command,
          message: error.message,
          ...(error instanceof MissingArgumentError ? { missing: true } : {}),
        };
      throw error;
    }
  }

  function* visibleNames() {
    for (const command of options.commands.values()) if (!command.hidden) yield command.name;
  }

  // Help, suggestions and refusals load with the first line that runs no command.
  const replies = onFirstUse(() => import("./replies.js"));
  const table = { prefix, find, sorted, visibleNames };

  async function help(topic?: string, lead?: string): Promise<Reply> {
    return (await replies()).helpReply(table, topic, lead);
  }

  /** The reply for anything that is not a runnable command, secrets a user typed masked. */
  async function replyFor(
    resolution: Exclude<Resolution, { kind: "command" }>,
    dialect: ChatDialect = plainDialect,
  ): Promise<Reply> {
    const reply = (await replies()).unresolvedReply(table, resolution, dialect);
    return sanitizeReply(reply, options.redact)!;
  }

  /** `replyFor`, with `help` led by the context hook when there is one. */
  async function replyForEvent(
    resolution: Exclude<Resolution, { kind: "command" }>,
    event: CommandEvent,
    dialect: ChatDialect = plainDialect,
  ): Promise<Reply> {
    if (resolution.kind !== "help" || resolution.topic || !options.helpLead)
      return replyFor(resolution, dialect);
    let lead: string | undefined;
    try {
      lead = await options.helpLead(event, options.store);
    } catch (error) {
      options.logger.warn("help lead failed", { error });
    }
    return sanitizeReply(await help(undefined, lead), options.redact)!;
  }

  /**
   * Runs a resolved command; a throw becomes one short line for the user and details in the log.
   * A command that answers without a promise gets its outcome in the same turn, not a promise of
   * it: most answer at once, and every turn saved is saved on every request. It never throws.
   */
  function run(
    resolution: Extract<Resolution, { kind: "command" }>,
    event: CommandEvent,
    runOptions: RunOptions,
  ): RunOutcome | Promise<RunOutcome> {
    const { command } = resolution;
    let ctx: CommandContext;
    try {
      ctx = contextFor(resolution, event, runOptions);
    } catch (error) {
      // A context that cannot be made (a logger whose child throws) fails the run as a promise
      // would: callers wait on it inside their own error handling.
      return Promise.reject(error);
    }
    try {
      const result = command.run(ctx);
      return isThenable(result)
        ? Promise.resolve(result).then(
            (value) => succeeded(value, ctx, command),
            (error) => failed(error, ctx, command),
          )
        : succeeded(result, ctx, command);
    } catch (error) {
      return failed(error, ctx, command);
    }
  }

  /** What a command is handed: its arguments, the event, a logger, the store and the rest. */
  function contextFor(
    resolution: Extract<Resolution, { kind: "command" }>,
    event: CommandEvent,
    runOptions: RunOptions,
  ): CommandContext {
    const log = childLogger(runOptions.log ?? options.logger, {
      command: resolution.command.name,
      requestId: runOptions.requestId,
      user: event.user?.id,
      ...(runOptions.jobId ? { jobId: runOptions.jobId } : {}),
    });
    const fields: Omit<CommandContext, "signal"> & { [SIGNAL_SOURCE]: SignalSource } = {
      args: resolution.args,
      flags: resolution.flags,
      argv: resolution.argv,
      event,
      user: event.user,
      channel: event.channel,
      team: event.team,
      log,
      store: options.store,
      requestId: runOptions.requestId,
      jobId: runOptions.jobId,
      // Progress is stored on the job and shown by `jobs`: masked like a reply.
      progress: async (message: string) => runOptions.onProgress?.(options.redact(String(message))),
      env: runOptions.env ?? options.env,
      chat: runOptions.dialect ?? plainDialect,
      deliver: runOptions.deliver,
      [SIGNAL_SOURCE]: { signal: runOptions.signal, abort: runOptions.abort },
    };
    return defineLazySignal(fields);
  }

  function succeeded(result: CommandResult, ctx: CommandContext, command: Command): RunOutcome {
    try {
      return { reply: sanitizeReply(toReply(result, ctx.log), options.redact), ok: true };
    } catch (error) {
      // Something the command answered that cannot be made a reply (a getter that throws).
      return failed(error, ctx, command);
    }
  }

  function failed(error: unknown, ctx: CommandContext, command: Command): RunOutcome {
    if (ctx.signal.aborted)
      ctx.log.info("command stopped after its signal was aborted", {
        reason: String(ctx.signal.reason),
      });
    else ctx.log.error("command failed", { error, file: command.file });
    return { reply: failureReply(command, error, options.redact, prefix), ok: false, error };
  }

  return {
    resolve,
    replyFor,
    replyForEvent,
    run,
    help,
    tokensOf,
    find,
    ...createLoader(options.commands, { tokensOf, nameOf, formats }),
    commands: options.commands,
  };
}

export type Dispatcher = ReturnType<typeof createDispatcher>;

/** What running a command came to: the reply for the user, and whether it succeeded. */
export interface RunOutcome {
  reply: Reply | undefined;
  ok: boolean;
  error?: unknown;
}
