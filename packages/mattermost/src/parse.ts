// Reads Mattermost's two requests: the slash command form and the JSON of a button press.
// Bodies are parsed only after the token (or the button's signature) checked out.
import { type CommandEvent, HttpError, parseJsonObject } from "@catops/core";
import type { ActionRequest } from "./wire.js";

/** A slash command's form body. A body that is not one is a 400. */
export function parseSlashCommandForm(body: string, contentType: string | null): URLSearchParams {
  const type = mediaType(contentType);
  if (type !== "application/x-www-form-urlencoded" && type !== "")
    throw new HttpError(415, `unsupported content type ${type}`);
  const params = new URLSearchParams(body);
  if (!params.get("command")) throw new HttpError(400, "slash command has no command field");
  if (!params.get("user_id")) throw new HttpError(400, "slash command has no user_id");
  if (!params.get("channel_id")) throw new HttpError(400, "slash command has no channel_id");
  return params;
}

/** A slash command's fields as a command event; the core tokenizes `text`. */
export function slashCommandEvent(params: URLSearchParams): CommandEvent {
  const field = (name: string) => params.get(name) || undefined;
  const teamId = field("team_id");
  const raw = Object.fromEntries(params);
  // The token is a credential: plugins that look at `raw` never see it.
  delete raw.token;
  return {
    command: [],
    text: field("text") ?? "",
    user: withName({ id: field("user_id")! }, field("user_name")),
    channel: withName({ id: field("channel_id")! }, field("channel_name")),
    ...(teamId ? { team: withDomain({ id: teamId }, field("team_domain")) } : {}),
    ...(field("response_url") ? { responseUrl: field("response_url") } : {}),
    source: "mattermost",
    raw,
  };
}

/** A button press: Mattermost's JSON, with the presser and the button's context. */
export function parseActionRequest(body: string, contentType: string | null): ActionRequest {
  const type = mediaType(contentType);
  if (type !== "application/json" && type !== "")
    throw new HttpError(415, `unsupported content type ${type}`);
  const request = parseJsonObject(body, "action body") as ActionRequest;
  if (typeof request.context !== "object" || request.context === null)
    throw new HttpError(400, "action has no context");
  return request;
}

/** The person who pressed a button, where, as a command event. */
export function actionEvent(request: ActionRequest, responseUrl?: string): CommandEvent {
  if (!request.user_id) throw new HttpError(400, "action has no user_id");
  const { context: _signed, ...raw } = request;
  return {
    command: [],
    user: withName({ id: request.user_id }, request.user_name),
    ...(request.channel_id
      ? { channel: withName({ id: request.channel_id }, request.channel_name) }
      : {}),
    ...(request.team_id ? { team: withDomain({ id: request.team_id }, request.team_domain) } : {}),
    ...(responseUrl ? { responseUrl } : {}),
    source: "mattermost",
    raw,
  };
}

function mediaType(contentType: string | null): string {
  return (contentType ?? "").split(";")[0]!.trim().toLowerCase();
}

function withName(value: { id: string }, name: string | undefined) {
  return name ? { ...value, name } : value;
}

function withDomain(value: { id: string }, domain: string | undefined) {
  return domain ? { ...value, domain } : value;
}
