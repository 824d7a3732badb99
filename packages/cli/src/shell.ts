// `catops shell`: a prompt like Hubot's shell adapter. One line in, the reply out, with history.
import { appendFile, mkdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import type { Reply } from "@catops/core";
import { trackBackground } from "./background.js";
import { cliEvent, loadCliBot } from "./bot.js";
import { askNextLine } from "./confirm.js";
import { CliError, type Io, println } from "./io.js";
import { parseOptions } from "./options.js";
import { renderReply } from "./render.js";
import { BOT_OPTIONS, onlyList } from "./run.js";

export const HISTORY_FILE = join(".catops", "shell_history");
const HISTORY_SIZE = 500;
const PROMPT = "catops> ";

export async function shell(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseOptions("shell", args, BOT_OPTIONS);
  if (positionals.length > 0) {
    throw new CliError(`catops shell takes no arguments (got ${positionals.join(" ")})`, 2);
  }
  const bot = await loadCliBot(io, {
    pluginsDir: values.plugins as string | undefined,
    only: onlyList(values.only),
    verbose: values.verbose === true,
  });
  const historyPath = join(io.cwd, HISTORY_FILE);
  const history = io.interactive ? await readHistory(historyPath) : [];

  println(
    io.stdout,
    `CatOps shell: ${bot.commands.size} commands. Type help for the list, exit or Ctrl-D to leave.`,
  );
  const rl = createInterface({
    input: io.stdin,
    output: io.stdout,
    prompt: PROMPT,
    terminal: io.interactive,
    history,
    historySize: HISTORY_SIZE,
  });
  // One reader for commands and for the answers to confirmations, so piped input works too.
  const lines = rl[Symbol.asyncIterator]();
  const confirm = askNextLine(lines, io.stdout);
  // Deferred jobs run in the background, as in chat: `jobs` lists them and their results are
  // printed when they come.
  const background = trackBackground();
  const onReply = (reply: Reply) => println(io.stdout, renderReply(reply));
  rl.prompt();
  for (let next = await lines.next(); !next.done; next = await lines.next()) {
    const line = next.value.trim();
    if (line === "exit" || line === "quit") break;
    if (line !== "") {
      if (io.interactive) await remember(historyPath, line);
      const reply = await bot.dispatch(cliEvent([line]), {
        confirm,
        runtime: background.runtime,
        onReply,
      });
      if (reply) println(io.stdout, renderReply(reply));
    }
    rl.prompt();
  }
  rl.close();
  await background.settle();
  println(io.stdout);
  return 0;
}

/** The saved lines, newest first, as readline wants them. */
async function readHistory(path: string): Promise<string[]> {
  try {
    const lines = (await readFile(path, "utf8")).split("\n").filter(Boolean);
    return lines.slice(-HISTORY_SIZE).reverse();
  } catch {
    return [];
  }
}

async function remember(path: string, line: string): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true });
    await appendFile(path, `${line.replace(/\n/g, " ")}\n`);
  } catch {
    // History is a convenience; a read-only folder must not stop the shell.
  }
}
