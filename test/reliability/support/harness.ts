// An in-process bot for the fault suites: the reliability plugins (plus any given), the Slack
// connector with short retries and recorded waits, every log line captured, and the recorder
// standing in for Slack.
import { jobsOf } from "@catops/core/testing";
import { type CatOpsOptions, createLogger, type JobRecord } from "@catops/core";
import { createSlackConnector } from "@catops/slack";
import { type Recorder, startRecorder } from "../../../packages/conformance/src/recorder.ts";
import { createReliabilityBot } from "./bot.ts";
import { BOT_TOKEN, SIGNING_SECRET } from "./slack.ts";

export interface LogLine {
  level: string;
  msg: string;
  [field: string]: unknown;
}

export function captureLogger() {
  const lines: LogLine[] = [];
  const logger = createLogger({
    level: "debug",
    write: (line) => void lines.push(JSON.parse(line) as LogLine),
  });
  return { logger, lines };
}

export interface FaultBotOptions extends Partial<CatOpsOptions> {
  /** Further attempts of an outgoing call. Default 2. */
  retries?: number;
  /** How long one outgoing call may take. Default 300 ms. */
  timeoutMs?: number;
}

export async function startFaultBot(options: FaultBotOptions = {}) {
  const { retries = 2, timeoutMs = 300, ...botOptions } = options;
  const recorder: Recorder = await startRecorder();
  const { logger, lines } = captureLogger();
  /** Every wait the connector asked for between attempts (shortened to 5 ms here). */
  const waits: number[] = [];
  const env = {
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    CATOPS_SLACK_API_URL: `${recorder.url}/api`,
    CATOPS_SPY_URL: recorder.url,
  };
  const bot = createReliabilityBot(env, {
    logger,
    connectors: [
      createSlackConnector({
        retries,
        timeoutMs,
        sleep: async (ms) => {
          waits.push(ms);
          await new Promise((resolve) => setTimeout(resolve, 5));
        },
      }),
    ],
    ...botOptions,
  });
  const pending: Promise<unknown>[] = [];
  const runtime = { waitUntil: (promise: Promise<unknown>) => void pending.push(promise) };
  return {
    bot,
    recorder,
    lines,
    waits,
    env,
    send: (request: Request) => bot.fetch(request, runtime),
    async drain() {
      while (pending.length > 0) await Promise.allSettled(pending.splice(0));
    },
    job: async (id: string) => (await jobsOf(bot).get(id)) as JobRecord,
    logged: (msg: string) => lines.filter((line) => line.msg === msg),
    spied: (name?: string) =>
      recorder.requests.filter((r) => r.path.startsWith(name ? `/spy/${name}` : "/spy/")),
    close: () => recorder.close(),
  };
}

export type FaultBot = Awaited<ReturnType<typeof startFaultBot>>;

/** The job id in a "Running `x`… (job `id`)" answer. */
export function jobIdOf(text: string): string {
  const id = /job `(\w+)`/.exec(text)?.[1];
  if (!id) throw new Error(`no job id in ${JSON.stringify(text)}`);
  return id;
}
