// A deferred command that runs for CATOPS_BENCH_SLOW_MS (default 10 s): what the bench's
// acknowledgement-latency run sends while earlier ones are still running.
import { command } from "@catops/core";

export const slow = command({
  description: "Answer at once, then work for ten seconds",
  defer: true,
  run: async ({ env, signal }) => {
    const ms = Number(env.CATOPS_BENCH_SLOW_MS ?? 10_000);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, ms);
      signal.addEventListener("abort", () => {
        clearTimeout(timer);
        reject(new Error("cancelled"));
      });
    });
    return `Slept ${ms} ms.`;
  },
});
