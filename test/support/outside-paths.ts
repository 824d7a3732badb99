// Finds references in a file's text to paths outside the repository: a folder beside the
// checkout (where vendor payloads once lived), a machine's own directories, or a relative path
// that, resolved from the file's folder, climbs above the repository root.
import { posix } from "node:path";
import ts from "typescript";

export interface OutsidePath {
  /** The file, relative to the repository root, with forward slashes. */
  file: string;
  line: number;
  /** The matched text. */
  text: string;
  why: string;
}

const BESIDE_THE_CHECKOUT = /(?:\.\.\/)+shared\b|(?<![\w-])shared\/fixtures\b/g;
const MACHINE_DIRECTORY = /(?<![\w.~:/-])\/(?:work|root|home|Users)\/[\w.-]/g;

/** Markdown: link and image targets. */
const MARKDOWN_LINK = /\]\((\.\.?\/[^)\s#]*)|\bsrc="(\.\.?\/[^"]*)"/g;
/** Any other text (JSON, YAML, shell): a relative path in quotes or after a space or `=`. */
const ANY_RELATIVE = /(?<=^|[\s"'`=:(,[])(\.\.(?:\/\.\.)*(?:\/[^\s"'`),\]]*)?)(?=$|[\s"'`),\]])/gm;

const CODE = /\.(?:[cm]?[jt]s|tsx|jsx)$/;

const lineAt = (source: string, index: number) => source.slice(0, index).split("\n").length;

/** Whether `path`, relative to the folder of `file`, leaves the repository. */
export function leavesRepository(file: string, path: string): boolean {
  const resolved = posix.normalize(posix.join(posix.dirname(file), path));
  return resolved === ".." || resolved.startsWith("../");
}

/** The relative paths `source` resolves against its own folder, with their positions. */
function relativePaths(file: string, source: string): { path: string; index: number }[] {
  if (file === "pnpm-lock.yaml") return [];
  if (file.endsWith(".md"))
    return [...source.matchAll(MARKDOWN_LINK)].map((m) => ({
      path: m[1] ?? m[2]!,
      index: m.index,
    }));
  if (!CODE.test(file))
    return [...source.matchAll(ANY_RELATIVE)].map((m) => ({ path: m[1]!, index: m.index }));
  return codePaths(file, source);
}

/** A string or template literal's text, each `${...}` standing as `x`. */
function literalText(node: ts.Node): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node))
    return node.head.text + node.templateSpans.map((span) => `x${span.literal.text}`).join("");
  return undefined;
}

const isImportMetaUrl = (node: ts.Node) => node.getText() === "import.meta.url";
/** `join` for `join(...)` and `path.join(...)`. */
const calleeName = (node: ts.Expression) =>
  ts.isIdentifier(node) ? node.text : ts.isPropertyAccessExpression(node) ? node.name.text : "";
/** Only a file with a quoted `..` can climb out; the others need no parsing. */
const MAY_CLIMB = /["'`]\.\.(?=["'`/])/;
const OWN_FOLDER = new Set([
  "import.meta.dirname",
  "__dirname",
  "dirname(fileURLToPath(import.meta.url))",
]);

/**
 * Code: import and export specifiers, `import()`, `require()`, `new URL(path, import.meta.url)`
 * and `join` / `resolve` from the file's own folder; strings anywhere else are not paths we
 * can place.
 */
function codePaths(file: string, source: string): { path: string; index: number }[] {
  const found: { path: string; index: number }[] = [];
  const add = (node: ts.Node | undefined) => {
    const path = node && literalText(node);
    if (path?.startsWith(".")) found.push({ path, index: node.getStart() });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) add(node.moduleSpecifier);
    else if (ts.isCallExpression(node)) {
      const callee = calleeName(node.expression);
      if (node.expression.kind === ts.SyntaxKind.ImportKeyword || callee === "require")
        add(node.arguments[0]);
      else if ((callee === "join" || callee === "resolve") && node.arguments.length > 1) {
        const [first, ...rest] = node.arguments;
        const parts = rest.map(literalText);
        if (OWN_FOLDER.has(first!.getText()) && parts.every((part) => part !== undefined))
          found.push({ path: parts.join("/"), index: node.getStart() });
      }
    } else if (
      ts.isNewExpression(node) &&
      calleeName(node.expression) === "URL" &&
      node.arguments?.[1] &&
      isImportMetaUrl(node.arguments[1])
    )
      add(node.arguments[0]);
    ts.forEachChild(node, visit);
  };
  if (MAY_CLIMB.test(source))
    visit(ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true));
  return found;
}

/**
 * pnpm-lock.yaml: every `link:` dependency, with the importer that declares it (the paths are
 * relative to the importer's folder). Lockfile v9 lists importers two spaces in, under
 * `importers:`, until the next top-level key.
 */
function lockfileLinks(source: string): { path: string; index: number; importer: string }[] {
  const links: { path: string; index: number; importer: string }[] = [];
  let inImporters = false;
  let importer = ".";
  let index = 0;
  for (const line of source.split("\n")) {
    if (/^\S/.test(line)) inImporters = line === "importers:";
    else if (inImporters) {
      const declared = /^ {2}(\S[^:]*):$/.exec(line);
      if (declared) importer = declared[1]!.replace(/^'|'$/g, "");
      const link = /version: link:(\S+)/.exec(line);
      if (link) links.push({ path: link[1]!, index, importer });
    }
    index += line.length + 1;
  }
  return links;
}

/** Every reference in `source` (the text of `file`) to a path outside the repository. */
export function outsidePaths(file: string, source: string): OutsidePath[] {
  const found: OutsidePath[] = [];
  const add = (index: number, text: string, why: string) =>
    found.push({ file, line: lineAt(source, index), text, why });
  for (const m of source.matchAll(BESIDE_THE_CHECKOUT))
    add(m.index, m[0], "a folder beside the checkout");
  for (const m of source.matchAll(MACHINE_DIRECTORY))
    add(m.index, m[0], "an absolute path on one machine");
  for (const { path, index } of relativePaths(file, source))
    if (leavesRepository(file, path)) add(index, path, "climbs above the repository root");
  if (file === "pnpm-lock.yaml")
    for (const { path, index, importer } of lockfileLinks(source))
      if (leavesRepository(`${importer}/package.json`, path))
        add(index, path, `a link from ${importer} that leaves the repository`);
  return found;
}
