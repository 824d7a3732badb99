// The generic JSON webhook, for anything that can POST JSON. Fields (the first present wins):
//   name | title                     required: what is alerting
//   state | status                   firing (default), resolved; common synonyms are read
//   severity | level | priority      critical, error, warning (default), info; Sev0-4 and P1-5 too
//   summary | message | description  one or two sentences
//   link | url                       an http(s) page with more
//   resource | host | service        where
//   time | timestamp                 ISO 8601 or epoch seconds/ms
//   details                          an object of short facts: { "region": "eu-west-1" }
//   key | id                         dedupe identity; default source + name + resource
import { type Alert, AlertParseError, type AlertState } from "../types.js";
import {
  firstText,
  httpUrl,
  isObject,
  isoTime,
  requireObject,
  severityOf,
  text,
} from "./fields.js";

const FIRING =
  /^(firing|fired|fire|alert|alerting|alarm|open|opened|triggered|problem|down|active|critical|error|warning)$/;
const RESOLVED =
  /^(resolved|resolve|ok|closed|close|recovered|up|normal|inactive|cleared|success)$/;
const MAX_DETAILS = 12;

function stateOf(value: string | undefined): AlertState {
  if (value === undefined) return "firing";
  const word = value.toLowerCase();
  if (FIRING.test(word)) return "firing";
  if (RESOLVED.test(word)) return "resolved";
  throw new AlertParseError(`state must be "firing" or "resolved" (got "${value.slice(0, 40)}")`);
}

function detailsOf(value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) throw new AlertParseError("details must be an object of short facts");
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(value).slice(0, MAX_DETAILS)) {
    const shown = typeof item === "boolean" ? String(item) : text(item);
    if (shown !== undefined) out[key] = shown;
  }
  return out;
}

export function parseGeneric(payload: unknown): Alert[] {
  const body = requireObject(payload, "alert");
  const name = firstText(body, "name", "title");
  if (!name) throw new AlertParseError('"name" (or "title") is required');
  const state = stateOf(firstText(body, "state", "status"));
  const severityText = firstText(body, "severity", "level", "priority");
  const severity = severityOf(severityText);
  if (severityText && !severity)
    throw new AlertParseError(`unknown severity "${severityText.slice(0, 40)}"`);
  const linkText = firstText(body, "link", "url");
  const link = httpUrl(linkText);
  if (linkText && !link) throw new AlertParseError('"link" must be an http(s) URL');
  const resource = firstText(body, "resource", "host", "service");
  const key = firstText(body, "key", "id");
  return [
    {
      source: "generic",
      name,
      state,
      severity: severity ?? "warning",
      summary: firstText(body, "summary", "message", "description"),
      details: detailsOf(body.details),
      resource,
      link,
      time: isoTime(body.time ?? body.timestamp),
      key: key ? `generic:${key}` : `generic:${name}:${resource ?? ""}`,
      raw: payload,
    },
  ];
}
