// Stands in for the Azure Functions host around registerCatOps: it records what the app
// registered, invokes those handlers with @azure/functions' own HttpRequest and
// InvocationContext, and delivers real azurite queue messages to the queue function the way
// the host does (base64 decoded, JSON parsed, dequeueCount in the trigger metadata, failed
// messages retried and moved to "<queue>-poison" after maxDequeueCount).
import { randomUUID } from "node:crypto";
import {
  HttpRequest,
  HttpResponse,
  type HttpFunctionOptions,
  InvocationContext,
  type LogLevel,
  type StorageQueueFunctionOptions,
  type Timer,
  type TimerFunctionOptions,
} from "@azure/functions";
import type { FunctionsApp } from "@catops/azure-functions";
import { QueueClient } from "@azure/storage-queue";

export interface LogLine {
  level: LogLevel;
  text: string;
  invocationId: string;
  functionName: string;
}

export interface RecordingApp {
  app: FunctionsApp;
  http: Map<string, HttpFunctionOptions>;
  queues: Map<string, StorageQueueFunctionOptions>;
  timers: Map<string, TimerFunctionOptions>;
  logs: LogLine[];
}

export function recordingApp(): RecordingApp {
  const http = new Map<string, HttpFunctionOptions>();
  const queues = new Map<string, StorageQueueFunctionOptions>();
  const timers = new Map<string, TimerFunctionOptions>();
  const taken = (name: string) => {
    if (http.has(name) || queues.has(name) || timers.has(name))
      throw new Error(`function ${name} registered twice`);
  };
  return {
    app: {
      http: (name, options) => {
        taken(name);
        http.set(name, options);
      },
      storageQueue: (name, options) => {
        taken(name);
        queues.set(name, options);
      },
      timer: (name, options) => {
        taken(name);
        timers.set(name, options);
      },
    },
    http,
    queues,
    timers,
    logs: [],
  };
}

function contextFor(
  recording: RecordingApp,
  functionName: string,
  triggerMetadata?: Record<string, unknown>,
): InvocationContext {
  const invocationId = randomUUID();
  return new InvocationContext({
    invocationId,
    functionName,
    triggerMetadata,
    logHandler: (level, ...args) => {
      recording.logs.push({ level, text: args.map(String).join(" "), invocationId, functionName });
    },
  });
}

function only<T>(map: Map<string, T>, what: string): [string, T] {
  const entries = [...map.entries()];
  if (entries.length !== 1) throw new Error(`expected one ${what} function, got ${entries.length}`);
  return entries[0]!;
}

/** Sends a Web Request through the registered HTTP function and returns its answer. */
export async function invokeHttp(recording: RecordingApp, request: Request): Promise<Response> {
  const [name, registration] = only(recording.http, "http");
  const headers: Record<string, string> = {};
  request.headers.forEach((value, key) => {
    headers[key] = value;
  });
  const bytes = new Uint8Array(await request.arrayBuffer());
  const azureRequest = new HttpRequest({
    method: request.method,
    url: request.url,
    headers,
    body: bytes.byteLength > 0 ? { bytes } : undefined,
  });
  const result = await registration.handler(azureRequest, contextFor(recording, name));
  // The host turns whatever the handler returned into an HttpResponse, as here.
  const response = result instanceof HttpResponse ? result : new HttpResponse(result ?? {});
  const body = await response.arrayBuffer();
  return new Response(body.byteLength > 0 ? body : null, {
    status: response.status,
    headers: response.headers as unknown as Headers,
  });
}

/**
 * Fires a registered timer function as the host does when its NCRONTAB schedule comes due: the
 * handler gets the timer's status (as the host fills it in) and an InvocationContext.
 */
export async function invokeTimer(
  recording: RecordingApp,
  name: string,
  options: { isPastDue?: boolean } = {},
): Promise<void> {
  const registration = recording.timers.get(name);
  if (!registration) throw new Error(`no timer function named ${name}`);
  const now = new Date();
  const timer: Timer = {
    isPastDue: options.isPastDue ?? false,
    schedule: { adjustForDST: false },
    scheduleStatus: {
      last: now.toISOString(),
      next: new Date(now.getTime() + 60_000).toISOString(),
      lastUpdated: now.toISOString(),
    },
  };
  await registration.handler(timer, contextFor(recording, name));
}

export interface QueueDelivery {
  messageId: string;
  dequeueCount: number;
  outcome: "completed" | "failed" | "poisoned";
  error?: unknown;
}

export interface DrainOptions {
  /** The host's extensions.queues.maxDequeueCount. Default 5. */
  maxDequeueCount?: number;
  /** Stops after this many deliveries (a guard against loops). Default 100. */
  limit?: number;
}

/**
 * Delivers every message in the registered function's queue to its handler until the queue
 * is empty: a message whose handler succeeded is deleted; one whose handler threw is made
 * visible again (the host's retry, without the wait) or, at maxDequeueCount, moved to the
 * poison queue.
 */
export async function drainQueue(
  recording: RecordingApp,
  connectionString: string,
  options: DrainOptions = {},
): Promise<QueueDelivery[]> {
  const [name, registration] = only(recording.queues, "queue");
  const maxDequeueCount = options.maxDequeueCount ?? 5;
  const queue = new QueueClient(connectionString, registration.queueName);
  await queue.createIfNotExists();
  const deliveries: QueueDelivery[] = [];
  for (;;) {
    const { receivedMessageItems } = await queue.receiveMessages({
      numberOfMessages: 32,
      visibilityTimeout: 60,
    });
    if (receivedMessageItems.length === 0) return deliveries;
    for (const message of receivedMessageItems) {
      if (deliveries.length >= (options.limit ?? 100))
        throw new Error(`queue not drained after ${deliveries.length} deliveries`);
      const text = Buffer.from(message.messageText, "base64").toString("utf8");
      let input: unknown = text;
      try {
        input = JSON.parse(text);
      } catch {}
      const context = contextFor(recording, name, {
        id: message.messageId,
        dequeueCount: message.dequeueCount,
        insertionTime: message.insertedOn.toISOString(),
        popReceipt: message.popReceipt,
      });
      const delivery: QueueDelivery = {
        messageId: message.messageId,
        dequeueCount: message.dequeueCount,
        outcome: "completed",
      };
      try {
        await registration.handler(input, context);
        await queue.deleteMessage(message.messageId, message.popReceipt);
      } catch (error) {
        delivery.error = error;
        if (message.dequeueCount >= maxDequeueCount) {
          delivery.outcome = "poisoned";
          const poison = new QueueClient(connectionString, `${registration.queueName}-poison`);
          await poison.createIfNotExists();
          await poison.sendMessage(message.messageText);
          await queue.deleteMessage(message.messageId, message.popReceipt);
        } else {
          delivery.outcome = "failed";
          await queue.updateMessage(message.messageId, message.popReceipt, undefined, 0);
        }
      }
      deliveries.push(delivery);
    }
  }
}

/** Puts `body` on the app's job queue as JSON, base64-encoded, as anyone with the queue's key could. */
export async function sendQueueMessage(
  recording: RecordingApp,
  connectionString: string,
  body: unknown,
): Promise<void> {
  const [, registration] = only(recording.queues, "queue");
  const queue = new QueueClient(connectionString, registration.queueName);
  await queue.createIfNotExists();
  await queue.sendMessage(Buffer.from(JSON.stringify(body)).toString("base64"));
}

/** Waits (at most 10 s) for the next message on the app's job queue, takes it, and parses it. */
export async function takeQueueMessage(
  recording: RecordingApp,
  connectionString: string,
): Promise<unknown> {
  const [, registration] = only(recording.queues, "queue");
  const queue = new QueueClient(connectionString, registration.queueName);
  await queue.createIfNotExists();
  const until = Date.now() + 10_000;
  while (Date.now() < until) {
    const { receivedMessageItems } = await queue.receiveMessages({ numberOfMessages: 1 });
    const [message] = receivedMessageItems;
    if (message) {
      await queue.deleteMessage(message.messageId, message.popReceipt);
      return JSON.parse(Buffer.from(message.messageText, "base64").toString("utf8"));
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no message on ${registration.queueName} within 10 s`);
}

/** The messages waiting in a queue, base64-decoded, without taking them. */
export async function peekQueue(connectionString: string, queueName: string): Promise<string[]> {
  const queue = new QueueClient(connectionString, queueName);
  if (!(await queue.exists())) return [];
  const { peekedMessageItems } = await queue.peekMessages({ numberOfMessages: 32 });
  return peekedMessageItems.map((item) => Buffer.from(item.messageText, "base64").toString("utf8"));
}
