// `rerun <id>`: before anything else, the engine puts the command line of that run in the place
// of what was typed, so the run goes through the policy, confirmation, deferral and audit again,
// as the one who asked. A run whose line held a secret is refused: its value was never stored.
import type { ChatDialect } from "../dialect.js";
import type { Dispatcher } from "../dispatch/dispatch.js";
import type { History } from "./history.js";
import { MASK } from "../logger.js";
import { tokenize } from "../dispatch/tokenize.js";
import type { Command, CommandEvent, Reply, Store } from "../types.js";
import type { Visibility } from "../dispatch/visibility.js";

/** What to run instead of the event, or the answer that ends it. */
export type Expanded = { event: CommandEvent; reply?: undefined } | { reply: Reply };

export interface RerunParts {
  dispatcher: Dispatcher;
  history: History;
  visibility: Visibility;
  store: Store;
  /** The built-in `rerun` (a plugin of that name is left alone). */
  rerun: Command;
}

const refuse = (text: string): Expanded => ({
  reply: { text, visibility: "ephemeral", error: true },
});

/** The name of a secret flag the line sets, if any. */
function secretFlagIn(line: string, command: Command | undefined): string | undefined {
  let tokens: string[];
  try {
    tokens = tokenize(line);
  } catch {
    return undefined;
  }
  for (const [name, spec] of Object.entries(command?.flags ?? {})) {
    if (!spec.secret) continue;
    const forms = [`--${name}`, ...(spec.short ? [`-${spec.short}`] : [])];
    if (
      tokens.some((token) => forms.some((form) => token === form || token.startsWith(`${form}=`)))
    )
      return name;
  }
  return undefined;
}

export function createRerun(parts: RerunParts) {
  const { dispatcher, history, visibility } = parts;

  return async function expand(event: CommandEvent, dialect: ChatDialect): Promise<Expanded> {
    let name: string | undefined;
    try {
      name = dispatcher.tokensOf(event, dialect)[0];
    } catch {
      return { event }; // unreadable: the engine says why
    }
    if (name === undefined || dispatcher.find(name) !== parts.rerun) return { event };
    const resolution = dispatcher.resolve(event, { dialect });
    if (resolution.kind !== "command") return { event }; // usage or refusal, from the engine
    const id = String(resolution.args.id);
    const entry = await history.get(id);
    if (!entry) return refuse(`No run \`${id}\` in the history.`);
    const ctx = { user: event.user, store: parts.store, event, chat: dialect };
    if (!(await visibility.maySee(entry.user?.id, entry.command, ctx)))
      return refuse(`You are not allowed to see run \`${id}\`.`);
    // A refusal's record names the command only: there is no line to run again.
    if (entry.outcome === "denied")
      return refuse(`Run \`${id}\` was refused, so there is nothing to run again.`);
    const target = dispatcher.find(entry.command.split(" ", 1)[0] ?? "");
    const secret = secretFlagIn(entry.command, target);
    if (secret || entry.command.includes(MASK))
      return refuse(
        `Run \`${id}\` held a secret${secret ? ` (\`--${secret}\`)` : ""} that was never stored, so it cannot be run again from the history: type the command again.`,
      );
    return { event: { ...event, command: [], text: entry.command } };
  };
}

export type Rerun = ReturnType<typeof createRerun>;
