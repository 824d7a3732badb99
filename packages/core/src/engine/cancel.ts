import type { Jobs } from "./jobs.js";

/**
 * Watches a running job for a cancellation request. A cancel in this process aborts at once;
 * one made from another invocation or process is seen in the store within `pollMs`, or at once
 * when the runtime is told of it (`checkNow`). A `pollMs` of 0 leaves it to the runtime.
 */
export function createCancellation(jobs: Jobs, pollMs: number) {
  const local = new Map<string, AbortController>();

  function watch(jobId: string, controller: AbortController): () => void {
    local.set(jobId, controller);
    const timer =
      pollMs > 0
        ? setInterval(() => {
            // A store hiccup must not kill the job; the next poll tries again.
            checkNow(jobId).catch(() => {});
          }, pollMs)
        : undefined;
    return () => {
      clearInterval(timer);
      local.delete(jobId);
    };
  }

  /** Aborts the job running here when its record asks for a cancellation; true when it did. */
  async function checkNow(jobId: string): Promise<boolean> {
    const controller = local.get(jobId);
    if (!controller || controller.signal.aborted) return false;
    const job = await jobs.get(jobId);
    if (!job?.cancelRequested || controller.signal.aborted) return false;
    controller.abort(new Error("cancelled"));
    return true;
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

  return { watch, abortLocal, checkNow };
}

export type Cancellation = ReturnType<typeof createCancellation>;
