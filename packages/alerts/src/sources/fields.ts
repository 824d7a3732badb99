// Small readers shared by the source parsers: they never throw on odd input, they return undefined.
import { AlertParseError, type AlertSeverity } from "../types.js";

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The object, or a 400-worthy error naming what was expected. */
export function requireObject(value: unknown, what: string): Json {
  if (!isObject(value)) throw new AlertParseError(`${what} must be a JSON object`);
  return value;
}

/** A non-empty trimmed string from a string or a number. */
export function text(value: unknown): string | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value !== "string") return undefined;
  const trimmed = value.trim();
  return trimmed === "" ? undefined : trimmed;
}

/** The first present text among `keys` of `object`. */
export function firstText(object: Json, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const found = text(object[key]);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Parses a JSON string that should hold an object; undefined when it does not. */
export function jsonObject(value: unknown): Json | undefined {
  if (typeof value !== "string") return isObject(value) ? value : undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * An ISO 8601 time from ISO text (CloudWatch's `+0000` offsets included) or epoch seconds or
 * milliseconds, as number or numeric string.
 */
export function isoTime(value: unknown): string | undefined {
  const raw = typeof value === "string" ? value.trim() : value;
  if (raw === "" || raw === undefined || raw === null) return undefined;
  let ms: number;
  if (typeof raw === "number" || (typeof raw === "string" && /^\d+(\.\d+)?$/.test(raw))) {
    const n = Number(raw);
    ms = n < 1e11 ? n * 1000 : n; // seconds until the year 5138
  } else if (typeof raw === "string") {
    // `2015-06-03T17:43:27.123+0000`: add the colon some parsers need.
    ms = Date.parse(raw.replace(/([+-]\d{2})(\d{2})$/, "$1:$2"));
  } else return undefined;
  return Number.isFinite(ms) && ms > 0 ? new Date(ms).toISOString() : undefined;
}

/** An http(s) URL, or undefined. */
export function httpUrl(value: unknown): string | undefined {
  const candidate = text(value);
  if (!candidate || !/^https?:\/\//i.test(candidate)) return undefined;
  try {
    return new URL(candidate).href === "" ? undefined : candidate;
  } catch {
    return undefined;
  }
}

const SEVERITY_WORDS: [AlertSeverity, RegExp][] = [
  ["critical", /^(critical|crit|fatal|emergency|emerg|disaster|sev-?0|p0|p1|page)$/],
  ["error", /^(error|err|high|major|severe|sev-?1|p2)$/],
  ["warning", /^(warning|warn|medium|moderate|minor|average|sev-?2|p3)$/],
  ["info", /^(info|information|informational|low|notice|ok|debug|verbose|sev-?[34]|p4|p5)$/],
];

/** Reads a severity word in any common spelling ("Critical", "warn", "Sev2", "P1"). */
export function severityOf(value: unknown): AlertSeverity | undefined {
  const word = text(value)?.toLowerCase();
  if (!word) return undefined;
  for (const [severity, pattern] of SEVERITY_WORDS) if (pattern.test(word)) return severity;
  return undefined;
}

/** `source:name:resource`, the dedupe key of an alert that names no better identity. */
export function alertKey(source: string, name: string, resource?: string): string {
  return `${source}:${name}:${resource ?? ""}`;
}

/** Drops undefined entries, so `details` only carries what the payload had. */
export function compact(entries: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(entries)) if (value !== undefined) out[key] = value;
  return out;
}
