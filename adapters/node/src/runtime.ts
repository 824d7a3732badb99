import type { JobEnvelope } from "@catops/core";
import { nodeHmacSha256 } from "@catops/core/node-hmac";
import { deferIn } from "./defer.js";
import type { NodeRuntime, NodeRuntimeOptions } from "./types.js";

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

  const defer = deferIn({ track, runtime, runJob: options.runJob, queue: options.queue }, running);
  if (defer) runtime.defer = defer;
  return runtime;
}
