// How dispatch scales with the number of registered commands: a simple command with 10, 1,000
// and 10,000 commands loaded, and help and the unknown-command suggestion with 1,000.
// `pnpm bench` runs it with the rest (run.ts); `tsx dispatch.bench.ts` runs it alone.
import { fileURLToPath } from "node:url";
import { type CommandEvent, createCatOps, type PluginModule, silentLogger } from "@catops/core";
import { Bench } from "tinybench";

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
  medianMicros: number;
  meanMicros: number;
  p99Micros: number;
  samples: number;
}

/** Times each task for `timeMs` after a warm-up; replies are checked before timing. */
export async function measureDispatch(timeMs = 1000): Promise<DispatchRow[]> {
  const bench = new Bench({ name: "dispatch", time: timeMs, warmup: true });
  for (const count of [10, 1_000, 10_000]) {
    const instance = bot(count);
    const hi = event("meow hi");
    const shouted = event("HI");
    await expectText(() => instance.dispatch(hi), /^Meow!$/);
    await expectText(() => instance.dispatch(shouted), /^Meow!$/);
    bench.add(`dispatch "meow hi", ${count.toLocaleString("en")} commands`, () =>
      instance.dispatch(hi),
    );
    bench.add(`dispatch "HI" (case-insensitive), ${count.toLocaleString("en")} commands`, () =>
      instance.dispatch(shouted),
    );
  }

  const thousand = bot(1_000);
  const help = event("help");
  const typo = event("hepl");
  await expectText(() => thousand.dispatch(help), /cmd00998/);
  await expectText(
    () => thousand.dispatch(typo),
    /^Unknown command `hepl`\. Did you mean `help`\?/,
  );
  bench.add("help, 1,000 commands", () => thousand.dispatch(help));
  bench.add('unknown "hepl" + suggestion, 1,000 commands', () => thousand.dispatch(typo));

  await bench.run();
  return bench.tasks.map((task) => {
    const result = task.result;
    if (result.state !== "completed") throw new Error(`${task.name}: ${result.state}`);
    return {
      task: task.name,
      opsPerSecond: result.throughput.mean,
      medianMicros: result.latency.p50 * 1000,
      meanMicros: result.latency.mean * 1000,
      p99Micros: result.latency.p99 * 1000,
      samples: result.latency.samplesCount,
    };
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.table(await measureDispatch());
