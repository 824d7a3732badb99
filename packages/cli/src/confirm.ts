// Commands with `confirm` ask before they run, in the CLI too: a y/N question at a terminal,
// `--yes` for scripts. Without a terminal and without --yes the command does not run.
import { createInterface } from "node:readline";
import { type Io, println } from "./io.js";

const YES = /^\s*y(es)?\s*$/i;

/** Asks, and takes the next line of `lines` as the answer (the shell's own reader). */
export function askNextLine(
  lines: AsyncIterator<string>,
  output: NodeJS.WritableStream,
): (question: string) => Promise<boolean> {
  return async (question) => {
    output.write(`${plain(question)} [y/N] `);
    const answer = await lines.next();
    return !answer.done && YES.test(answer.value);
  };
}

/** The confirmation for `catops run`. */
export function confirmFor(io: Io, yes: boolean): (question: string) => Promise<boolean> {
  if (yes) return async () => true;
  if (!io.interactive) {
    return async (question) => {
      println(io.stderr, `${plain(question)} It asks for confirmation: run it again with --yes.`);
      return false;
    };
  }
  return async (question) => {
    const rl = createInterface({ input: io.stdin, output: io.stderr, terminal: true });
    try {
      return await askNextLine(rl[Symbol.asyncIterator](), io.stderr)(question);
    } finally {
      rl.close();
    }
  };
}

/** Chat's inline code marks read as noise at a prompt. */
function plain(text: string): string {
  return text.replace(/`/g, "");
}
