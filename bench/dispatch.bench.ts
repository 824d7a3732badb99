// How dispatch scales with the number of registered commands: a simple command with 10, 1,000
// and 10,000 commands loaded, and help and the unknown-command suggestion with 1,000.
// `pnpm bench` runs it with the rest (run.ts); `tsx dispatch.bench.ts` runs it alone.
import { fileURLToPath } from "node:url";
import { type CommandEvent, createCatOps, type PluginModule, silentLogger } from "@catops/core";
import { median, summarize } from "./lib/stats.ts";

/** One plugin file with `count` commands (cmd00000, cmd00001, ...) plus `hi`. */
function plugins(count: number): PluginModule[] {
  const exports: Record<string, unknown> = { hi: () => "Meow!" };
  for (let i = 0; i < count - 1; i++)
    exports[`cmd${String(i).padStart(5, "0")}`] = () => `ran ${i}`;
  return [{ file: "generated.ts", exports }];
}

function bot(count: number) {
  const instance = createCatOps({
    plugins: plugins(count),
    aliases: ["meow"],
    logger: silentLogger,
    builtins: false,
  });
  if (instance.commands.size !== count) throw new Error(`expected ${count} commands`);
  return instance;
}

const event = (text: string): CommandEvent => ({ command: [], text, user: { id: "U1" } });

async function expectText(
  run: () => Promise<{ text?: string } | undefined>,
  pattern: RegExp,
): Promise<void> {
  const text = (await run())?.text ?? "";
  if (!pattern.test(text)) throw new Error(`unexpected reply: ${text.slice(0, 80)}`);
}

export interface DispatchRow {
  task: string;
  opsPerSecond: number;
  /** Over every dispatch timed. */
  medianMicros: number;
  p99Micros: number;
  samples: number;
  /** Each round's median, in the order the rounds ran: the ratios between tasks are paired. */
  rounds: number[];
}

interface Task {
  name: string;
  run: () => Promise<unknown>;
}

/**
 * Times every task in rounds: each round runs each task for a batch of dispatches, in an order
 * rotated round by round, so a busy moment of the machine falls on every task alike. (Timing one
 * task after another, as tinybench does, let the machine's speed change between the 10 and the
 * 10,000 commands decide their ratio.) Replies are checked before timing.
 */
export async function measureDispatch(options: {
  rounds: number;
  batchMs: number;
}): Promise<DispatchRow[]> {
  const tasks: Task[] = [];
  for (const count of [10, 1_000, 10_000]) {
    const instance = bot(count);
    const hi = event("meow hi");
    const shouted = event("HI");
    await expectText(() => instance.dispatch(hi), /^Meow!$/);
    await expectText(() => instance.dispatch(shouted), /^Meow!$/);
    const commands = `${count.toLocaleString("en")} commands`;
    tasks.push({ name: `dispatch "meow hi", ${commands}`, run: () => instance.dispatch(hi) });
    tasks.push({
      name: `dispatch "HI" (case-insensitive), ${commands}`,
      run: () => instance.dispatch(shouted),
    });
  }

  const thousand = bot(1_000);
  const help = event("help");
  const typo = event("hepl");
  await expectText(() => thousand.dispatch(help), /cmd00998/);
  await expectText(
    () => thousand.dispatch(typo),
    /^Unknown command `hepl`\. Did you mean `help`\?/,
  );
  tasks.push({ name: "help, 1,000 commands", run: () => thousand.dispatch(help) });
  tasks.push({
    name: 'unknown "hepl" + suggestion, 1,000 commands',
    run: () => thousand.dispatch(typo),
  });

  // Warmed up, every task, before any is sized: a batch to take about `batchMs` each.
  for (const task of tasks) await countIn(task, options.batchMs * 4);
  const batches: number[] = [];
  for (const task of tasks) batches.push(Math.max(10, (await countIn(task, options.batchMs)) | 0));
  const samples = tasks.map(() => [] as number[]);
  const rounds = tasks.map(() => [] as number[]);
  for (let round = 0; round < options.rounds; round++) {
    for (let k = 0; k < tasks.length; k++) {
      const index = (k + round) % tasks.length;
      const micros = await timeBatch(tasks[index]!, batches[index]!);
      samples[index]!.push(...micros);
      rounds[index]!.push(median(micros));
    }
  }
  return tasks.map((task, index) => {
    const all = summarize(samples[index]!);
    return {
      task: task.name,
      opsPerSecond: 1e6 / all.mean,
      medianMicros: all.median,
      p99Micros: all.p99,
      samples: all.count,
      rounds: rounds[index]!,
    };
  });
}

/** How many times `task` runs in `ms`. */
async function countIn(task: Task, ms: number): Promise<number> {
  const started = performance.now();
  let count = 0;
  while (performance.now() - started < ms) {
    await task.run();
    count++;
  }
  return count;
}

async function timeBatch(task: Task, size: number): Promise<number[]> {
  const micros: number[] = [];
  for (let i = 0; i < size; i++) {
    const started = performance.now();
    await task.run();
    micros.push((performance.now() - started) * 1000);
  }
  return micros;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = await measureDispatch({ rounds: 20, batchMs: 25 });
  console.table(rows.map(({ rounds: _rounds, ...row }) => row));
}
