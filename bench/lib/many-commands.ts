// The Lambda example with 10, 1,000 or 10,000 commands registered: a plugins folder of generated
// files (100 commands each, half plain functions, half `command({...})` with a description and
// an argument), its static module from `catops build`'s generator, and the example's handler
// around it, bundled by the example's own bundle script. Cold start with each shows what
// registration costs per command.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generatePluginModule } from "@catops/node";
import { type Artifact, awsBundle, repoRoot, splitSizeOf } from "./artifacts.ts";

export const COMMAND_COUNTS = [10, 1_000, 10_000] as const;
const PER_FILE = 100;

function pluginFile(first: number, count: number): string {
  const lines = ['import { command } from "@catops/core";', ""];
  for (let i = first; i < first + count; i++) {
    const name = `cmd${String(i).padStart(5, "0")}`;
    if (i % 2 === 0) {
      lines.push(
        `export function ${name}(argv: string[]) {`,
        `  return "${name} " + argv.join(" ");`,
        "}",
      );
    } else {
      lines.push(
        `export const ${name} = command({`,
        `  description: "Runs step ${i}",`,
        '  args: { target: { description: "what to act on" } },',
        `  run: (ctx) => "${name} " + String(ctx.args.target ?? ""),`,
        "});",
      );
    }
  }
  return `${lines.join("\n")}\n`;
}

/** Builds the example's handler with `count` commands (`hi` among them) into `outDir`. */
export async function buildWithCommands(count: number, outDir: string): Promise<Artifact> {
  const dir = join(outDir, `commands-${count}`);
  const plugins = join(dir, "plugins");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(plugins, { recursive: true });
  writeFileSync(join(plugins, "example.ts"), 'export function hi() {\n  return "Meow!";\n}\n');
  for (let first = 1; first < count; first += PER_FILE) {
    const file = `steps-${String(first).padStart(5, "0")}.ts`;
    writeFileSync(join(plugins, file), pluginFile(first, Math.min(PER_FILE, count - first)));
  }
  await generatePluginModule(plugins, { outFile: join(dir, "plugins.generated.ts") });
  // The example's own handler, reading this folder's static module instead of its own. Its
  // runbooks name the example's commands, which this folder lacks (a bot refuses to start with
  // a runbook naming no command): the alert handler stays, without them.
  const handler = readFileSync(join(repoRoot, "examples/aws/src/handler.ts"), "utf8");
  const runbooksImport = /^import \{ escalation, runbooks \} from "[^"]+";$/m;
  if (!runbooksImport.test(handler))
    throw new Error("examples/aws/src/handler.ts no longer imports its runbooks as expected");
  writeFileSync(
    join(dir, "handler.ts"),
    handler.replace(runbooksImport, "const runbooks: never[] = [];\nconst escalation = undefined;"),
  );
  const bundle = await awsBundle();
  const { outfile, files } = await bundle({
    outfile: join(dir, "dist", "handler.mjs"),
    regenerate: false,
    entry: join(dir, "handler.ts"),
    // The split build alone: this row compares registering commands, built alike.
    codeCache: false,
  });
  return splitSizeOf(`commands-${count}`, outfile, files);
}
