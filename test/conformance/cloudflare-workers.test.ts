// The Workers row: the conformance bot bundled as a Worker (esbuild, the options wrangler uses)
// and run in workerd by miniflare, with a real D1 and Queue; requests go in through dispatchFetch.
// workerd reaches the recorder on 127.0.0.1 directly, so outbound fetches need no rerouting.
import { Miniflare } from "miniflare";
import { bundleWorker } from "../workers/bundle.ts";
import { dispatch } from "../workers/dispatch.ts";
import { type AdapterDriver, runChatConformance, runConformance } from "./harness.ts";

const driver: AdapterDriver = {
  name: "cloudflare-workers",
  async start(setup) {
    const bundle = await bundleWorker(
      new URL("../workers/conformance-worker.ts", import.meta.url).pathname,
    );
    const mf = new Miniflare({
      modules: true,
      script: bundle.code,
      compatibilityDate: "2024-09-23",
      bindings: setup.env,
      d1Databases: { DB: "catops-conformance" },
      queueProducers: { JOBS: "catops-jobs" },
      queueConsumers: { "catops-jobs": { maxBatchTimeout: 0.05, maxRetries: 1 } },
    });
    await mf.ready;
    return {
      send: (request) => dispatch(mf, request),
      stop: () => mf.dispose(),
    };
  },
};

runConformance(driver);
runChatConformance(driver);
