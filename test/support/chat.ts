// What the chat connectors' tests share: a logger that keeps its lines, a sleep that records its
// waits, the recorder standing in for the platform's servers, and a bot over one connector whose
// background work (late replies) a test can wait for, and the plugin their bots run.
import {
  type CatOps,
  type CatOpsOptions,
  command,
  createCatOps,
  type PluginModule,
  type Runtime,
} from "@catops/core";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { type Recorder, startRecorder } from "../../packages/conformance/src/recorder.ts";

export interface CapturedLine {
  level: string;
  message: string;
  fields?: Record<string, unknown>;
}

/** Collects log lines, so tests can assert what was (and was not) logged. */
export function captureLogger() {
  const lines: CapturedLine[] = [];
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    void lines.push({ level, message, fields });
  const logger = {
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    child: () => logger,
  };
  return { logger, lines, text: () => JSON.stringify(lines) };
}

/** A sleep that records what it was asked to wait and returns at once. */
export function recordingSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

/**
 * One recorder for the file's tests, cleared before each: the returned object stands for it
 * once `beforeAll` has started it.
 */
export function useRecorder(): Recorder {
  let current: Recorder | undefined;
  beforeAll(async () => {
    current = await startRecorder();
  });
  afterAll(() => current?.close());
  beforeEach(() => current?.clear());
  return new Proxy({} as Recorder, {
    get(_, key) {
      if (!current) throw new Error("the recorder starts in beforeAll: use it inside a test");
      return Reflect.get(current, key);
    },
  });
}

export interface ConnectorTestBot {
  bot: CatOps;
  /** Sends a request through `bot.fetch`, its background work collected for `settle`. */
  send(request: Request, runtime?: Runtime): Promise<Response>;
  /** Waits for all background work, including work started by work that finished. */
  settle(): Promise<void>;
  log: ReturnType<typeof captureLogger>;
}

/** A bot whose every log line is kept and whose background work a test can wait for. */
export function connectorTestBot(options: CatOpsOptions): ConnectorTestBot {
  const log = captureLogger();
  const pending: Promise<unknown>[] = [];
  const bot = createCatOps({ ...options, logger: log.logger });
  const send = (request: Request, runtime: Runtime = {}) =>
    bot.fetch(request, { waitUntil: (p) => void pending.push(p), ...runtime });
  const settle = async () => {
    while (pending.length > 0) await Promise.all(pending.splice(0));
  };
  return { bot, send, settle, log };
}

/**
 * The plugin every connector's tests run: `hi` answers at once, `careful` asks to confirm,
 * `later` is deferred, `slowpoke` takes `slowMs`, and `boom` throws with a next step.
 */
export function chatTestPlugins(slowMs = 400): PluginModule[] {
  return [
    {
      file: "test.ts",
      exports: {
        hi: () => "Meow!",
        careful: command({ confirm: true, run: () => "careful done" }),
        later: command({ defer: true, run: async () => "later done" }),
        slowpoke: command({
          run: async () => {
            await new Promise((resolve) => setTimeout(resolve, slowMs));
            return "finally";
          },
        }),
        boom: command({
          nextStep: "hi",
          run: () => {
            throw new Error("no");
          },
        }),
      },
    },
  ];
}
