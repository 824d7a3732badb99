// `catops run "<text>"`: one command, its reply on stdout, exit 1 when the reply is an error.
import type { Reply } from "@catops/core";
import { trackBackground } from "./background.js";
import { cliEvent, loadCliBot } from "./bot.js";
import { confirmFor } from "./confirm.js";
import { CliError, type Io, println } from "./io.js";
import { parseOptions } from "./options.js";
import { renderReply } from "./render.js";

/** Options `run` and `shell` share. */
export const BOT_OPTIONS = {
  plugins: { type: "string", short: "p" },
  only: { type: "string" },
  verbose: { type: "boolean", short: "v" },
} as const;

export const RUN_OPTIONS = { ...BOT_OPTIONS, yes: { type: "boolean", short: "y" } } as const;

export async function run(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseOptions(
    "run",
    args,
    RUN_OPTIONS,
    'quote the command line (catops run "deploy api --env prod") or put it after --',
  );
  if (positionals.length === 0) throw new CliError('what should I run? catops run "<command>"', 2);
  const bot = await loadCliBot(io, {
    pluginsDir: values.plugins as string | undefined,
    only: onlyList(values.only),
    verbose: values.verbose === true,
  });
  const background = trackBackground();
  let failed = false;
  const show = (reply: Reply) => {
    failed ||= reply.error === true;
    println(reply.error ? io.stderr : io.stdout, renderReply(reply));
  };
  const reply = await bot.dispatch(cliEvent(positionals), {
    requestId: "cli",
    confirm: confirmFor(io, values.yes === true),
    runtime: background.runtime,
    onReply: show,
  });
  if (reply) show(reply);
  // A deferred job answers later, as in chat: its result is printed before the command exits.
  await background.settle();
  return failed ? 1 : 0;
}

export function onlyList(value: string | boolean | undefined): string[] | undefined {
  if (typeof value !== "string") return undefined;
  return value
    .split(",")
    .map((name) => name.trim())
    .filter(Boolean);
}
