// `catops build`: the static plugin module for bundled targets, checked by loading it first.
import { mkdir, writeFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { checkSchedules, commandsFromModules, schedulesFromModules } from "@catops/core";
import { generatePluginModule, loadPluginDirectory } from "@catops/node";
import { asCliError, DEFAULT_PLUGINS_DIR } from "./bot.js";
import { CliError, type Io, println } from "./io.js";
import { parseOptions } from "./options.js";
import { scheduleConfigs } from "./schedule-configs.js";

export const DEFAULT_OUT_FILE = "plugins.generated.ts";

export async function build(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseOptions("build", args, {
    plugins: { type: "string", short: "p" },
    out: { type: "string", short: "o" },
    "import-prefix": { type: "string" },
    schedules: { type: "string" },
  });
  if (positionals.length > 0)
    throw new CliError(`catops build takes no arguments (got ${positionals.join(" ")})`, 2);
  const dir = resolve(io.cwd, (values.plugins as string | undefined) ?? DEFAULT_PLUGINS_DIR);
  const outFile = resolve(io.cwd, (values.out as string | undefined) ?? DEFAULT_OUT_FILE);
  try {
    const modules = await loadPluginDirectory(dir);
    const commands = commandsFromModules(modules);
    // Checked as the bot will check them, but for their commands: the app may add some (oncall).
    const schedules = [...checkSchedules(schedulesFromModules(modules), {}).values()];
    await generatePluginModule(dir, {
      outFile,
      importPrefix: values["import-prefix"] as string | undefined,
      modules,
    });
    println(
      io.stdout,
      `Wrote ${relative(io.cwd, outFile) || outFile}: ${modules.length} plugin files, ${commands.size} commands (${[...commands.keys()].join(", ")}).`,
    );
    const schedulesDir = values.schedules as string | undefined;
    if (schedulesDir !== undefined) {
      const dirOut = resolve(io.cwd, schedulesDir);
      await mkdir(dirOut, { recursive: true });
      for (const [file, text] of Object.entries(scheduleConfigs(schedules)))
        await writeFile(join(dirOut, file), text);
      println(
        io.stdout,
        `Wrote the schedules' configuration for each cloud to ${relative(io.cwd, dirOut) || dirOut}: ${schedules.map((s) => s.name).join(", ") || "no schedules"}.`,
      );
    }
    return 0;
  } catch (error) {
    throw asCliError(error);
  }
}
