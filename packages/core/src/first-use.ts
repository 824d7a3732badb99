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
