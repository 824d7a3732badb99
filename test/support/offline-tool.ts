// Runs an ecosystem's own command-line tool (serverless, wrangler, functions-framework) the way
// a user would, but with no network: every connection beyond loopback fails at once, and the
// attempts are recorded, so a test can prove the tool needed none.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const DENY_NETWORK = fileURLToPath(new URL("./deny-network.mjs", import.meta.url));

export interface ToolRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** host:port of every connection beyond loopback the tool tried. */
  denied: string[];
}

export interface ToolOptions {
  cwd: string;
  env?: Record<string, string>;
  /** The Node binary to run `script` with; the one running the tests by default. */
  node?: string;
  timeoutMs?: number;
}

/** The environment that denies a Node process the network, and reads back what it tried. */
export function denyNetwork(): { env: Record<string, string>; denied(): string[]; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), "catops-tool-"));
  const log = join(dir, "denied.log");
  return {
    env: { CATOPS_DENIED_LOG: log, NODE_OPTIONS: `--import ${DENY_NETWORK}` },
    denied: () => deniedIn(log),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

function offlineEnv(log: string, env: Record<string, string> = {}): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(npm|pnpm|VITEST)_?/i.test(key)),
  );
  return {
    ...inherited,
    ...env,
    CATOPS_DENIED_LOG: log,
    NODE_OPTIONS: `--import ${DENY_NETWORK}`,
  };
}

const deniedIn = (log: string) => {
  try {
    return readFileSync(log, "utf8").split("\n").filter(Boolean);
  } catch {
    return [];
  }
};

/** Runs the Node `script` (a tool's bin) with `args` to its end. */
export function runTool(script: string, args: string[], options: ToolOptions): Promise<ToolRun> {
  const dir = mkdtempSync(join(tmpdir(), "catops-tool-"));
  const log = join(dir, "denied.log");
  return new Promise((resolve) => {
    const child = spawn(options.node ?? process.execPath, [script, ...args], {
      cwd: options.cwd,
      env: offlineEnv(log, options.env),
      timeout: options.timeoutMs ?? 240_000,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("close", (code) => {
      const denied = deniedIn(log);
      rmSync(dir, { recursive: true, force: true });
      resolve({ code, stdout, stderr, denied });
    });
  });
}

export interface RunningTool {
  output(): string;
  denied(): string[];
  stop(): Promise<void>;
}

/** Starts a long-running tool (a local server) and resolves once its output matches `ready`. */
export async function startTool(
  script: string,
  args: string[],
  ready: RegExp,
  options: ToolOptions,
): Promise<RunningTool> {
  const dir = mkdtempSync(join(tmpdir(), "catops-tool-"));
  const log = join(dir, "denied.log");
  const child: ChildProcess = spawn(options.node ?? process.execPath, [script, ...args], {
    cwd: options.cwd,
    env: offlineEnv(log, options.env),
    detached: true,
  });
  let output = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    // The tool's own children (a worker, a runtime) go with it: it leads its process group.
    if (child.exitCode === null && child.pid) process.kill(-child.pid, "SIGTERM");
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`not ready after ${options.timeoutMs ?? 120_000} ms:\n${output}`)),
      options.timeoutMs ?? 120_000,
    );
    const onData = (chunk: Buffer) => {
      output += chunk;
      if (ready.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before it was ready:\n${output}`));
    });
  }).catch(async (error) => {
    await stop();
    throw error;
  });
  return { output: () => output, denied: () => deniedIn(log), stop };
}

/** A port nobody listens on now, for a tool that takes its port as an option. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
