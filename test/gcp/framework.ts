// Builds a function source with esbuild and serves it with the real Functions Framework in a
// child process; delivers captured Pub/Sub messages to it as CloudEvents over HTTP.
import { type ChildProcess, fork } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";
import { workspaceSourcePath } from "../../vitest.workspace-alias.ts";
import type { RecordedRequest } from "../../packages/conformance/src/recorder.ts";
import { NO_METADATA_SERVER } from "./offline.ts";

const FRAMEWORK = "@google-cloud/functions-framework";
/**
 * Resolves @catops/* to their sources, as the tests do. The Google Cloud SDKs stay external,
 * as in a deployment, but pinned to absolute paths so the bundle runs from a temporary folder:
 * the SDKs as installed for `resolveFrom`, the framework as the test server loads it, so the
 * function registers in the very registry the server reads.
 */
function resolvePlugin(resolveFrom: string): Plugin {
  const requireFrom = createRequire(join(resolveFrom, "package.json"));
  return {
    name: "catops-test-resolve",
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /^@catops\// }, ({ path }) => {
        const source = workspaceSourcePath(path);
        return source ? { path: source } : undefined;
      });
      pluginBuild.onResolve({ filter: /^@google-cloud\// }, ({ path }) => {
        if (path === FRAMEWORK)
          return { path: fileURLToPath(import.meta.resolve(FRAMEWORK)), external: true };
        try {
          return { path: requireFrom.resolve(path), external: true };
        } catch {
          return { path, external: true }; // not installed here, so never loaded by this source
        }
      });
    },
  };
}

export interface BuildOptions {
  /** Minify as a deployment bundle is. */
  minify?: boolean;
  /** The folder whose installed Google Cloud SDKs the bundle uses. Default: test/. */
  resolveFrom?: string;
}

/** Bundles `entry` (TypeScript) into one ESM file in a temporary folder. */
export async function buildFunctionSource(
  entry: string,
  options: BuildOptions = {},
): Promise<{ file: string; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), "catops-gcp-"));
  const file = join(dir, "index.mjs");
  await build({
    entryPoints: [entry],
    outfile: file,
    bundle: true,
    minify: options.minify ?? false,
    format: "esm",
    platform: "node",
    target: "node20",
    logLevel: "error",
    plugins: [resolvePlugin(options.resolveFrom ?? fileURLToPath(new URL("..", import.meta.url)))],
  });
  return { file, dir };
}

export interface ServedFunctions {
  /** Base URL of each served function: http://127.0.0.1:<port>. */
  urls: Record<string, string>;
  /** Lines the function process wrote to stdout (its logs). */
  stdout: string[];
  stop(): Promise<void>;
}

/** Serves the functions `targets` registered by the built `entry` in one child process. */
export async function serveFunctions(options: {
  entry: string;
  targets: string[];
  env: Record<string, string>;
  build?: BuildOptions;
}): Promise<ServedFunctions> {
  const { file, dir } = await buildFunctionSource(options.entry, options.build);
  const child: ChildProcess = fork(
    fileURLToPath(new URL("./serve.mjs", import.meta.url)),
    [file, ...options.targets],
    {
      env: {
        PATH: process.env.PATH ?? "",
        NODE_ENV: "production",
        ...NO_METADATA_SERVER,
        ...options.env,
      },
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    },
  );
  const stdout: string[] = [];
  const stderr: string[] = [];
  collectLines(child.stdout, stdout);
  collectLines(child.stderr, stderr);
  const ports = await new Promise<Record<string, number>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the function process did not start")), 20_000);
    child.once("message", (message: { ready: Record<string, number> }) => {
      clearTimeout(timer);
      resolve(message.ready);
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the function process exited (${code}): ${stderr.join("\n")}`));
    });
  });
  const urls = Object.fromEntries(
    Object.entries(ports).map(([target, port]) => [target, `http://127.0.0.1:${port}`]),
  );
  return {
    urls,
    stdout,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill();
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function collectLines(stream: NodeJS.ReadableStream | null, into: string[]): void {
  let partial = "";
  stream?.setEncoding("utf8");
  stream?.on("data", (chunk: string) => {
    const lines = (partial + chunk).split("\n");
    partial = lines.pop() ?? "";
    into.push(...lines.filter((line) => line !== ""));
  });
}

export type CloudEventMode = "binary" | "structured";

/**
 * Delivers a message the function published (as recorded by the capture recorder) to the
 * CloudEvent function, the way Eventarc delivers a Pub/Sub messagePublished event.
 */
export async function deliverPubSubMessage(
  eventUrl: string,
  published: RecordedRequest,
  mode: CloudEventMode,
): Promise<Response> {
  const topic = decodeURIComponent(published.path.replace(/^\/publish\//, ""));
  const { messageId, data, attributes } = published.json as {
    messageId: string;
    data: string;
    attributes?: Record<string, string>;
  };
  const publishTime = new Date(published.at).toISOString();
  const context = {
    specversion: "1.0",
    id: messageId,
    type: "google.cloud.pubsub.topic.v1.messagePublished",
    source: `//pubsub.googleapis.com/projects/catops-test/topics/${topic}`,
    time: publishTime,
  };
  const payload = {
    message: { data, attributes, messageId, message_id: messageId, publishTime },
    subscription: `projects/catops-test/subscriptions/eventarc-${topic}`,
  };
  if (mode === "binary") {
    return fetch(eventUrl, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...Object.fromEntries(Object.entries(context).map(([key, value]) => [`ce-${key}`, value])),
      },
      body: JSON.stringify(payload),
    });
  }
  return fetch(eventUrl, {
    method: "POST",
    headers: { "content-type": "application/cloudevents+json" },
    body: JSON.stringify({ ...context, datacontenttype: "application/json", data: payload }),
  });
}
