// The Node adapter's own types: its runtime port and what runs or queues a deferred job.
import type { JobEnvelope, Logger, Runtime } from "@catops/core";

/** A queue every replica works (PostgreSQL): deferred jobs go there instead of this process. */
export interface SharedJobQueue {
  send(job: JobEnvelope): Promise<void>;
}

/** Runs one deferred job in this process (normally `bot.runJob`). */
export type JobRunner = (job: JobEnvelope, runtime: Runtime) => Promise<void>;

export interface NodeRuntimeOptions {
  /** Configuration for connectors. Default: process.env. */
  env?: Record<string, unknown>;
  logger?: Logger;
  /**
   * Runs deferred jobs. With it, jobs are tracked by id, so a shutdown can tell which ones it
   * interrupted; without it the core runs them through `waitUntil`.
   */
  runJob?: JobRunner;
  /**
   * Sends deferred jobs to a queue every replica works (PostgreSQL) instead of running them in
   * this process. Takes precedence over `runJob`.
   */
  queue?: SharedJobQueue;
}

/** The Runtime port for a long-lived Node process, plus what a graceful shutdown needs. */
export interface NodeRuntime extends Runtime {
  waitUntil(promise: Promise<unknown>): void;
  hmacSha256(key: string, message: string): string;
  env: Record<string, unknown>;
  /** Deferred jobs that started here and have not ended, with their envelopes. */
  runningJobs(): JobEnvelope[];
  /** How many promises (jobs, late replies) are still pending. */
  pending(): number;
  /** Waits until nothing is pending, or `timeoutMs` passes. True when everything settled. */
  settle(timeoutMs: number): Promise<boolean>;
}
