// The public surface of every package against a committed snapshot: the values each built
// entry point exports, imported by plain Node (not through the test runner's source aliases),
// and the types its declarations add.
// Changing what a package exports is a deliberate act: update the snapshot with
// `pnpm vitest run test/packaging/exports.test.ts -u` and say so in a changeset.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import ts from "typescript";
import { beforeAll, expect, it } from "vitest";
import {
  entryPoints,
  formatSurface,
  published,
  run,
  type RunResult,
  type Surface,
  specifierOf,
  surfaceSnapshot,
} from "./support.ts";

const packages = published();

/** Imports each file in a fresh Node process and lists its export names, sorted. */
const LIST_EXPORTS = `
const entries = JSON.parse(process.argv[1]);
const surface = {};
for (const [specifier, url] of entries) surface[specifier] = Object.keys(await import(url)).sort();
console.log(JSON.stringify(surface));
`;

/** The names each declaration file exports (values and types), read with the TypeScript checker. */
function declaredExports(files: Record<string, string>): Record<string, string[]> {
  const program = ts.createProgram(Object.values(files), {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    noEmit: true,
    skipLibCheck: true,
    types: [], // export names need no ambient types: skip loading every @types package
  });
  const checker = program.getTypeChecker();
  return Object.fromEntries(
    Object.entries(files).map(([specifier, file]) => {
      const source = program.getSourceFile(file);
      const symbol = source && checker.getSymbolAtLocation(source);
      if (!symbol) throw new Error(`${specifier}: ${file} is not a module`);
      return [specifier, checker.getExportsOfModule(symbol).map((s) => s.name)];
    }),
  );
}

it("every entry point's declared files exist after the build", () => {
  const missing = packages.flatMap((pkg) =>
    entryPoints(pkg.manifest).flatMap((subpath) =>
      Object.values(pkg.manifest.exports[subpath] as Record<string, string>)
        .filter((file) => !existsSync(join(pkg.dir, file)))
        .map((file) => `${specifierOf(pkg.name, subpath)}: ${file}`),
    ),
  );
  expect(missing).toEqual([]);
});

const entries = packages.flatMap((pkg) =>
  entryPoints(pkg.manifest).map((subpath) => [
    specifierOf(pkg.name, subpath),
    pathToFileURL(join(pkg.dir, (pkg.manifest.exports[subpath] as { import: string }).import)).href,
  ]),
);
let listed: RunResult;
let declared: Record<string, string[]>;

// Importing every entry point in a fresh Node process and reading every declaration file with
// the checker take seconds alone and several times that on a busy machine: they are the setup
// (the hook timeout), done side by side, the checker in this process while the import runs.
beforeAll(async () => {
  const importing = run(process.execPath, [
    "--input-type=module",
    "-e",
    LIST_EXPORTS,
    JSON.stringify(entries),
  ]);
  declared = declaredExports(
    Object.fromEntries(
      packages.flatMap((pkg) =>
        entryPoints(pkg.manifest).map((subpath) => [
          specifierOf(pkg.name, subpath),
          join(pkg.dir, (pkg.manifest.exports[subpath] as { types: string }).types),
        ]),
      ),
    ),
  );
  listed = await importing;
});

it("the exported names of every entry point match the committed snapshot", async () => {
  expect(listed.code, listed.stderr).toBe(0);
  const values: Record<string, string[]> = JSON.parse(listed.stdout);
  expect(Object.keys(values).sort()).toEqual(entries.map(([specifier]) => specifier).sort());

  const surface: Surface = {};
  for (const specifier of Object.keys(values).sort()) {
    const names = new Set(declared[specifier]);
    // Every value a module exports at run time is declared in its types.
    expect(
      values[specifier]!.filter((name) => !names.has(name)),
      specifier,
    ).toEqual([]);
    const types = [...names].filter((name) => !values[specifier]!.includes(name)).sort();
    surface[specifier] = { values: values[specifier]!, types };
  }
  await expect(formatSurface(surface)).toMatchFileSnapshot(surfaceSnapshot);
});
