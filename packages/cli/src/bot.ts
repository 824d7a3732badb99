// The bot the terminal commands talk to: the plugins folder, the default names, logs on stderr.
import { userInfo } from "node:os";
import { resolve } from "node:path";
import {
  type CatOps,
  type CommandEvent,
  CatOpsError,
  createCatOps,
  createLogger,
  type Logger,
} from "@catops/core";
import { loadPluginDirectory } from "@catops/node";
import { CliError, type Io } from "./io.js";

export const BOT_NAME = "catops";
export const BOT_ALIASES = ["meow"] as const;
export const DEFAULT_PLUGINS_DIR = "plugins";

export interface CliBotOptions {
  pluginsDir?: string;
  only?: readonly string[];
  verbose?: boolean;
}

/** Loads the plugins folder into a bot; a loading problem becomes one clear line. */
export async function loadCliBot(io: Io, options: CliBotOptions = {}): Promise<CatOps> {
  const dir = resolve(io.cwd, options.pluginsDir ?? DEFAULT_PLUGINS_DIR);
  try {
    const plugins = await loadPluginDirectory(dir, { only: options.only });
    return createCatOps({
      name: BOT_NAME,
      aliases: BOT_ALIASES,
      plugins,
      // The CLI runs commands, never schedules: those may name commands only a deployment has.
      schedules: false,
      env: { ...io.env },
      logger: terminalLogger(io.stderr, options.verbose === true),
    });
  } catch (error) {
    throw asCliError(error);
  }
}

/** A loading problem as one line, with what to do about a missing folder. */
export function asCliError(error: unknown): unknown {
  if (!(error instanceof CatOpsError)) return error;
  const hint = error.message.startsWith("plugins folder not found")
    ? " (pass --plugins <dir>, or run where ./plugins is)"
    : "";
  return new CliError(`${error.message}${hint}`);
}

/** The event a line typed in the terminal makes: one argument is a line, several are tokens. */
export function cliEvent(words: readonly string[]): CommandEvent {
  const user = currentUser();
  const event: CommandEvent = {
    command: words.length === 1 ? [] : [...words],
    user: { id: user, name: user },
    channel: { id: "cli", name: "cli" },
    source: "cli",
  };
  if (words.length === 1) event.text = words[0];
  return event;
}

function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    return "cli";
  }
}

/** Readable log lines on stderr: warnings and errors, everything with --verbose. */
function terminalLogger(stream: NodeJS.WritableStream, verbose: boolean): Logger {
  return createLogger({
    level: verbose ? "debug" : "warn",
    write: (line) => {
      const { level, msg, time: _time, error, ...fields } = JSON.parse(line) as Record<string, any>;
      const details = Object.entries(fields)
        .filter(([, value]) => value !== undefined)
        .map(
          ([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`,
        )
        .join(" ");
      const cause = error?.stack ?? error?.message;
      stream.write(
        `${level}: ${msg}${details ? ` (${details})` : ""}${cause ? `\n  ${String(cause).split("\n").join("\n  ")}` : ""}\n`,
      );
    },
  });
}
