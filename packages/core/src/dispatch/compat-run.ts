// Running a plugin written for the original CatOps, `name(argv, params)`, as the original ran it.
// Loaded with the first such command that runs.
import type { CompatParams } from "./compat.js";
import { tokenize } from "./tokenize.js";
import type { CommandContext, CommandEvent, Reply } from "../types.js";

/**
 * Runs `fn` the way the original called a plugin function. Its world is the original's: the
 * words arrive as the platform sent them (Slack's escaped `&lt;`, its `<@U…>` mentions), and a
 * string it returns is in Slack's markup, sent as it is there and translated elsewhere.
 */
export async function runCompat(
  name: string,
  fn: (argv: string[], params: CompatParams) => unknown,
  ctx: CommandContext,
): Promise<unknown> {
  const result = await fn([name, ...wordsAsSent(ctx)], compatParams(ctx.event));
  if (typeof result !== "string" || result === "") return result;
  const reply: Reply = { text: result, raw: true, markup: "mrkdwn" };
  return reply;
}

/** The arguments from the form's own `text` where there is one, else as parsed. */
function wordsAsSent(ctx: CommandContext): string[] {
  const raw = ctx.event.raw as { text?: unknown } | undefined;
  if (typeof raw?.text !== "string") return ctx.argv;
  const words = tokenize(raw.text);
  // The last words are the arguments; a link label with spaces would make the counts differ.
  return words.length >= ctx.argv.length ? words.slice(words.length - ctx.argv.length) : ctx.argv;
}

/** The form fields: what the event says, then the platform's own form fields where it has them. */
export function compatParams(event: CommandEvent): CompatParams {
  const fields: Record<string, string[]> = {};
  const put = (key: string, value: string | undefined) => {
    if (value !== undefined) fields[key] = [value];
  };
  put("text", event.text ?? event.command.join(" "));
  put("user_id", event.user?.id);
  put("user_name", event.user?.name);
  put("channel_id", event.channel?.id);
  put("channel_name", event.channel?.name);
  put("team_id", event.team?.id);
  put("team_domain", event.team?.domain);
  put("response_url", event.responseUrl);
  if (typeof event.raw === "object" && event.raw !== null && !Array.isArray(event.raw)) {
    for (const [key, value] of Object.entries(event.raw)) {
      if (typeof value === "string") fields[key] = [value];
      else if (Array.isArray(value) && value.every((item) => typeof item === "string"))
        fields[key] = [...value];
    }
  }
  const params = { ...fields } as CompatParams;
  Object.defineProperty(params, "get", {
    enumerable: false,
    value: <T>(key: string, fallback?: T) =>
      Object.hasOwn(fields, key) ? fields[key] : (fallback ?? null),
  });
  return params;
}
