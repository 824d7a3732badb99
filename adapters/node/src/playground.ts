import { readFile } from "node:fs/promises";
import {
  type CatOpsRequest,
  type CatOpsResponse,
  errorResponse,
  json,
  PlainResponse,
  type Store,
} from "@catops/core";
import { createJobs } from "@catops/core/jobs";
import { PLAYGROUND_CHANNEL, type WebConnector } from "./web-connector.js";

// The page's files sit in adapters/node/playground/: plain HTML, CSS and a script, no build.
// This module lives one folder down both as source (src/) and bundled (dist/).
const ASSETS: Record<string, { file: string; type: string }> = {
  "/": { file: "index.html", type: "text/html; charset=utf-8" },
  "/playground/app.js": { file: "app.js", type: "text/javascript; charset=utf-8" },
  "/playground/render.js": { file: "render.js", type: "text/javascript; charset=utf-8" },
  "/playground/form.js": { file: "form.js", type: "text/javascript; charset=utf-8" },
  "/playground/home.js": { file: "home.js", type: "text/javascript; charset=utf-8" },
  "/playground/style.css": { file: "style.css", type: "text/css; charset=utf-8" },
};

const SECURITY_HEADERS = {
  "content-security-policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cache-control": "no-store",
};

const cache = new Map<string, Promise<string>>();
function asset(file: string): Promise<string> {
  let text = cache.get(file);
  if (!text) {
    text = readFile(new URL(`../playground/${file}`, import.meta.url), "utf8");
    cache.set(file, text);
  }
  return text;
}

/** GET routes of the playground: the page, its assets, the message feed and the job list. */
export async function playgroundRoute(
  request: CatOpsRequest,
  web: WebConnector,
  store: Store,
): Promise<CatOpsResponse | undefined> {
  const url = new URL(request.url);
  const found = ASSETS[url.pathname];
  if (found) {
    if (request.method !== "GET" && request.method !== "HEAD")
      return errorResponse(405, "method not allowed");
    const body = await asset(found.file);
    return new PlainResponse(request.method === "HEAD" ? null : body, {
      headers: { "content-type": found.type, ...SECURITY_HEADERS },
    });
  }
  if (request.method !== "GET") return undefined;
  if (url.pathname === "/playground/messages") {
    const after = Number(url.searchParams.get("after") ?? 0);
    const messages = web.messages(Number.isFinite(after) ? after : 0);
    return json({ messages }, 200, { "cache-control": "no-store" });
  }
  if (url.pathname === "/playground/jobs") {
    return json(
      {
        jobs: await createJobs(store, Date.now).recentIn({ channelId: PLAYGROUND_CHANNEL.id }, 20),
      },
      200,
      {
        "cache-control": "no-store",
      },
    );
  }
  return undefined;
}
