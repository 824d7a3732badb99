// Work a runtime keeps alive after the answer (waitUntil), collected so drain() can wait for it.

export function collectWaitUntil() {
  const pending: Promise<unknown>[] = [];
  return {
    waitUntil: (promise: Promise<unknown>) => void pending.push(promise),
    /** Waits for everything collected, including work started by work that finished. */
    async drain() {
      while (pending.length > 0) await Promise.allSettled(pending.splice(0));
    },
  };
}

/** Sends a Web Request to the same path on `baseUrl` over real HTTP, without its Host header. */
export function forwardTo(baseUrl: string) {
  return async (request: Request): Promise<Response> => {
    const { pathname, search } = new URL(request.url);
    const headers = new Headers(request.headers);
    headers.delete("host");
    const body =
      request.method === "GET" || request.method === "HEAD"
        ? undefined
        : await request.arrayBuffer();
    return fetch(`${baseUrl}${pathname}${search}`, { method: request.method, headers, body });
  };
}
