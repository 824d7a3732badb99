// Starts a generated Node project's built server (`npm start`: node dist/server.js) on a free
// loopback port, and stops it the way systemd does (SIGTERM).
import { spawn } from "node:child_process";
import { cleanEnv } from "./workspace.ts";

export interface StartedServer {
  url: string;
  /** Sends SIGTERM and resolves to the exit code. */
  stop(): Promise<number | null>;
}

export function startNodeServer(dir: string, env: Record<string, string>): Promise<StartedServer> {
  const child = spawn(process.execPath, ["dist/server.js"], {
    cwd: dir,
    env: cleanEnv({ ...env, PORT: "0", CATOPS_HOST: "127.0.0.1" }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the server did not start within 15 s:\n${output}`));
    }, 15_000);
    const onData = (chunk: Buffer) => {
      output += chunk;
      const url = /CatOps: (http:\/\/127\.0\.0\.1:\d+)\//.exec(output)?.[1];
      if (!url) return;
      clearTimeout(timer);
      resolve({
        url,
        stop: async () => {
          child.kill("SIGTERM");
          return exited;
        },
      });
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}) before it was ready:\n${output}`));
    });
  });
}
