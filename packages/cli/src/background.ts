// Work a command leaves running after its first reply (a deferred job, a slow command): the
// terminal commands track it, print what it answers, and wait for it before they exit.
import type { Runtime } from "@catops/core";

export function trackBackground(): { runtime: Runtime; settle(): Promise<void> } {
  const running = new Set<Promise<unknown>>();
  return {
    runtime: {
      waitUntil(promise) {
        const tracked = promise.finally(() => running.delete(tracked));
        running.add(tracked);
      },
    },
    async settle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}
