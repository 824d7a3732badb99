// A Worker that exposes a D1 store's operations over fetch, so the store contract can drive
// the real D1 inside workerd. POST / with {op, args}; answers {result}.
import { createD1Store, type D1Database } from "@catops/cloudflare-workers";
import type { Store } from "@catops/core";

interface Env {
  DB: D1Database;
}

let offsetMs = 0;
const stores = new Map<string, Store>();

function storeFor(env: Env, table: string): Store {
  let store = stores.get(table);
  if (!store) {
    // The clock can be moved forward so TTLs are tested without waiting.
    store = createD1Store(env.DB, { table, now: () => Date.now() + offsetMs });
    stores.set(table, store);
  }
  return store;
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const {
      op,
      args = [],
      table = "catops_store",
    } = (await request.json()) as {
      op: string;
      args?: any[];
      table?: string;
    };
    try {
      const store = storeFor(env, table);
      let result: unknown;
      if (op === "advance") offsetMs += Number(args[0]) * 1000;
      else if (op === "get") result = await store.get(args[0]);
      else if (op === "set") await store.set(args[0], args[1], args[2]);
      else if (op === "setIfAbsent") result = await store.setIfAbsent(args[0], args[1], args[2]);
      else if (op === "getVersioned") result = await store.getVersioned!(args[0]);
      else if (op === "setIfVersion")
        // JSON carries an absent version as null.
        result = await store.setIfVersion!(args[0], args[1], args[2] ?? undefined, args[3]);
      else if (op === "delete") await store.delete(args[0]);
      else if (op === "list") result = await store.list!(args[0], args[1]);
      else if (op === "sql") result = (await env.DB.prepare(args[0]).all()).results;
      else return Response.json({ error: `unknown op ${op}` }, { status: 400 });
      return Response.json({ result });
    } catch (error) {
      return Response.json({ error: String(error) }, { status: 500 });
    }
  },
};
