// Stores that fail on demand: a wrapper that makes any method throw (as a store whose backend is
// down does), and lets the backend be swapped (a database reopened after an outage).
import type { Store } from "@catops/core";

export type StoreMethod = "get" | "set" | "setIfAbsent" | "delete" | "list";

export interface FlakyStore extends Store {
  /** Methods that throw from now on; empty when healthy. */
  failing: Set<StoreMethod>;
  /** Only keys starting with one of these fail (all keys when empty). */
  failingKeys: string[];
  down(methods?: StoreMethod[]): void;
  up(): void;
  /** Serves from another backend from now on. */
  swap(next: Store): void;
  calls: { method: StoreMethod; key: string; failed: boolean }[];
}

export class StoreUnavailableError extends Error {
  override name = "StoreUnavailableError";
}

export function flakyStore(initial: Store): FlakyStore {
  let inner = initial;
  const failing = new Set<StoreMethod>();
  const calls: FlakyStore["calls"] = [];
  const store: FlakyStore = {
    failing,
    failingKeys: [],
    calls,
    down(methods = ["get", "set", "setIfAbsent", "delete", "list"]) {
      for (const method of methods) failing.add(method);
    },
    up() {
      failing.clear();
      store.failingKeys = [];
    },
    swap(next) {
      inner = next;
    },
    get: (key) => guard("get", key, () => inner.get(key)),
    set: (key, value, options) => guard("set", key, () => inner.set(key, value, options)),
    setIfAbsent: (key, value, options) =>
      guard("setIfAbsent", key, () => inner.setIfAbsent(key, value, options)),
    delete: (key) => guard("delete", key, () => inner.delete(key)),
    list: (prefix, options) => guard("list", prefix, () => inner.list!(prefix, options)),
  };

  async function guard<T>(method: StoreMethod, key: string, run: () => Promise<T>): Promise<T> {
    const keyFails =
      store.failingKeys.length === 0 || store.failingKeys.some((prefix) => key.startsWith(prefix));
    const failed = failing.has(method) && keyFails;
    calls.push({ method, key, failed });
    if (failed) throw new StoreUnavailableError(`store unavailable: ${method} failed`);
    return run();
  }
  return store;
}
