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

/** The keys of `T` that hold methods returning a promise. */
type AsyncMethodKey<T> = {
  [K in keyof T]: T[K] extends (...args: never[]) => Promise<unknown> ? K : never;
}[keyof T];

/**
 * A method of something loaded on first use, callable now: each call waits for the load, then
 * calls the method on what was loaded. The result has the method's own signature (an
 * intersection with a wider function type would make `Parameters<>` of it `never`).
 */
export function methodOnFirstUse<T, K extends AsyncMethodKey<T>>(
  load: () => Promise<T>,
  key: K,
): T[K] {
  const call = async (...args: unknown[]) => {
    const target = await load();
    return (target[key] as (...a: unknown[]) => unknown).apply(target, args);
  };
  return call as T[K];
}
