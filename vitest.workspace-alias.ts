// Resolves every @catops/* package (and its subpaths) to its TypeScript source, so tests run
// against the code as written without a build. Tests of built artifacts import from dist/.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(fileURLToPath(import.meta.url));

export interface WorkspacePackage {
  name: string;
  dir: string;
}

export function workspacePackages(): WorkspacePackage[] {
  const found: WorkspacePackage[] = [];
  for (const group of ["packages", "adapters", "examples"]) {
    const groupDir = join(root, group);
    if (!existsSync(groupDir)) continue;
    for (const entry of readdirSync(groupDir)) {
      const manifest = join(groupDir, entry, "package.json");
      if (!existsSync(manifest)) continue;
      const { name } = JSON.parse(readFileSync(manifest, "utf8")) as { name: string };
      found.push({ name, dir: join(groupDir, entry) });
    }
  }
  return found;
}

export function sourceAliases(): { find: RegExp; replacement: string }[] {
  return workspacePackages()
    .filter((pkg) => existsSync(join(pkg.dir, "src", "index.ts")))
    .flatMap((pkg) => {
      const escaped = pkg.name.replace(/[/.-]/g, "\\$&");
      const src = resolve(pkg.dir, "src");
      return [
        { find: new RegExp(`^${escaped}$`), replacement: join(src, "index.ts") },
        { find: new RegExp(`^${escaped}/(.+)$`), replacement: `${src}/$1.ts` },
      ];
    });
}

/** `@catops/...` → the TypeScript source that `sourceAliases` maps it to; undefined otherwise. */
let cachedAliases: ReturnType<typeof sourceAliases> | undefined;

export function workspaceSourcePath(specifier: string): string | undefined {
  cachedAliases ??= sourceAliases();
  const alias = cachedAliases.find(({ find }) => find.test(specifier));
  return alias ? specifier.replace(alias.find, alias.replacement) : undefined;
}
