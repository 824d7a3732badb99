import { HttpError } from "../errors.js";
import type { CatOpsRequest } from "./exchange.js";
import { PlainHeaders, PlainResponse } from "./plain.js";

export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/**
 * Reads a request body as text, refusing more than `limit` bytes (413) without reading it all,
 * and refusing bytes that are not UTF-8 (400). The raw text is what signatures are checked on.
 */
export async function readBody(request: CatOpsRequest, limit: number): Promise<string> {
  return bodyText(request, limit);
}

/**
 * `readBody`, answered in the same turn when the body is already in memory (a serverless
 * event's, a server's parsed request): the request path awaits nothing it need not.
 */
export function bodyText(request: CatOpsRequest, limit: number): string | Promise<string> {
  const length = request.headers.get("content-length");
  const declared = length === null ? Number.NaN : Number(length);
  if (declared > limit) throw new HttpError(413, `body larger than ${limit} bytes`);
  if (request.rawBody !== undefined) return plainBody(request.rawBody, limit);
  return streamedBody(request, limit, declared);
}

async function streamedBody(
  request: CatOpsRequest,
  limit: number,
  declared: number,
): Promise<string> {
  // A declared length within the limit is what the runtime will deliver: read it in one go,
  // which costs far less than a stream read chunk by chunk, or even than making the stream
  // object (workerd above all).
  if (Number.isFinite(declared)) {
    const bytes = new Uint8Array(await request.arrayBuffer());
    if (bytes.byteLength > limit) throw new HttpError(413, `body larger than ${limit} bytes`);
    return decodeUtf8(bytes);
  }
  if (!request.body) {
    const bytes = new Uint8Array(await request.arrayBuffer());
    if (bytes.byteLength > limit) throw new HttpError(413, `body larger than ${limit} bytes`);
    return decodeUtf8(bytes);
  }
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw new HttpError(413, `body larger than ${limit} bytes`);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return decodeUtf8(bytes);
}

// ignoreBOM keeps a leading byte-order mark: signatures are over the bytes as sent.
const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new HttpError(400, "body is not valid UTF-8");
  }
}

/** A plain request's body, already in memory: the same limit and UTF-8 check, no stream. */
function plainBody(body: string | Uint8Array | null, limit: number): string {
  if (body === null) return "";
  if (typeof body !== "string") {
    if (body.byteLength > limit) throw new HttpError(413, `body larger than ${limit} bytes`);
    return decodeUtf8(body);
  }
  // UTF-8 takes at most three bytes per UTF-16 unit: count them only when that could matter.
  if (body.length * 3 > limit && new TextEncoder().encode(body).byteLength > limit)
    throw new HttpError(413, `body larger than ${limit} bytes`);
  return body;
}

/** JSON with a status: what connectors answer. Plain, so a plain request never loads `Response`. */
export function json(data: unknown, status = 200, headers?: Record<string, string>): PlainResponse {
  return new PlainResponse(JSON.stringify(data), {
    status,
    // Most answers add no header: theirs read a constant record until something changes them.
    headers: headers
      ? { "content-type": JSON_TYPE, ...headers }
      : PlainHeaders.viewOf(JSON_HEADERS),
  });
}

const JSON_TYPE = "application/json; charset=utf-8";
const JSON_HEADERS = Object.freeze({ "content-type": JSON_TYPE });

/** `{ ok: false, error }`: how every refusal reads, whichever layer refused. */
export function errorResponse(
  status: number,
  message: string,
  headers?: Record<string, string>,
): PlainResponse {
  return json({ ok: false, error: message }, status, headers);
}

/** Parses JSON, turning a syntax error or a non-object into a 400. */
export function parseJsonObject(text: string, what = "body"): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError(400, `${what} is not valid JSON`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new HttpError(400, `${what} must be a JSON object`);
  }
  return value as Record<string, unknown>;
}
