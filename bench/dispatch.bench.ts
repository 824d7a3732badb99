// How dispatch scales with the number of registered commands: a simple command with 10, 1,000
// and 10,000 commands loaded, and help and the unknown-command suggestion with 1,000.
// Run with `pnpm bench` from the repository root (it builds @catops/core first).
import { availableParallelism } from "node:os";
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

const bench = new Bench({ name: "dispatch", time: 1000, warmup: true });
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
await expectText(() => thousand.dispatch(typo), /^Unknown command `hepl`\. Did you mean `help`\?/);
bench.add("help, 1,000 commands", () => thousand.dispatch(help));
bench.add('unknown "hepl" + suggestion, 1,000 commands', () => thousand.dispatch(typo));

await bench.run();

const rows = bench.tasks.map((task) => {
  const result = task.result;
  if (result.state !== "completed") throw new Error(`${task.name}: ${result.state}`);
  return {
    task: task.name,
    "ops/s": Math.round(result.throughput.mean).toLocaleString("en"),
    "median (µs)": (result.latency.p50 * 1000).toFixed(2),
    "mean (µs)": (result.latency.mean * 1000).toFixed(2),
    "p99 (µs)": (result.latency.p99 * 1000).toFixed(2),
    samples: result.latency.samplesCount,
  };
});
console.table(rows);

// The same rows as Markdown, for BENCHMARKS.md.
const headers = Object.keys(rows[0] ?? {});
console.log(`\nNode ${process.version}, ${availableParallelism()} CPUs\n`);
console.log(`| ${headers.join(" | ")} |`);
console.log(`| ${headers.map((_, i) => (i === 0 ? "---" : "---:")).join(" | ")} |`);
for (const row of rows) console.log(`| ${Object.values(row).join(" | ")} |`);
