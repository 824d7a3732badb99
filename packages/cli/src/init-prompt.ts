// The questions `catops init` asks when a terminal is attached and a choice is missing.
import { createInterface } from "node:readline";
import { CliError, type Io, println } from "./io.js";
import { TARGET_SPECS, TARGETS, type Target } from "./init-targets.js";

const ATTEMPTS = 3;

/** A person can answer: stdin is a terminal and this is not a CI run. */
export function canAsk(io: Io): boolean {
  const ci = io.env.CI;
  return io.interactive && !(ci !== undefined && ci !== "" && ci !== "0" && ci !== "false");
}

/** Asks for the target by number or name; three wrong answers, or end of input, give up. */
export async function askTarget(io: Io): Promise<Target> {
  const rl = createInterface({ input: io.stdin, output: io.stdout, terminal: io.interactive });
  const lines = rl[Symbol.asyncIterator]();
  try {
    println(io.stdout, "Where will the bot run?");
    TARGETS.forEach((name, i) => {
      println(io.stdout, `  ${i + 1}) ${name.padEnd(10)} ${TARGET_SPECS[name].summary}`);
    });
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      io.stdout.write(`Target [1-${TARGETS.length} or a name]: `);
      const next = await lines.next();
      if (next.done) break;
      const target = pick(String(next.value));
      if (target) return target;
      println(io.stdout, `Not one of the choices: ${TARGETS.join(", ")}.`);
    }
    throw new CliError(`no target chosen; pass --target ${TARGETS.join("|")}`, 2);
  } finally {
    rl.close();
  }
}

function pick(answer: string): Target | undefined {
  const text = answer.trim().toLowerCase();
  const byNumber = /^\d+$/.test(text) ? TARGETS[Number(text) - 1] : undefined;
  return byNumber ?? TARGETS.find((name) => name === text);
}
