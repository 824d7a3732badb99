// Azure's HttpRequest is already fetch-like: this only moves it to a Web Request and back,
// keeping the body's bytes as they arrived (signatures are computed over them).
import { type CatOpsResponse, stripBasePath } from "@catops/core";
import type { HttpRequest, HttpResponseInit } from "@azure/functions";

const NO_BODY_METHODS = new Set(["GET", "HEAD"]);
const NO_BODY_STATUSES = new Set([101, 204, 205, 304]);

/** `basePath` is host.json's route prefix, normalised ('/api') by checkAdapterOptions. */
export async function toWebRequest(request: HttpRequest, basePath: string): Promise<Request> {
  const url = new URL(request.url);
  url.pathname = stripBasePath(url.pathname, basePath);
  const method = request.method.toUpperCase();
  const headers = new Headers();
  for (const [name, value] of request.headers) headers.append(name, value);
  const body = NO_BODY_METHODS.has(method)
    ? undefined
    : new Uint8Array(await request.arrayBuffer());
  return new Request(url, { method, headers, body });
}

export async function toResponseInit(
  response: CatOpsResponse,
  method: string,
): Promise<HttpResponseInit> {
  const headers: [string, string][] = [];
  response.headers.forEach((value, name) => {
    headers.push([name, value]);
  });
  if (NO_BODY_STATUSES.has(response.status) || method.toUpperCase() === "HEAD")
    return { status: response.status, headers };
  return { status: response.status, headers, body: await response.text() };
}
