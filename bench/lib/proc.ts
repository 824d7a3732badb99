// Child processes for the measurements: each contender runs in a fresh `node` of its own.
import { type ChildProcess, spawn } from "node:child_process";

/** The line a child prints its result on, after anything the code under test logged. */
export const RESULT_MARK = "@@bench-result ";

export interface ChildRun<T> {
  result: T;
  /** Spawn to exit, in ms, measured by the parent. */
  wallMs: number;
}

/** Runs `node <args>` to its exit and returns the JSON it printed after RESULT_MARK. */
export function runNode<T>(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {},
): Promise<ChildRun<T>> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
    });
    child.stderr.on("data", (chunk) => {
      err += chunk;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 60_000);
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      const wallMs = performance.now() - started;
      clearTimeout(timer);
      const line = out.split("\n").find((l) => l.startsWith(RESULT_MARK));
      if (code !== 0 || !line) {
        reject(
          new Error(
            `node ${args.join(" ")} exited with ${code ?? signal}\n${err.slice(-2000)}${out.slice(-1000)}`,
          ),
        );
        return;
      }
      resolve({ result: JSON.parse(line.slice(RESULT_MARK.length)) as T, wallMs });
    });
  });
}

/** Starts a server child that prints `{"port":n}` on its first line; resolves once it listens. */
export function startServer(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {},
): Promise<{ child: ChildProcess; port: number; startedAt: number; stop(): Promise<void> }> {
  return new Promise((resolve, reject) => {
    const startedAt = performance.now();
    const child = spawn(process.execPath, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    let found = false;
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`server ${args.join(" ")} did not start:\n${err}${out}`));
    }, options.timeoutMs ?? 20_000);
    child.stderr.on("data", (chunk) => {
      err += chunk;
    });
    child.stdout.on("data", (chunk) => {
      if (found) return; // keep draining, so logging never blocks the server
      out += chunk;
      const match = /\{"port":(\d+)\}/.exec(out);
      if (!match) return;
      found = true;
      clearTimeout(timer);
      resolve({
        child,
        port: Number(match[1]),
        startedAt,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once("exit", () => done());
            child.kill("SIGTERM");
            setTimeout(() => child.kill("SIGKILL"), 3000).unref();
          }),
      });
    });
    child.on("exit", (code) => {
      if (!found) {
        clearTimeout(timer);
        reject(new Error(`server ${args.join(" ")} exited with ${code}:\n${err}${out}`));
      }
    });
  });
}
