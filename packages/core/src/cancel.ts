import type { Jobs } from "./jobs.js";

/**
 * Watches a running job for a cancellation request. A cancel in this process aborts at once;
 * one made from another invocation or process is seen in the store within `pollMs`.
 */
export function createCancellation(jobs: Jobs, pollMs: number) {
  const local = new Map<string, AbortController>();

  function watch(jobId: string, controller: AbortController): () => void {
    local.set(jobId, controller);
    const timer = setInterval(async () => {
      try {
        const job = await jobs.get(jobId);
        if (job?.cancelRequested && !controller.signal.aborted)
          controller.abort(new Error("cancelled"));
      } catch {
        // A store hiccup must not kill the job; the next poll tries again.
      }
    }, pollMs);
    return () => {
      clearInterval(timer);
      local.delete(jobId);
    };
  }

  /** Aborts the job when it runs in this process; true when it did. */
  function abortLocal(jobId: string): boolean {
    const controller = local.get(jobId);
    if (!controller) return false;
    try {
      controller.abort(new Error("cancelled"));
      return true;
    } catch {
      // Workers refuse to touch another request's I/O objects; the job's own poll aborts it.
      return false;
    }
  }

  return { watch, abortLocal };
}

export type Cancellation = ReturnType<typeof createCancellation>;
