// The Node target installs better-sqlite3, whose install script downloads a prebuilt binary from
// the project's GitHub releases and compiles SQLite (minutes) when it cannot. This serves the
// binary the workspace's own install made, on a loopback port, at the path a release has, so
// the Node project's `npm install` takes the download path a user with GitHub access takes.
// For a version the workspace does not have the answer is 404, and the install compiles.
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { repoRoot } from "./projects.ts";

export interface PrebuildMirror {
  /** What npm needs to download from the mirror: prebuild-install's host variable. */
  env: Record<string, string>;
  version: string;
  /** How many times the binary was downloaded. */
  served(): number;
  close(): Promise<void>;
}

export async function servePrebuild(workDir: string): Promise<PrebuildMirror> {
  const require = createRequire(join(repoRoot, "adapters/node/package.json"));
  const packageDir = dirname(require.resolve("better-sqlite3/package.json"));
  const { version } = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8"));
  const binary = join(packageDir, "build/Release/better_sqlite3.node");
  if (!existsSync(binary)) throw new Error(`the workspace has no built ${binary}: pnpm install`);

  const staging = join(workDir, "prebuild");
  mkdirSync(join(staging, "build/Release"), { recursive: true });
  copyFileSync(binary, join(staging, "build/Release/better_sqlite3.node"));
  const archive = join(workDir, "prebuild.tar.gz");
  execFileSync("tar", ["-czf", archive, "-C", staging, "build"]);
  const body = readFileSync(archive);

  const name = `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  let served = 0;
  const server = createServer((request, response) => {
    if (request.url !== `/v${version}/${name}`) {
      response.writeHead(404).end();
      return;
    }
    served++;
    response.writeHead(200, { "content-type": "application/gzip" }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    env: { npm_config_better_sqlite3_binary_host: `http://127.0.0.1:${port}` },
    version,
    served: () => served,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
