import type { Store } from "../types.js";

export interface UpdateOptions {
  ttlSeconds?: number;
  /** How many times a write that lost to another writer is tried again. Default 50. */
  attempts?: number;
}

export interface UpdateResult<T> {
  /** The value the key holds after the update (unchanged when `change` gave undefined). */
  value: T | undefined;
  written: boolean;
}

/**
 * Read-modify-write without lost updates: `change` is applied to the current value and written
 * only if nobody wrote the key in between (compare-and-set), else applied again to the newer
 * value. `change` returning undefined leaves the key as it is. Stores without compare-and-set
 * get a plain get-then-set.
 */
export async function updateValue<T>(
  store: Store,
  key: string,
  change: (current: T | undefined) => T | undefined,
  options: UpdateOptions = {},
): Promise<UpdateResult<T>> {
  const writeOptions = { ttlSeconds: options.ttlSeconds };
  if (!store.getVersioned || !store.setIfVersion) {
    const current = await store.get<T>(key);
    const next = change(current);
    if (next === undefined) return { value: current, written: false };
    await store.set(key, next, writeOptions);
    return { value: next, written: true };
  }
  const attempts = options.attempts ?? 50;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const current = await store.getVersioned<T>(key);
    const next = change(current?.value);
    if (next === undefined) return { value: current?.value, written: false };
    if (await store.setIfVersion(key, next, current?.version, writeOptions))
      return { value: next, written: true };
    // Another writer won this round; a short random pause keeps many writers from colliding
    // again in lockstep.
    await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(attempt, 10)));
  }
  throw new Error(`store: "${key}" kept changing under ${attempts} attempts to update it`);
}
