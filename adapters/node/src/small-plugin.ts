// Which plugin files `catops build` imports with the bot although nothing in them is checked when
// it is made: the small ones that import no other package. Loading a file on first use costs the
// cold start that runs one of its commands a dynamic import: about 4.5 ms of CPU and 0.5 MiB on
// Lambda (Node 20, measured on the example bot), beside some 0.05 ms per KB of code parsed up
// front. A file that imports a package (an SDK) keeps waiting: its import could cost far more.
import { build } from "esbuild";

/** A file this size or less, bundled with the files it imports from beside it, loads with the bot. */
export const SMALL_PLUGIN_BYTES = 4096;
/** What the small files loaded with the bot may add up to. */
export const SMALL_PLUGINS_BYTES = 16_384;

/**
 * The file's bytes bundled with its relative imports, or undefined when it imports a package or
 * esbuild cannot read it (the file then loads on first use, as it always could).
 */
export async function selfContainedSize(path: string): Promise<number | undefined> {
  const built = await build({
    entryPoints: [path],
    bundle: true,
    write: false,
    metafile: true,
    format: "esm",
    platform: "node",
    packages: "external",
    logLevel: "silent",
  }).catch(() => undefined);
  if (!built) return undefined;
  const { metafile, outputFiles } = built;
  const imports = Object.values(metafile.inputs).flatMap((input) => input.imports);
  // CatOps' own packages are on the cold path already; anything else (node: too) is not.
  if (imports.some((each) => each.external && !each.path.startsWith("@catops/"))) return undefined;
  return outputFiles[0]?.contents.byteLength;
}

/**
 * Picks, in order, the files small enough to load with the bot until their sizes reach the
 * total: `sizes` as `selfContainedSize` gives them (undefined: the file waits).
 */
export function smallFilesToLoad(sizes: readonly (number | undefined)[]): boolean[] {
  let total = 0;
  return sizes.map((bytes) => {
    if (bytes === undefined || bytes > SMALL_PLUGIN_BYTES || total + bytes > SMALL_PLUGINS_BYTES)
      return false;
    total += bytes;
    return true;
  });
}
