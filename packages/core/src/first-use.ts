/**
 * Code loaded on first use: `load` runs on the first call and every caller shares its result;
 * a failed load (a chunk that could not be read) is tried again on the next call.
 */
export function onFirstUse<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
}

type AsyncMethod = (...args: never[]) => Promise<unknown>;

/**
 * A method of something loaded on first use, callable now: each call waits for the load, then
 * calls the method on what was loaded.
 */
export function methodOnFirstUse<T, K extends keyof T>(
  load: () => Promise<T>,
  key: K,
): T[K] & AsyncMethod {
  return (async (...args: unknown[]) => {
    const target = await load();
    return (target[key] as (...a: unknown[]) => unknown).apply(target, args);
  }) as unknown as T[K] & AsyncMethod;
}
