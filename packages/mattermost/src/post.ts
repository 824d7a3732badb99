// Late replies over fetch: a response_url poster on the core's retrying JSON poster (bounded
// retries honouring Retry-After, a timeout, failures logged without the URL's secret path).
import type {
  OutboundOptions,
  OutboundResponse,
  OutboundResult,
  OutboundVerdict,
} from "@catops/core";
import { clipDetail, httpVerdict, postJson } from "@catops/core/outbound";

export type MattermostHttpOptions = OutboundOptions;
export type MattermostPostResult = OutboundResult;

/** POSTs a message to a slash command's `response_url`, retrying what can succeed later. */
export function postToResponseUrl(
  responseUrl: string,
  message: unknown,
  options: MattermostHttpOptions = {},
): Promise<MattermostPostResult> {
  return postJson(responseUrl, message, {
    ...options,
    what: "response_url",
    platform: "Mattermost",
    judge: responseUrlVerdict,
  });
}

/** Mattermost's refusals are worth reading whole: its JSON error bodies name the problem. */
function responseUrlVerdict(response: OutboundResponse): OutboundVerdict {
  const verdict = httpVerdict(response);
  if (verdict.ok || verdict.retry || !response.text) return verdict;
  return { ...verdict, error: `HTTP ${response.status}: ${clipDetail(response.text)}` };
}

/**
 * A post in a channel through the REST API with a bot's access token: `POST /api/v4/posts`, or
 * `PUT /api/v4/posts/{id}` to edit one the bot made (an alert card changing state).
 */
export function callPostsApi(
  call: { serverUrl: string; token: string; body: Record<string, unknown>; edit?: string },
  options: MattermostHttpOptions = {},
): Promise<MattermostPostResult> {
  return callMattermostApi(
    {
      ...call,
      method: call.edit ? "PUT" : "POST",
      path: call.edit ? `/posts/${encodeURIComponent(call.edit)}` : "/posts",
      what: call.edit ? "edit post" : "create post",
    },
    options,
  );
}

/** One call to the REST API (`/api/v4` + `path`) with a bot's access token. */
export function callMattermostApi(
  call: {
    serverUrl: string;
    token: string;
    method: "GET" | "POST" | "PUT";
    path: string;
    body?: unknown;
    what: string;
  },
  options: MattermostHttpOptions = {},
): Promise<MattermostPostResult> {
  return postJson(`${call.serverUrl.replace(/\/+$/, "")}/api/v4${call.path}`, call.body, {
    ...options,
    method: call.method,
    what: call.what,
    platform: "Mattermost",
    headers: { authorization: `Bearer ${call.token}` },
    judge: responseUrlVerdict,
  });
}
