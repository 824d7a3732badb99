// Sends a standard Request through miniflare (which speaks undici's own Request/Response
// classes) and hands back a standard Response.
import { DEFAULT_BODY_LIMIT } from "@catops/core";
import type { Miniflare } from "miniflare";

const NULL_BODY = new Set([101, 204, 205, 304]);

/** How long a body over the bot's limit is held back for an answer before it is sent anyway. */
const HOLD_MS = 10_000;

export async function dispatch(mf: Miniflare, request: Request): Promise<Response> {
  const bytes =
    request.method === "GET" || request.method === "HEAD"
      ? undefined
      : new Uint8Array(await request.arrayBuffer());
  const abort = new AbortController();
  const overLimit = (bytes?.byteLength ?? 0) > DEFAULT_BODY_LIMIT;
  let answer = () => {};
  const answered = new Promise<void>((resolve) => {
    answer = resolve;
  });
  const headers = new Headers(request.headers);
  // What undici declares for a body in memory, declared here for the held-back stream too.
  if (bytes) headers.set("content-length", String(bytes.byteLength));
  let response: Awaited<ReturnType<Miniflare["dispatchFetch"]>>;
  let body: ArrayBuffer;
  try {
    response = await mf.dispatchFetch(request.url, {
      method: request.method,
      headers: [...headers],
      body: overLimit ? heldBack(bytes!, answered) : bytes,
      redirect: "manual",
      signal: abort.signal,
      ...(overLimit ? { duplex: "half" } : {}),
    });
    answer();
    body = await response.arrayBuffer();
  } finally {
    answer();
    // A held body was never sent: end the upload (and its connection) now the answer is read.
    if (overLimit) abort.abort();
  }
  return new Response(NULL_BODY.has(response.status) ? null : body, {
    status: response.status,
    statusText: response.statusText,
    headers: [...response.headers],
  });
}

/**
 * A body over the bot's limit, with its length declared, must be refused from the declared length
 * alone. workerd answers such an upload and closes the connection without reading the rest, and
 * the bytes still arriving make the close a reset; when the reset reaches the client while it is
 * still writing, undici fails the request before reading the answer (seven times in ten beside
 * two busy processes). Cloudflare's edge shields a Worker from this; here the first byte goes out
 * with the headers (undici sends them with the first chunk) and the rest only if no answer has
 * come within HOLD_MS, so a Worker that does read such a body is seen to, not left waiting.
 */
function heldBack(bytes: Uint8Array, answered: Promise<void>): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      controller.enqueue(bytes.subarray(0, 1));
    },
    async pull(controller) {
      let late: NodeJS.Timeout | undefined;
      const waited = await Promise.race([
        answered.then(() => "answered" as const),
        new Promise<"late">((resolve) => {
          late = setTimeout(() => resolve("late"), HOLD_MS);
        }),
      ]);
      clearTimeout(late);
      if (waited === "answered") return new Promise<void>(() => {}); // ended by the abort
      controller.enqueue(bytes.subarray(1));
      controller.close();
    },
  });
}
