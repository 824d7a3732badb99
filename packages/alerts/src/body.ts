// Reads an alert webhook's body: JSON (whatever the content type says; SNS sends text/plain), or
// form parameters (Uptime Robot's "send as POST parameters"). An empty body falls back to the
// query string (Uptime Robot's query-string mode).
import { type CatOpsRequest, HttpError, parseJsonObject, readBody } from "@catops/core";

export async function readPayload(
  request: CatOpsRequest,
  limit: number,
): Promise<Record<string, unknown>> {
  const contentType = request.headers.get("content-type") ?? "";
  const type = contentType.toLowerCase();
  const body = await readBody(request, limit);
  if (type.startsWith("application/x-www-form-urlencoded"))
    return Object.fromEntries(new URLSearchParams(body));
  if (type.startsWith("multipart/form-data")) {
    let form: FormData;
    try {
      form = await new Response(body, { headers: { "content-type": contentType } }).formData();
    } catch {
      throw new HttpError(400, "body is not valid form data");
    }
    const out: Record<string, unknown> = {};
    for (const [key, value] of form) if (typeof value === "string") out[key] = value;
    return out;
  }
  if (body.trim() === "") {
    const params = new URL(request.url).searchParams;
    params.delete("token");
    if ([...params.keys()].length === 0) throw new HttpError(400, "empty body");
    return Object.fromEntries(params);
  }
  return parseJsonObject(body, "alert body");
}
