// `history` and `rerun`: who ran what, and running it again. Each run is shown to its owner,
// admins, and whoever the command's rule admits (the rule of `jobs <id>`); a rerun goes through
// the engine as a command typed by the one who asks (rerun.ts), so every check holds again.
import { builtin, command } from "../dispatch/command.js";
import { chatMarkup } from "../dialect.js";
import { age, parseDuration } from "../dispatch/durations.js";
import type { History, HistoryEntry } from "./history.js";
import type { Command, CommandContext, Reply } from "../types.js";
import { createVisibility, type VisibilityOptions } from "../dispatch/visibility.js";

export const HISTORY_PAGE = 10;

export interface HistoryCommandOptions extends VisibilityOptions {
  history: History;
  now: () => number;
}

type Say = ReturnType<typeof chatMarkup>;

function entryLine(entry: HistoryEntry, now: number, say: Say): string {
  const outcome = entry.outcome.replace("_", " ");
  const who = entry.user ? say.text` by ${say.mention(entry.user)}` : "";
  const where = entry.channel ? say.text` in ${say.channel(entry.channel)}` : "";
  const job = entry.jobId ? ` (job \`${entry.jobId}\`)` : "";
  return (
    say.text`\`${entry.id}\` ${age(now - entry.at)} ago, ${outcome}: \`${entry.command}\`` +
    who +
    where +
    job
  );
}

const refuse = (text: string): Reply => ({ text, visibility: "ephemeral", error: true });

export function createHistoryCommands(options: HistoryCommandOptions): Command[] {
  const { history, now } = options;
  const { isAdmin, viewer } = createVisibility(options);

  async function visible(entries: HistoryEntry[], ctx: CommandContext): Promise<HistoryEntry[]> {
    const maySee = viewer(ctx);
    const seen = await Promise.all(entries.map((entry) => maySee(entry.user?.id, entry.command)));
    return entries.filter((_, i) => seen[i]);
  }

  const historyCommand = command({
    description:
      "List recent runs of commands here, newest first: `history [--user @x] [--command deploy] [--since 1d] [--page 2]`",
    flags: {
      user: {
        description: "runs of this user (from every conversation: yours, or anyone's for admins)",
      },
      command: { description: "runs of this command only" },
      since: { description: "runs newer than this: 30m, 12h, 1d, 2w" },
      page: { type: "number", default: 1, description: "older runs, ten a page" },
    },
    run: async (ctx): Promise<Reply> => {
      const { flags } = ctx;
      const say = chatMarkup(ctx.chat);
      const sinceMs = flags.since === undefined ? undefined : parseDuration(String(flags.since));
      if (flags.since !== undefined && sinceMs === undefined)
        return refuse(`\`--since ${flags.since}\` is not a duration: try 30m, 12h, 1d or 2w.`);
      const page = Number(flags.page);
      if (!Number.isInteger(page) || page < 1) return refuse("`--page` is a page number: 1, 2, …");
      const userId =
        flags.user === undefined
          ? undefined
          : (ctx.chat.parseMention(String(flags.user)) ?? String(flags.user));
      // A user's runs from every conversation are for that user and admins: others would learn
      // what was done in channels they are not in. Anyone else gets this conversation's.
      const everywhere =
        !ctx.channel || (userId !== undefined && (userId === ctx.user?.id || (await isAdmin(ctx))));
      const scope = everywhere
        ? { userId: userId ?? ctx.user?.id }
        : { channelId: ctx.channel!.id };
      const wanted = flags.command === undefined ? undefined : String(flags.command).toLowerCase();
      const from = sinceMs === undefined ? 0 : now() - sinceMs;
      const matching = (await history.list(scope)).filter(
        (entry) =>
          entry.at >= from &&
          (userId === undefined || entry.user?.id === userId) &&
          (wanted === undefined || entry.command.split(" ", 1)[0]?.toLowerCase() === wanted),
      );
      const shown = await visible(matching, ctx);
      const pages = Math.max(1, Math.ceil(shown.length / HISTORY_PAGE));
      const lines = shown
        .slice((page - 1) * HISTORY_PAGE, page * HISTORY_PAGE)
        .map((entry) => entryLine(entry, now(), say));
      if (lines.length === 0)
        return { text: page > 1 ? `No page ${page}.` : "No runs.", visibility: "ephemeral" };
      const footer =
        page < pages
          ? `Page ${page} of ${pages}: \`--page ${page + 1}\` for older. \`rerun <id>\` runs one again.`
          : "`rerun <id>` runs one again.";
      return { text: [...lines, footer].join("\n"), visibility: "ephemeral", raw: true };
    },
  });

  // Typed, `rerun <id>` never reaches this run: the engine puts the run's command line in its
  // place first (rerun.ts). It runs only where that step is missing, and then says so.
  const rerunCommand = command({
    description: "Run a command from `history` again, as yourself: `rerun <id>`",
    args: { id: { required: true, description: "an id from `history`" } },
    run: (): Reply => refuse("`rerun` is not available here."),
  });

  return [builtin("history", historyCommand), builtin("rerun", rerunCommand)];
}
