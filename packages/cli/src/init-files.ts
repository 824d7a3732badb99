// The files of a new project: the templates folder rendered for one target, and the files made
// in code (package.json, tsconfig.json, .gitignore, the static plugin module).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { version } from "./io.js";
import type { VendoredPackages } from "./init-from.js";
import { DEV_DEPENDENCIES, TARGET_SPECS, type Target } from "./init-targets.js";

export interface ProjectFile {
  /** Relative to the project folder, with forward slashes. */
  path: string;
  content: string;
}

export interface ProjectOptions {
  target: Target;
  /** The npm package name. */
  name: string;
  /** CatOps packages from local tarballs (`--from`), instead of the published versions. */
  vendored?: VendoredPackages;
}

/** src/ and dist/ are both one level below the package folder, beside templates/. */
export const TEMPLATES_DIR = fileURLToPath(new URL("../templates/", import.meta.url));

/** Template files written under another name: dotfiles live in templates/ without their dot. */
const RENAMED: Record<string, string> = { "env.example": ".env.example" };
/** Read by the renderer, not copied: the target's sections of the README. */
const README_SECTIONS = "_readme.md";

/** @catops/* packages are released together, so each one's range is the CLI's own version. */
export function catopsRange(): string {
  return `^${version()}`;
}

export function projectFiles(options: ProjectOptions): ProjectFile[] {
  const spec = TARGET_SPECS[options.target];
  const values: Record<string, string> = { name: options.name, title: spec.title };
  const files = new Map<string, string>();
  for (const dir of ["common", options.target]) {
    for (const path of templateFiles(join(TEMPLATES_DIR, dir))) {
      if (path === README_SECTIONS || path === "README.md") continue;
      const text = readFileSync(join(TEMPLATES_DIR, dir, path), "utf8");
      files.set(RENAMED[path] ?? path, render(text, values, path));
    }
  }
  files.set("README.md", readme(options, values));
  files.set("package.json", packageJson(options));
  files.set("tsconfig.json", tsconfig(options.target));
  files.set(".gitignore", gitignore(options.target));
  files.set("src/plugins.generated.ts", pluginModule(files));
  return [...files]
    .map(([path, content]) => ({ path, content }))
    .sort((a, b) => a.path.localeCompare(b.path));
}

/** The files below `dir`, as relative paths with forward slashes. */
function templateFiles(dir: string, root = dir): string[] {
  if (!existsSync(dir)) throw new Error(`templates not found: ${dir}`);
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return templateFiles(path, root);
    return entry.isFile() ? [relative(root, path).split(sep).join("/")] : [];
  });
}

/** Replaces {{key}}; a placeholder without a value is a bug in the templates, so it throws. */
export function render(text: string, values: Record<string, string>, file: string): string {
  return text.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    const value = values[key];
    if (value === undefined)
      throw new Error(`template ${file} has an unknown placeholder {{${key}}}`);
    return value;
  });
}

/** The project's own rows of the README's file table; the target adds its rows between them. */
const COMMON_FILE_ROWS: [string, string][] = [
  ["`plugins/`", "your commands; `plugins/example.ts` to start from"],
  ["`test/`", "tests of the plugins, run with `npm test` (vitest)"],
];
const LAST_FILE_ROWS: [string, string][] = [
  [
    "`src/plugins.generated.ts`",
    "the plugins folder as static imports, rewritten by `npm run build` (`catops build`)",
  ],
  ["`.env.example`", "the settings, and where each one goes"],
];

function readme(options: ProjectOptions, values: Record<string, string>): string {
  const spec = TARGET_SPECS[options.target];
  const all = { ...values, url: render(spec.url, values, "url") };
  const sections = readmeSections(options.target, all);
  const filled = {
    ...all,
    deploy: sections.deploy ?? "",
    // Continues list item 5: indented to stay inside it.
    secrets: (sections.secrets ?? "").replace(/^(?=.)/gm, "   "),
    files: table([...COMMON_FILE_ROWS, ...tableRows(sections.files ?? ""), ...LAST_FILE_ROWS]),
  };
  const template = readFileSync(join(TEMPLATES_DIR, "common", "README.md"), "utf8");
  return render(template, filled, "README.md");
}

/** The target's README sections, `<!-- name -->` each, rendered. */
function readmeSections(target: Target, values: Record<string, string>): Record<string, string> {
  const text = render(
    readFileSync(join(TEMPLATES_DIR, target, README_SECTIONS), "utf8"),
    values,
    `${target}/${README_SECTIONS}`,
  );
  const parts = text.split(/^<!-- (\w+) -->\n/m);
  const sections: Record<string, string> = {};
  for (let i = 1; i < parts.length; i += 2) sections[parts[i]!] = parts[i + 1]!.trimEnd();
  return sections;
}

/** The body rows of a Markdown table, as [file, what]. */
function tableRows(text: string): [string, string][] {
  return text
    .split("\n")
    .filter(
      (line) => line.startsWith("|") && !/^\|\s*-/.test(line) && !/^\|\s*file\s*\|/.test(line),
    )
    .map((line) => {
      const cells = line.split("|").map((cell) => cell.trim());
      return [cells[1] ?? "", cells[2] ?? ""];
    });
}

function table(rows: [string, string][]): string {
  const width = Math.max(4, ...rows.map(([file]) => file.length));
  const line = (a: string, b: string) => `| ${a.padEnd(width)} | ${b} |`;
  return [
    line("file", "what"),
    line("-".repeat(width), "---"),
    ...rows.map(([a, b]) => line(a, b)),
  ].join("\n");
}

/** The CatOps packages a project depends on directly. */
export function catopsDependencies(target: Target): string[] {
  const spec = TARGET_SPECS[target];
  return ["@catops/core", "@catops/slack", spec.adapter, "catops", ...(spec.buildsWith ?? [])];
}

function packageJson({ name, target, vendored }: ProjectOptions): string {
  const spec = TARGET_SPECS[target];
  const range = (pkg: string) => {
    if (!vendored) return catopsRange();
    const file = vendored.get(pkg);
    if (!file) throw new Error(`${pkg} was not vendored`);
    return `file:${file}`;
  };
  const manifest = {
    name,
    version: "0.1.0",
    private: true,
    type: "module",
    description: `A CatOps ChatOps bot on ${spec.title}.`,
    ...(spec.main ? { main: spec.main } : {}),
    engines: { node: ">=20" },
    scripts: spec.scripts,
    dependencies: sortKeys({
      "@catops/core": range("@catops/core"),
      "@catops/slack": range("@catops/slack"),
      [spec.adapter]: range(spec.adapter),
      ...spec.dependencies,
    }),
    devDependencies: sortKeys({
      ...DEV_DEPENDENCIES,
      catops: range("catops"),
      ...Object.fromEntries((spec.buildsWith ?? []).map((pkg) => [pkg, range(pkg)])),
    }),
    // The CatOps packages the others depend on by version come from the tarballs too.
    ...(vendored
      ? {
          overrides: sortKeys(
            Object.fromEntries([...vendored].map(([pkg, file]) => [pkg, `file:${file}`])),
          ),
        }
      : {}),
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

function tsconfig(target: Target): string {
  const spec = TARGET_SPECS[target];
  const config = {
    compilerOptions: {
      target: "ES2022",
      module: "ESNext",
      moduleResolution: "Bundler",
      lib: spec.lib,
      types: spec.types,
      strict: true,
      noEmit: true,
      allowImportingTsExtensions: true,
      verbatimModuleSyntax: true,
      isolatedModules: true,
      skipLibCheck: true,
    },
    include: ["src", "plugins", "test"],
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}

function gitignore(target: Target): string {
  const lines = ["node_modules/", "dist/", ".catops/", ".env", ...TARGET_SPECS[target].ignore];
  return `${lines.join("\n")}\n`;
}

/**
 * A module of the files `catops build` lists for the plugins folder, so bundled targets build at
 * once; without the command names, which need the plugins loaded (their packages are not
 * installed yet), so each file is imported with it: the bot reads the names from the exports,
 * with the same table, and the first `npm run build` writes the module that loads each file on
 * first use.
 */
function pluginModule(files: Map<string, string>): string {
  const plugins = [...files.keys()]
    .filter((path) => /^plugins\/[^/_][^/]*\.(?:ts|mts|js|mjs)$/.test(path))
    .filter((path) => !/\.(?:test|spec)\.|\.d\.m?ts$/.test(path))
    .map((path) => path.slice("plugins/".length))
    .sort((a, b) => a.localeCompare(b));
  const imports = plugins.map((file, i) => `import * as m${i} from "../plugins/${file}";`);
  const entries = plugins.map(
    (file, i) => `  { file: ${JSON.stringify(file)}, exports: m${i} },\n`,
  );
  return [
    "// Generated by `catops build` from the plugins folder. Do not edit: run it again.",
    ...imports,
    "",
    `export const plugins = [${plugins.length === 0 ? "" : "\n"}${entries.join("")}];`,
    "",
  ].join("\n");
}

function sortKeys(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}
