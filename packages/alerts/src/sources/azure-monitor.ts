// Azure Monitor's common alert schema: `data.essentials` says what and where, `data.alertContext`
// how (metric criteria, log query), `monitorCondition` Fired or Resolved, severity Sev0 to Sev4.
import { type Alert, AlertParseError, type AlertSeverity } from "../types.js";
import { compact, httpUrl, isObject, isoTime, type Json, requireObject, text } from "./fields.js";

const SEVERITIES: Record<string, AlertSeverity> = {
  sev0: "critical",
  sev1: "error",
  sev2: "warning",
  sev3: "info",
  sev4: "info",
};

/** One line per criterion: `Percentage CPU GreaterThan 25 (now 7.727)` or the log query. */
function criteria(context: Json): { text?: string; link?: string } {
  const condition = isObject(context.condition) ? context.condition : {};
  const all = Array.isArray(condition.allOf) ? condition.allOf.filter(isObject) : [];
  const lines: string[] = [];
  let link: string | undefined;
  for (const c of all) {
    const subject = text(c.metricName) ?? text(c.searchQuery);
    if (!subject) continue;
    const comparison = text(c.operator) && text(c.threshold) ? ` ${c.operator} ${c.threshold}` : "";
    const now = text(c.metricValue) !== undefined ? ` (now ${c.metricValue})` : "";
    lines.push(`${subject}${comparison}${now}`);
    link ??= httpUrl(c.linkToFilteredSearchResultsUI) ?? httpUrl(c.linkToSearchResultsUI);
  }
  return { text: lines.length > 0 ? lines.join("; ") : undefined, link };
}

/** `wcus-r2-gen2` from its configuration items or the last segment of its target id. */
function target(essentials: Json): string | undefined {
  const items = Array.isArray(essentials.configurationItems)
    ? essentials.configurationItems.map(text).filter(Boolean)
    : [];
  if (items.length > 0) return items.join(", ");
  const ids = Array.isArray(essentials.alertTargetIDs)
    ? essentials.alertTargetIDs.map(text).filter((id): id is string => id !== undefined)
    : [];
  return ids.length > 0 ? ids.map((id) => id.split("/").pop()).join(", ") : undefined;
}

export function parseAzureMonitor(payload: unknown): Alert[] {
  const body = requireObject(payload, "Azure Monitor alert");
  if (body.schemaId !== undefined && body.schemaId !== "azureMonitorCommonAlertSchema")
    throw new AlertParseError(`unsupported schemaId "${String(body.schemaId)}"`);
  const data = requireObject(body.data, "data");
  const essentials = requireObject(data.essentials, "data.essentials");
  const name = text(essentials.alertRule);
  if (!name) throw new AlertParseError("data.essentials.alertRule is missing");
  const condition = text(essentials.monitorCondition)?.toLowerCase();
  if (condition !== "fired" && condition !== "resolved")
    throw new AlertParseError('data.essentials.monitorCondition must be "Fired" or "Resolved"');
  const severity = SEVERITIES[text(essentials.severity)?.toLowerCase() ?? ""] ?? "warning";
  const context = isObject(data.alertContext) ? data.alertContext : {};
  const how = criteria(context);
  const resource = target(essentials);
  const firing = condition === "fired";
  const custom = isObject(data.customProperties) ? data.customProperties : {};
  const customDetails = Object.fromEntries(
    Object.entries(custom)
      .map(([key, value]) => [key, text(value)] as const)
      .slice(0, 6),
  );
  return [
    {
      source: "azure-monitor",
      name,
      state: firing ? "firing" : "resolved",
      severity,
      summary: text(essentials.description) ?? how.text,
      details: compact({
        Severity: text(essentials.severity),
        Criteria: how.text,
        Signal:
          [text(essentials.monitoringService), text(essentials.signalType)]
            .filter(Boolean)
            .join(" ") || undefined,
        Fired: isoTime(essentials.firedDateTime),
        ...customDetails,
      }),
      resource,
      link: how.link,
      time: firing
        ? isoTime(essentials.firedDateTime)
        : (isoTime(essentials.resolvedDateTime) ?? isoTime(essentials.firedDateTime)),
      key: `azure-monitor:${name}:${resource ?? text(essentials.alertId) ?? ""}`,
      raw: payload,
    },
  ];
}
