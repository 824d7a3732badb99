// Sends a standard Request through miniflare (which speaks undici's own Request/Response
// classes) and hands back a standard Response.
import { request as httpRequest } from "node:http";
import type { Miniflare } from "miniflare";

const NULL_BODY = new Set([101, 204, 205, 304]);

/**
 * workerd answers an upload it refuses unread (a 413) and then closes the connection without
 * saying so (no `Connection: close`); a pooled client may already have sent its next request on
 * that connection, which then fails with ECONNRESET. Cloudflare's edge shields a Worker from this;
 * here, uploads above workerd's small drain allowance go on a connection of their own.
 */
const ONE_SHOT_ABOVE_BYTES = 64 * 1024;

export async function dispatch(mf: Miniflare, request: Request): Promise<Response> {
  const body =
    request.method === "GET" || request.method === "HEAD"
      ? undefined
      : new Uint8Array(await request.arrayBuffer());
  if (body && body.byteLength > ONE_SHOT_ABOVE_BYTES) return oneShot(mf, request, body);
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

/** The request on a fresh connection closed after its answer, as `dispatchFetch` would send it. */
async function oneShot(mf: Miniflare, request: Request, body: Uint8Array): Promise<Response> {
  const entry = await mf.ready;
  const headers: Record<string, string> = Object.fromEntries(request.headers);
  // What miniflare's own dispatcher adds: the URL the Worker sees, and plain error pages.
  headers["mf-original-url"] = request.url;
  headers["mf-disable-pretty-error"] = "true";
  headers["content-length"] = String(body.byteLength);
  headers.connection = "close";
  const url = new URL(request.url);
  return new Promise((resolve, reject) => {
    let answered = false;
    const sent = httpRequest(
      {
        host: entry.hostname,
        port: entry.port,
        method: request.method,
        path: url.pathname + url.search,
        headers,
        agent: false,
      },
      (answer) => {
        answered = true;
        const chunks: Buffer[] = [];
        answer.on("data", (chunk: Buffer) => chunks.push(chunk));
        answer.on("error", reject);
        answer.on("end", () => {
          const status = answer.statusCode ?? 502;
          const answerHeaders = new Headers();
          for (const [name, value] of Object.entries(answer.headers))
            if (value !== undefined && name !== "connection")
              answerHeaders.set(name, Array.isArray(value) ? value.join(", ") : value);
          resolve(
            new Response(NULL_BODY.has(status) ? null : Buffer.concat(chunks), {
              status,
              statusText: answer.statusMessage,
              headers: answerHeaders,
            }),
          );
        });
      },
    );
    // workerd may close before it has read the whole upload: once it has answered, that is fine.
    sent.on("error", (error) => {
      if (!answered) reject(error);
    });
    sent.end(body);
  });
}
