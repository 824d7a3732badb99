// Only the parts of @azure/functions v4 this adapter touches, so the app can be any object with
// the same two methods (the real `app`, or a recording one in tests).
import type {
  HttpFunctionOptions,
  HttpHandler,
  StorageQueueFunctionOptions,
  StorageQueueHandler,
  TimerFunctionOptions,
} from "@azure/functions";
import type { QueueClient } from "@azure/storage-queue";
import type { AdapterOptions, Runtime } from "@catops/core";

/** The `app` object of `@azure/functions` v4, as far as CatOps uses it. */
export interface FunctionsApp {
  http(name: string, options: HttpFunctionOptions): void;
  storageQueue(name: string, options: StorageQueueFunctionOptions): void;
  /** Needed when the bot has schedules: one timer function each. */
  timer?(name: string, options: TimerFunctionOptions): void;
}

export type { HttpHandler, StorageQueueHandler };

/**
 * `env` defaults to process.env (the app settings), `logger` to one writing through each
 * invocation's context (Application Insights), and `basePath` is host.json's
 * `extensions.http.routePrefix` (Azure's default 'api'; the templates set it empty).
 */
export interface AzureFunctionsOptions extends AdapterOptions<Record<string, string | undefined>> {
  /** Name of the HTTP function. Default 'catops-http'. */
  httpFunctionName?: string;
  /** Name of the queue-triggered function that runs deferred jobs. Default 'catops-jobs'. */
  queueFunctionName?: string;
  /** The Storage Queue deferred jobs go through. Default 'catops-jobs'. */
  queueName?: string;
  /** The app setting holding the storage connection string. Default 'AzureWebJobsStorage'. */
  connection?: string;
  /**
   * The delivery after which a failing job is given up and the user told; match host.json's
   * `extensions.queues.maxDequeueCount` (default 5).
   */
  maxDequeueCount?: number;
  /** host.json's `functionTimeout` in ms, so a job stops (and says so) before it is killed. Default 5 minutes. */
  functionTimeoutMs?: number;
  /** The queue client to enqueue with; by default built once from the `connection` setting. */
  queueClient?: QueueClient | (() => QueueClient);
}

/** The Runtime of one invocation, with the two steps that close it. */
export interface InvocationRuntime extends Runtime {
  /** Waits for the work handed to waitUntil. */
  settle(): Promise<void>;
  /** Marks the invocation over: later log lines no longer go through its context. */
  end(): void;
}
