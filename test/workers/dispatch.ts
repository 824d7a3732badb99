// Sends a standard Request through miniflare (which speaks undici's own Request/Response
// classes) and hands back a standard Response.
import type { Miniflare } from "miniflare";

const NULL_BODY = new Set([101, 204, 205, 304]);

/**
 * workerd answers an upload it refuses unread (a 413) and then closes the connection without
 * saying so (no `Connection: close`). miniflare's pooled client may already have sent the next
 * request on that connection, which then fails with ECONNRESET before any byte of an answer.
 * Cloudflare's edge shields a Worker from this; a browser resends a request that failed so on a
 * reused connection, and so does this, once, and only right after such a refusal.
 */
const REFUSED_UPLOAD_BYTES = 64 * 1024;
const afterRefusedUpload = new WeakSet<Miniflare>();

export async function dispatch(mf: Miniflare, request: Request): Promise<Response> {
  const body =
    request.method === "GET" || request.method === "HEAD"
      ? undefined
      : new Uint8Array(await request.arrayBuffer());
  const send = () =>
    mf.dispatchFetch(request.url, {
      method: request.method,
      headers: [...request.headers],
      body,
      redirect: "manual",
    });
  let response: Awaited<ReturnType<typeof send>>;
  try {
    response = await send();
  } catch (error) {
    if (!afterRefusedUpload.has(mf) || !isConnectionReset(error)) throw error;
    afterRefusedUpload.delete(mf);
    response = await send();
  }
  const refused = (body?.byteLength ?? 0) > REFUSED_UPLOAD_BYTES && response.status >= 400;
  if (refused) afterRefusedUpload.add(mf);
  else afterRefusedUpload.delete(mf);
  const bytes = await response.arrayBuffer();
  return new Response(NULL_BODY.has(response.status) ? null : bytes, {
    status: response.status,
    statusText: response.statusText,
    headers: [...response.headers],
  });
}

function isConnectionReset(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string } })?.cause;
  return cause?.code === "ECONNRESET" || (error as { code?: string })?.code === "ECONNRESET";
}
