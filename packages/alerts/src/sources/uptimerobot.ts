// Uptime Robot webhooks. There is no fixed body: users write a template of `*variable*` tokens,
// in camelCase (`monitorFriendlyName`) or snake_case (`monitor_friendly_name`), sent as JSON or as
// POST parameters. Every value is a string, and a variable Uptime Robot could not fill arrives as
// its literal `*name*`, which means absent here.
import { type Alert, AlertParseError, type AlertSeverity, type AlertState } from "../types.js";
import { compact, httpUrl, isoTime, requireObject, text } from "./fields.js";

const TYPES: Record<string, { state: AlertState; severity: AlertSeverity; label: string }> = {
  "1": { state: "firing", severity: "critical", label: "Down" },
  "2": { state: "resolved", severity: "info", label: "Up" },
  "3": { state: "firing", severity: "warning", label: "SSL certificate expiry" },
};
const BY_LABEL: Record<string, string> = { down: "1", up: "2" };

/** Keys compared without case or underscores, so both template styles read the same. */
function normalize(payload: Record<string, unknown>): Map<string, string> {
  const values = new Map<string, string>();
  for (const [key, raw] of Object.entries(payload)) {
    const value = text(raw);
    if (value === undefined || /^\*[A-Za-z_]+\*$/.test(value)) continue;
    values.set(key.toLowerCase().replace(/_/g, ""), value);
  }
  return values;
}

export function parseUptimeRobot(payload: unknown): Alert[] {
  const values = normalize(requireObject(payload, "Uptime Robot webhook"));
  const get = (name: string) => values.get(name.toLowerCase());
  const url = get("monitorURL");
  const id = get("monitorID");
  const name = get("monitorFriendlyName") ?? url ?? id;
  if (!name) throw new AlertParseError("monitorFriendlyName, monitorURL or monitorID is required");
  const code = get("alertType") ?? BY_LABEL[get("alertTypeFriendlyName")?.toLowerCase() ?? ""];
  const type = code ? TYPES[code] : undefined;
  if (!type)
    throw new AlertParseError(
      code ? `unknown alertType "${code}"` : "alertType (1 down, 2 up) is required",
    );
  const lastedMs =
    type.state === "resolved"
      ? (secondsToMs(get("alertDuration")) ?? friendlyDurationMs(get("alertFriendlyDuration")))
      : undefined;
  return [
    {
      source: "uptimerobot",
      name,
      state: type.state,
      severity: type.severity,
      summary: get("alertDetails") ?? `${name} is ${get("alertTypeFriendlyName") ?? type.label}`,
      details: compact({
        Status: get("alertTypeFriendlyName") ?? type.label,
        "SSL expires": get("sslExpiryDate"),
        "SSL days left": get("sslExpiryDaysLeft"),
        "Monitor ID": id,
      }),
      resource: url,
      link: httpUrl(url),
      time: isoTime(get("alertDateTime")),
      ...(lastedMs !== undefined ? { lastedMs } : {}),
      key: `uptimerobot:${id ?? url ?? name}`,
      raw: payload,
    },
  ];
}

function secondsToMs(value: string | undefined): number | undefined {
  const seconds = value === undefined ? Number.NaN : Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

const UNIT_MS: Record<string, number> = {
  day: 86_400_000,
  hour: 3_600_000,
  minute: 60_000,
  second: 1000,
};

/** Uptime Robot's `*alertFriendlyDuration*` ("1 hours, 4 minutes and 37 seconds") in ms. */
function friendlyDurationMs(text: string | undefined): number | undefined {
  if (!text) return undefined;
  let total = 0;
  let found = false;
  for (const [, count, unit] of text.matchAll(/(\d+)\s*(day|hour|minute|second)s?/gi)) {
    total += Number(count) * UNIT_MS[unit!.toLowerCase()]!;
    found = true;
  }
  return found ? total : undefined;
}
