// Where the CLI reads and writes: the process's streams, or test doubles.
import { createRequire } from "node:module";

export interface Io {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** stdin is a terminal: the shell keeps a history file. */
  interactive: boolean;
  cwd: string;
  env: Record<string, string | undefined>;
}

export function processIo(): Io {
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    interactive: process.stdin.isTTY === true,
    cwd: process.cwd(),
    env: process.env,
  };
}

export function println(stream: NodeJS.WritableStream, text = ""): void {
  stream.write(`${text}\n`);
}

/** A failure the user caused: shown as one line, without a stack. */
export class CliError extends Error {
  override name = "CliError";
  constructor(
    message: string,
    /** 1 for a failure, 2 for a usage error (unknown command, bad option). */
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

export function version(): string {
  // src/ and dist/ are both one level below package.json.
  const manifest = createRequire(import.meta.url)("../package.json") as { version: string };
  return manifest.version;
}
