// The few Workers runtime shapes this adapter reads, so it needs no @cloudflare/workers-types.

export interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
  passThroughOnException?(): void;
}

/** What workerd hands `scheduled()`: the Cron Trigger that fired and when it was due. */
export interface ScheduledController {
  readonly scheduledTime: number;
  readonly cron: string;
  noRetry?(): void;
}

/** A Queue producer binding. */
export interface Queue<Body = unknown> {
  send(body: Body, options?: { contentType?: "json" | "text" | "bytes" | "v8" }): Promise<void>;
}

export interface QueueMessage<Body = unknown> {
  readonly id: string;
  readonly timestamp: Date;
  readonly body: Body;
  readonly attempts: number;
  ack(): void;
  retry(options?: { delaySeconds?: number }): void;
}

export interface MessageBatch<Body = unknown> {
  readonly queue: string;
  readonly messages: readonly QueueMessage<Body>[];
  ackAll?(): void;
  retryAll?(): void;
}

export interface D1Meta {
  changes: number;
  [key: string]: unknown;
}

export interface D1Result<T = Record<string, unknown>> {
  results: T[];
  success: boolean;
  meta: D1Meta;
}

export interface D1PreparedStatement {
  bind(...values: unknown[]): D1PreparedStatement;
  first<T = Record<string, unknown>>(): Promise<T | null>;
  run<T = Record<string, unknown>>(): Promise<D1Result<T>>;
  all<T = Record<string, unknown>>(): Promise<D1Result<T>>;
}

/** A D1 database binding. */
export interface D1Database {
  prepare(query: string): D1PreparedStatement;
  batch<T = Record<string, unknown>>(statements: D1PreparedStatement[]): Promise<D1Result<T>[]>;
}
