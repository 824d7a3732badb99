// Runs inside workerd, in front of the Worker under test (imported as ./target.mjs): takes a
// batch of signed requests, hands them to the Worker's fetch one at a time and reports how long
// each batch took. workerd's clock ticks in whole milliseconds, so events are timed in batches.
import target from "./target.mjs";

export default {
  async fetch(request, env, ctx) {
    const { url, headers, body, batches, batchSize } = await request.json();
    const perEventMicros = [];
    for (let b = 0; b < batches; b++) {
      const requests = [];
      for (let i = 0; i < batchSize; i++)
        requests.push(new Request(url, { method: "POST", headers, body }));
      const started = performance.now();
      for (const each of requests) {
        const response = await target.fetch(each, env, ctx);
        if (response.status !== 200) throw new Error(`answered ${response.status}`);
        await response.arrayBuffer();
      }
      perEventMicros.push(((performance.now() - started) * 1000) / batchSize);
    }
    return Response.json(perEventMicros);
  },
};
