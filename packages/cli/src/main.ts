// The `catops` command: a router from subcommand to the module that runs it, loaded on use.
import { CatOpsError, suggest } from "@catops/core";
import { CliError, type Io, println, version } from "./io.js";
import { generalHelp, HELP } from "./usage.js";

type Runner = (args: string[], io: Io) => Promise<number>;

/** Subcommand → its module. New subcommands (init, manifest) are one line here and a file. */
const SUBCOMMANDS: Record<string, () => Promise<Runner>> = {
  run: async () => (await import("./run.js")).run,
  shell: async () => (await import("./shell.js")).shell,
  build: async () => (await import("./build.js")).build,
  init: async () => (await import("./init.js")).init,
  manifest: async () => (await import("./manifest.js")).manifest,
  dev: async () => {
    const { runDev } = await import("./dev.js");
    return async (args) => {
      await runDev(args);
      return 0;
    };
  },
  help: async () => help,
};

/** Runs the CLI with `args` (without node and the script) and resolves to the exit code. */
export async function main(args: readonly string[], io: Io): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === "--help" || name === "-h") return help([], io);
  if (name === "--version" || name === "-V") {
    println(io.stdout, version());
    return 0;
  }
  try {
    const load = Object.hasOwn(SUBCOMMANDS, name) ? SUBCOMMANDS[name] : undefined;
    if (!load) {
      const [close] = suggest(name, Object.keys(SUBCOMMANDS));
      throw new CliError(
        `unknown command "${name}".${close ? ` Did you mean "${close}"?` : ""} See \`catops help\`.`,
        2,
      );
    }
    if (rest.includes("--help") || rest.includes("-h")) return help([name], io);
    return await (await load())([...rest], io);
  } catch (error) {
    if (error instanceof CliError || error instanceof CatOpsError) {
      println(io.stderr, `catops: ${error.message}`);
      return error instanceof CliError ? error.exitCode : 1;
    }
    const message = error instanceof Error ? error.message : String(error);
    println(io.stderr, `catops: ${message}`);
    if (io.env.CATOPS_DEBUG && error instanceof Error && error.stack)
      println(io.stderr, error.stack);
    return 1;
  }
}

async function help(args: string[], io: Io): Promise<number> {
  const [topic] = args;
  if (topic === undefined) {
    println(io.stdout, generalHelp());
    return 0;
  }
  const entry = Object.hasOwn(HELP, topic) ? HELP[topic] : undefined;
  if (!entry) throw new CliError(`no command "${topic}"; see \`catops help\``, 2);
  println(io.stdout, `${entry.summary}.\n\n${entry.usage}`);
  return 0;
}
