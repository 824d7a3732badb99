// Builds the load server into one file (the @catops/* packages from their sources, as the test
// runner sees them) and starts it in a child process with --expose-gc and an IPC channel.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { sourceAliasMap } from "../../workers/bundle.ts";

// Inside test/node_modules, so the native better-sqlite3 resolves from the bundle's folder.
const OUT_DIR = fileURLToPath(new URL("../../node_modules/.cache/catops-load/", import.meta.url));

export interface LoadServer {
  port: number;
  child: ChildProcess;
  ask<T>(type: string): Promise<T>;
  stop(): Promise<void>;
}

export async function startLoadServer(env: Record<string, string>): Promise<LoadServer> {
  mkdirSync(OUT_DIR, { recursive: true });
  const outfile = `${OUT_DIR}server.mjs`;
  await build({
    entryPoints: [fileURLToPath(new URL("./server.ts", import.meta.url))],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outfile,
    alias: sourceAliasMap(),
    external: ["better-sqlite3"],
    // Bundled CommonJS dependencies may call require().
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
    logLevel: "silent",
  });
  const child = spawn(process.execPath, ["--expose-gc", outfile], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const replies = new Map<string, ((value: any) => void)[]>();
  child.on("message", (message: { type: string }) => {
    const waiting = replies.get(message.type)?.shift();
    waiting?.(message);
  });
  const ready = await new Promise<{ port: number }>((resolve, reject) => {
    replies.set("ready", [resolve]);
    child.once("exit", (code) => reject(new Error(`the load server exited with ${code}`)));
  });
  const ask = <T>(type: string) =>
    new Promise<T>((resolve) => {
      replies.set(type, [...(replies.get(type) ?? []), resolve]);
      child.send({ type });
    });
  return {
    port: ready.port,
    child,
    ask,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.send({ type: "stop" });
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
    },
  };
}
