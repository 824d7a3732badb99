// A temporary pnpm workspace of projects made by the built `catops init`, with every @catops/*
// dependency pointed at this repository's packages (link:), so they install as a user's would
// from the registry, but against the code in this tree.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { workspacePackages } from "../../vitest.workspace-alias.ts";

export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
export const cliBin = join(repoRoot, "packages", "cli", "dist", "cli.js");

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** The environment of a user's shell: none of the test runner's own variables. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (
      /^(VITEST|npm_lifecycle_|npm_package_|NODE_OPTIONS$|NODE_ENV$|TEST$|CI$|FORCE_COLOR$)/i.test(
        key,
      )
    )
      continue;
    env[key] = value;
  }
  return { ...env, NO_COLOR: "1", FORCE_COLOR: "0", ...extra };
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
        env: options.env ?? cleanEnv(),
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

/** pnpm as the test run was started with, else the one on PATH. */
export function pnpm(): { command: string; prefix: string[] } {
  const execPath = process.env.npm_execpath;
  if (execPath && /pnpm/.test(execPath) && /\.c?js$/.test(execPath))
    return { command: process.execPath, prefix: [execPath] };
  return { command: "pnpm", prefix: [] };
}

export function runPnpm(args: readonly string[], cwd: string, timeoutMs: number): Promise<Ran> {
  const { command, prefix } = pnpm();
  return run(command, [...prefix, ...args], { cwd, timeoutMs });
}

/** The folders of this repository's packages, by name: where link: dependencies point. */
export function workspaceDirs(): Map<string, string> {
  return new Map(workspacePackages().map((pkg) => [pkg.name, pkg.dir]));
}

/** Points @catops/* and catops at the workspace; returns what it rewrote. */
export function linkWorkspacePackages(projectDir: string): Record<string, string> {
  const file = join(projectDir, "package.json");
  const manifest = JSON.parse(readFileSync(file, "utf8")) as Record<
    string,
    Record<string, string> | undefined
  >;
  const dirs = workspaceDirs();
  const linked: Record<string, string> = {};
  for (const field of ["dependencies", "devDependencies"]) {
    const deps = manifest[field] ?? {};
    for (const name of Object.keys(deps)) {
      if (name !== "catops" && !name.startsWith("@catops/")) continue;
      const dir = dirs.get(name);
      if (!dir) throw new Error(`${name} is not a package of this repository`);
      linked[name] = deps[name]!;
      deps[name] = `link:${dir}`;
    }
  }
  writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
  return linked;
}

export interface TempWorkspace {
  dir: string;
  remove(): void;
}

export function createTempWorkspace(): TempWorkspace {
  const dir = mkdtempSync(join(tmpdir(), "catops-init-"));
  writeFileSync(join(dir, "package.json"), '{ "name": "catops-init-check", "private": true }\n');
  writeFileSync(
    join(dir, "pnpm-workspace.yaml"),
    'packages:\n  - "*"\nonlyBuiltDependencies:\n  - esbuild\n',
  );
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The built files the projects run: the CLI and every package a template depends on. */
export function missingBuilds(names: readonly string[]): string[] {
  const dirs = workspaceDirs();
  return names.filter((name) => {
    const dir = dirs.get(name);
    return !dir || !existsSync(join(dir, "dist"));
  });
}
