// `catops init [dir] --target <target>`: a standalone project, ready to install, test and deploy.
import { existsSync, statSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { basename, dirname, join, relative, resolve } from "node:path";
import { CliError, type Io, println } from "./io.js";
import { catopsDependencies, type ProjectFile, projectFiles } from "./init-files.js";
import { VENDOR_DIR, type VendoredPackages, vendorPackages } from "./init-from.js";
import { askTarget, canAsk } from "./init-prompt.js";
import { isTarget, TARGET_SPECS, type Target, targetChoices } from "./init-targets.js";
import { parseOptions } from "./options.js";

/** npm's rule for a new package name: lowercase, URL-safe, optionally scoped. */
const PACKAGE_NAME = /^(?:@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/;

export async function init(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseOptions("init", args, {
    target: { type: "string", short: "t" },
    name: { type: "string" },
    force: { type: "boolean", short: "f" },
    from: { type: "string" },
  });
  if (positionals.length > 1)
    throw new CliError(`catops init takes one folder (got ${positionals.join(" ")})`, 2);
  const dir = resolve(io.cwd, positionals[0] ?? ".");
  if (existsSync(dir) && !statSync(dir).isDirectory())
    throw new CliError(`${dir} exists and is not a folder`);

  const name = packageName(values.name as string | undefined, dir);
  const target = await chooseTarget(values.target as string | undefined, io);
  const files = projectFiles({ target, name });
  const existing = files.filter((file) => existsSync(join(dir, file.path)));
  if (existing.length > 0 && values.force !== true) {
    const listed = existing.slice(0, 8).map((file) => file.path);
    const more =
      existing.length > listed.length ? ` and ${existing.length - listed.length} more` : "";
    throw new CliError(
      `${relative(io.cwd, dir) || "this folder"} already has ${listed.join(", ")}${more}; nothing was written (--force overwrites them)`,
    );
  }
  const from = values.from as string | undefined;
  const vendored = from
    ? await vendorPackages(resolve(io.cwd, from), dir, catopsDependencies(target))
    : undefined;
  await writeProject(dir, vendored ? projectFiles({ target, name, vendored }) : files);
  println(io.stdout, nextSteps(io, dir, target, files.length, existing.length));
  if (vendored) println(io.stdout, vendoredNote(vendored));
  return 0;
}

async function chooseTarget(given: string | undefined, io: Io): Promise<Target> {
  if (given !== undefined) {
    const target = given.toLowerCase();
    if (isTarget(target)) return target;
    throw new CliError(`unknown target "${given}"; choose one of:\n${targetChoices()}`, 2);
  }
  if (canAsk(io)) return askTarget(io);
  throw new CliError(`--target is missing; choose one of:\n${targetChoices()}`, 2);
}

function packageName(given: string | undefined, dir: string): string {
  if (given !== undefined) {
    if (!PACKAGE_NAME.test(given) || given.length > 214)
      throw new CliError(`--name "${given}" is not a valid npm package name`, 2);
    return given;
  }
  const fromDir = basename(dir)
    .toLowerCase()
    .replace(/[^a-z0-9-._~]+/g, "-")
    .replace(/^[-._]+|[-.]+$/g, "");
  return fromDir || "catops-bot";
}

async function writeProject(dir: string, files: readonly ProjectFile[]): Promise<void> {
  for (const file of files) {
    const path = join(dir, file.path);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, file.content);
  }
}

function vendoredNote(vendored: VendoredPackages): string {
  return [
    "",
    `The CatOps packages come from ${VENDOR_DIR}/ (${vendored.size} tarballs): commit them with`,
    "the project. Once they are published, `npm install catops@latest @catops/core@latest ...`",
    "switches to the registry; then delete the folder and the overrides in package.json.",
  ].join("\n");
}

function nextSteps(io: Io, dir: string, target: Target, count: number, replaced: number): string {
  const where = relative(io.cwd, dir);
  const lines = [
    `Created a CatOps bot for ${TARGET_SPECS[target].title} in ${where || "this folder"}: ${count} files${replaced ? ` (${replaced} replaced)` : ""}.`,
    "",
    "Next:",
    ...(where ? [`  cd ${/\s/.test(where) ? JSON.stringify(where) : where}`] : []),
    "  npm install",
    "  npm test               # the example plugin's tests",
    "  npm run dev            # a playground on http://127.0.0.1:3000/",
    "",
    `Then README.md: deploy to ${TARGET_SPECS[target].title}, create the Slack app with`,
    "`npx catops manifest --url <your url>`, and set the two Slack secrets.",
  ];
  return lines.join("\n");
}
