// The Workers row: the conformance bot bundled as a Worker and run in workerd by miniflare, with a
// real D1 and Queue; requests go in through dispatchFetch, queued jobs through its queue handler.
import { workerdDriver } from "./drivers/workerd.ts";
import { runChatConformance, runConformance } from "@catops/conformance";

const driver = workerdDriver({
  entry: new URL("../workers/conformance-worker.ts", import.meta.url).pathname,
  miniflare: {
    d1Databases: { DB: "catops-conformance" },
    queueProducers: { JOBS: "catops-jobs" },
  },
  jobQueue: "catops-jobs",
  d1: "DB",
});

runConformance(driver);
runChatConformance(driver);
