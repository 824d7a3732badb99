// Projects made by the built `catops init --from <this repository>` in the OS temp folder,
// outside the workspace, and the npm commands their README gives, run as a user's shell would:
// each suite run with its own empty npm cache, so it proves what a new machine gets.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { workspacePackages } from "../../vitest.workspace-alias.ts";
import { userShellEnv } from "../support/user-env.ts";

export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
export const cliBin = join(repoRoot, "packages", "cli", "dist", "cli.js");

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs a command to its end; resolves with its exit code and output, never rejects on failure. */
export function run(
  command: string,
  args: readonly string[],
  options: { cwd: string; timeoutMs: number; env?: NodeJS.ProcessEnv },
): Promise<Ran> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      {
        cwd: options.cwd,
        env: options.env ?? userShellEnv(),
        timeout: options.timeoutMs,
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : null) : 0;
        resolve({ code, stdout, stderr, ms: Date.now() - started });
      },
    );
  });
}

export interface Scratch {
  dir: string;
  /** The suite's own npm cache: empty when the suite starts. */
  npmEnv: NodeJS.ProcessEnv;
  /** A new folder for one project's parent. */
  folder(name: string): string;
  remove(): void;
}

export function createScratch(): Scratch {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), "catops-init-")));
  const npmEnv = userShellEnv({
    npm_config_cache: join(dir, "npm-cache"),
    // The cache is this run's own: what the first install fetched, the next ones reuse.
    npm_config_prefer_offline: "true",
    npm_config_update_notifier: "false",
    npm_config_fund: "false",
    npm_config_audit: "false",
  });
  return {
    dir,
    npmEnv,
    folder(name) {
      const path = join(dir, name);
      mkdirSync(path, { recursive: true });
      return path;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** npm, in a project, with the suite's cache. */
export function runNpm(
  scratch: Scratch,
  args: readonly string[],
  cwd: string,
  timeoutMs: number,
  env: Record<string, string> = {},
): Promise<Ran> {
  return run("npm", args, { cwd, timeoutMs, env: { ...scratch.npmEnv, ...env } });
}

/** The built files the projects run: the CLI and every package a template depends on. */
export function missingBuilds(names: readonly string[]): string[] {
  const dirs = new Map(workspacePackages().map((pkg) => [pkg.name, pkg.dir]));
  return names.filter((name) => {
    const dir = dirs.get(name);
    return !dir || !existsSync(join(dir, "dist"));
  });
}
