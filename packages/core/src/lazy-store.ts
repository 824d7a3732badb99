import { methodOnFirstUse, onFirstUse } from "./first-use.js";
import type { Store } from "./types.js";

/**
 * A store whose code loads on its first read or write, so a cold start that answers without the
 * store never parses it. `load` runs once; a failed load is tried again next time. `close`
 * closes only what was loaded. The loaded store must have every optional method (`list`,
 * `getVersioned`, `setIfVersion`): the lazy one offers them before it knows.
 */
export function lazyStore(load: () => Promise<CompleteStore>): Store {
  let loaded: CompleteStore | undefined;
  const store = onFirstUse(async () => {
    loaded = await load();
    return loaded;
  });
  return {
    get: methodOnFirstUse(store, "get"),
    set: methodOnFirstUse(store, "set"),
    setIfAbsent: methodOnFirstUse(store, "setIfAbsent"),
    delete: methodOnFirstUse(store, "delete"),
    list: methodOnFirstUse(store, "list"),
    getVersioned: methodOnFirstUse(store, "getVersioned"),
    setIfVersion: methodOnFirstUse(store, "setIfVersion"),
    close: async () => {
      await loaded?.close?.();
    },
  };
}

/** A store with the optional reads and writes a lazy store offers up front. */
export type CompleteStore = Store & Required<Pick<Store, "list" | "getVersioned" | "setIfVersion">>;
