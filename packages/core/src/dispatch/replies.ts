// What the bot answers to a line that runs no command: help, an unknown command's suggestion, a
// usage line, a refusal. Loaded with the first such answer: a command that runs never needs it.
import { type ChatDialect, chatMarkup, Markup } from "../dialect.js";
import type { Command, Reply } from "../types.js";
import type { Resolution } from "./dispatch.js";
import { commandHelp, helpText, usageLine } from "./help.js";
import { suggest } from "./suggest.js";
import { quoteTokens } from "./tokenize.js";

/** What the answers read of the dispatcher's table. */
export interface ReplyTable {
  /** What a command reference looks like in help: '/catops '. */
  prefix: string;
  find(name: string): Command | undefined;
  /** Every command, by name: what help lists. */
  sorted(): Command[];
  /** The names help may suggest: those of commands not hidden. */
  visibleNames(): Iterable<string>;
}

export function helpReply(table: ReplyTable, topic?: string, lead?: string): Reply {
  if (topic) {
    const command = table.find(topic);
    if (command) return { text: commandHelp(command, table.prefix), visibility: "ephemeral" };
    const close = suggest(topic, table.visibleNames());
    const hint =
      close.length > 0 ? ` Did you mean ${close.map((c) => `\`${c}\``).join(" or ")}?` : "";
    return { text: `No command \`${topic}\`.${hint}`, visibility: "ephemeral" };
  }
  return { text: helpText(table.sorted(), table.prefix, lead), visibility: "ephemeral" };
}

/** The reply for a resolution that runs nothing, before secrets are masked. */
export function unresolvedReply(
  table: ReplyTable,
  resolution: Exclude<Resolution, { kind: "command" }>,
  dialect: ChatDialect,
): Reply {
  const { prefix } = table;
  switch (resolution.kind) {
    case "help":
      return helpReply(table, resolution.topic);
    case "unknown": {
      const [first] = resolution.suggestions;
      const lead = first
        ? `Unknown command \`${clip(resolution.name)}\`. Did you mean \`${prefix}${first}\`?`
        : `Unknown command \`${clip(resolution.name)}\`.`;
      // The corrected command, with what was typed after the name, as a button to run it.
      const corrected = first ? quoteTokens([first, ...(resolution.rest ?? [])]) : undefined;
      return {
        ...helpReply(table, undefined, lead),
        error: true,
        ...(corrected ? { buttons: [{ text: corrected, command: corrected }] } : {}),
      };
    }
    case "invalid":
      return {
        text: resolution.command
          ? `${resolution.message}\nUsage: \`${prefix}${usageLine(resolution.command)}\``
          : `Could not read that command: ${resolution.message}`,
        visibility: "ephemeral",
        error: true,
      };
    case "denied": {
      // The requirement holds mentions in the platform's markup: the text is composed, raw.
      const say = chatMarkup(dialect);
      const { name } = resolution.command;
      const text = resolution.requirement
        ? say.text`You are not allowed to run \`${name}\`: it is for ${new Markup(resolution.requirement)}.`
        : say.text`You are not allowed to run \`${name}\`.`;
      return { text, visibility: "ephemeral", error: true, raw: true };
    }
  }
}

function clip(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
