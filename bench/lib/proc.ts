// Child processes for the measurements: each contender runs in a fresh `node` of its own,
// optionally pinned to one CPU with taskset (util-linux).
import { type ChildProcess, type ChildProcessByStdio, spawn, spawnSync } from "node:child_process";
import type { Readable, Writable } from "node:stream";
import { availableParallelism } from "node:os";

/** Whether `taskset` can pin a child here (util-linux installed, two CPUs or more). */
export const canPin: boolean =
  spawnSync("taskset", ["-c", "0", "true"], { stdio: "ignore" }).status === 0;

/**
 * The CPU each warm-latency process runs on, the same for every contender. Left to the
 * scheduler, a process's figure was decided by where it landed: on a two-vCPU machine here one
 * CPU ran the same warm events 1.7-1.8x slower than the other, for CatOps and the minimum alike.
 */
export const WARM_CPU = availableParallelism() - 1;

interface SpawnOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  timeoutMs?: number;
  /** The one CPU the child may run on. */
  cpu?: number;
}

/**
 * `node <args>`, or `taskset -c <cpu> node <args>` when pinned, its stdout and stderr piped;
 * stdin piped only for a child the parent talks to.
 */
function spawnNode(
  args: string[],
  options: SpawnOptions,
  stdin: "ignore" | "pipe" = "ignore",
): ChildProcessByStdio<Writable | null, Readable, Readable> {
  let file = process.execPath;
  let argv = args;
  if (options.cpu !== undefined) {
    if (!canPin) throw new Error("taskset is not available: install util-linux to pin processes");
    [file, argv] = ["taskset", ["-c", String(options.cpu), process.execPath, ...args]];
  }
  const { cwd, env } = options;
  return stdin === "pipe"
    ? spawn(file, argv, { cwd, env, stdio: ["pipe", "pipe", "pipe"] })
    : spawn(file, argv, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
}

/** The line a child prints its result on, after anything the code under test logged. */
export const RESULT_MARK = "@@bench-result ";

export interface ChildRun<T> {
  result: T;
  /** Spawn to exit, in ms, measured by the parent. */
  wallMs: number;
}

/** Runs `node <args>` to its exit and returns the JSON it printed after RESULT_MARK. */
export function runNode<T>(args: string[], options: SpawnOptions = {}): Promise<ChildRun<T>> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawnNode(args, options);
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
  options: SpawnOptions = {},
): Promise<{ child: ChildProcess; port: number; startedAt: number; stop(): Promise<void> }> {
  return new Promise((resolve, reject) => {
    const startedAt = performance.now();
    const child = spawnNode(args, options);
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

/** A child kept running and asked one question at a time. */
export interface DrivenChild {
  ask<T>(line: string): Promise<T>;
  kill(): void;
}

/**
 * Starts `node <args>`, which reads one question per line on stdin and answers each with a line
 * after RESULT_MARK on stdout. A child that exits with a question unanswered fails the question.
 */
export function driveNode(args: string[], options: SpawnOptions = {}): DrivenChild {
  const child = spawnNode(args, options, "pipe");
  let out = "";
  let err = "";
  let waiting: { resolve(result: unknown): void; reject(error: Error): void } | undefined;
  const fail = (why: string) => {
    waiting?.reject(
      new Error(`node ${args.join(" ")} ${why}\n${err.slice(-2000)}${out.slice(-1000)}`),
    );
    waiting = undefined;
  };
  child.stderr.on("data", (chunk) => {
    err += chunk;
  });
  child.stdout.on("data", (chunk) => {
    out += chunk;
    const at = out.indexOf(RESULT_MARK);
    const end = at < 0 ? -1 : out.indexOf("\n", at);
    if (end < 0) return;
    const line = out.slice(at + RESULT_MARK.length, end);
    out = out.slice(end + 1);
    const question = waiting;
    waiting = undefined;
    question?.resolve(JSON.parse(line));
  });
  child.on("error", (error) => fail(`failed: ${error.message}`));
  // "close", not "exit": by then every answer the child wrote has been read.
  child.on("close", (code, signal) => fail(`exited with ${code ?? signal}`));
  return {
    ask<T>(line: string): Promise<T> {
      if (waiting) throw new Error("one question at a time");
      const answer = new Promise<T>((resolve, reject) => {
        waiting = { resolve: resolve as (result: unknown) => void, reject };
      });
      const timer = setTimeout(() => fail("did not answer in time"), options.timeoutMs ?? 60_000);
      child.stdin!.write(`${line}\n`);
      return answer.finally(() => clearTimeout(timer));
    },
    kill: () => child.kill("SIGKILL"),
  };
}
