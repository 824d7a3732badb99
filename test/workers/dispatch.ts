// Sends a standard Request through miniflare (which speaks undici's own Request/Response
// classes) and hands back a standard Response.
import type { Miniflare } from "miniflare";

const NULL_BODY = new Set([101, 204, 205, 304]);

export async function dispatch(mf: Miniflare, request: Request): Promise<Response> {
  const body =
    request.method === "GET" || request.method === "HEAD"
      ? undefined
      : new Uint8Array(await request.arrayBuffer());
  const response = await mf.dispatchFetch(request.url, {
    method: request.method,
    headers: [...request.headers],
    body,
    redirect: "manual",
  });
  const bytes = await response.arrayBuffer();
  return new Response(NULL_BODY.has(response.status) ? null : bytes, {
    status: response.status,
    statusText: response.statusText,
    headers: [...response.headers],
  });
}
