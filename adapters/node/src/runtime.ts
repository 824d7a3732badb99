import { createHmac } from "node:crypto";
import type { JobEnvelope, Logger, Runtime } from "@catops/core";

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
  queue?: { send(job: JobEnvelope): Promise<void> };
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

/** HMAC with node:crypto: synchronous and several times faster than Web Crypto per call. */
export function nodeHmacSha256(key: string, message: string): string {
  return createHmac("sha256", key).update(message).digest("hex");
}

export function nodeRuntime(options: NodeRuntimeOptions = {}): NodeRuntime {
  const pending = new Set<Promise<unknown>>();
  const running = new Map<string, JobEnvelope>();
  let idleWaiters: (() => void)[] = [];

  function track(promise: Promise<unknown>): void {
    const settled = promise.then(
      () => {},
      (error) => options.logger?.error("background work failed", { error }),
    );
    pending.add(settled);
    void settled.finally(() => {
      pending.delete(settled);
      if (pending.size === 0) {
        const waiters = idleWaiters;
        idleWaiters = [];
        for (const wake of waiters) wake();
      }
    });
  }

  const runtime: NodeRuntime = {
    waitUntil: track,
    hmacSha256: nodeHmacSha256,
    env: options.env ?? (process.env as Record<string, unknown>),
    ...(options.logger ? { logger: options.logger } : {}),
    runningJobs: () => [...running.values()],
    pending: () => pending.size,
    settle(timeoutMs) {
      if (pending.size === 0) return Promise.resolve(true);
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), timeoutMs);
        idleWaiters.push(() => {
          clearTimeout(timer);
          resolve(true);
        });
      });
    },
  };

  const runJob = options.runJob;
  const queue = options.queue;
  if (queue) runtime.defer = (job) => queue.send(job);
  else if (runJob) {
    runtime.defer = async (job) => {
      running.set(job.id, job);
      // Started on the next turn, so the acknowledgement goes out before the job's first await.
      const run = new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => runJob(job, runtime))
        .finally(() => running.delete(job.id));
      track(run);
    };
  }
  return runtime;
}
