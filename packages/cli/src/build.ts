// `catops build`: the static plugin module for bundled targets, checked by loading it first.
import { relative, resolve } from "node:path";
import { commandsFromModules } from "@catops/core";
import { generatePluginModule, loadPluginDirectory } from "@catops/node";
import { asCliError, DEFAULT_PLUGINS_DIR } from "./bot.js";
import { CliError, type Io, println } from "./io.js";
import { parseOptions } from "./options.js";

export const DEFAULT_OUT_FILE = "plugins.generated.ts";

export async function build(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseOptions("build", args, {
    plugins: { type: "string", short: "p" },
    out: { type: "string", short: "o" },
    "import-prefix": { type: "string" },
  });
  if (positionals.length > 0)
    throw new CliError(`catops build takes no arguments (got ${positionals.join(" ")})`, 2);
  const dir = resolve(io.cwd, (values.plugins as string | undefined) ?? DEFAULT_PLUGINS_DIR);
  const outFile = resolve(io.cwd, (values.out as string | undefined) ?? DEFAULT_OUT_FILE);
  try {
    const modules = await loadPluginDirectory(dir);
    const commands = commandsFromModules(modules);
    await generatePluginModule(dir, {
      outFile,
      importPrefix: values["import-prefix"] as string | undefined,
    });
    println(
      io.stdout,
      `Wrote ${relative(io.cwd, outFile) || outFile}: ${modules.length} plugin files, ${commands.size} commands (${[...commands.keys()].join(", ")}).`,
    );
    return 0;
  } catch (error) {
    throw asCliError(error);
  }
}
