// The smallest CatOps Worker: the core, the adapter and a D1 store, with one plugin.
import { catopsWorker, createD1Store, type D1Database } from "@catops/cloudflare-workers";
import { createCatOps } from "@catops/core";

export default catopsWorker((env: { DB: D1Database }) =>
  createCatOps({
    plugins: [{ file: "example.ts", exports: { hi: () => "Meow!" } }],
    store: createD1Store(env.DB),
  }),
);
