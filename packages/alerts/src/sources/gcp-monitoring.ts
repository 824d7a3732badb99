// Google Cloud Monitoring webhook notifications, schema version 1.2: `incident.state` open or closed.
import { type Alert, AlertParseError } from "../types.js";
import { compact, httpUrl, isObject, isoTime, requireObject, severityOf, text } from "./fields.js";

export function parseGcpMonitoring(payload: unknown): Alert[] {
  const body = requireObject(payload, "Cloud Monitoring notification");
  const incident = requireObject(body.incident, "incident");
  const policy = text(incident.policy_name);
  const condition =
    text(incident.condition_name) ??
    (isObject(incident.condition) ? text(incident.condition.displayName) : undefined);
  const name = policy ?? condition;
  if (!name) throw new AlertParseError("incident.policy_name is missing");
  const state = text(incident.state)?.toLowerCase();
  if (state !== "open" && state !== "closed")
    throw new AlertParseError('incident.state must be "open" or "closed"');
  const resource =
    text(incident.resource_display_name) ??
    text(incident.resource_name) ??
    text(incident.resource_id);
  const metric = isObject(incident.metric) ? text(incident.metric.displayName) : undefined;
  const documentation = isObject(incident.documentation) ? incident.documentation : {};
  const links = Array.isArray(documentation.links) ? documentation.links.filter(isObject) : [];
  const playbooks = links
    .map((l) => (httpUrl(l.url) ? `${text(l.displayName) ?? "link"}: ${l.url}` : undefined))
    .filter(Boolean)
    .join("\n");
  const open = state === "open";
  return [
    {
      source: "gcp-monitoring",
      name,
      state: open ? "firing" : "resolved",
      severity: severityOf(incident.severity) ?? "warning",
      summary: text(incident.summary),
      details: compact({
        Condition: condition !== name ? condition : undefined,
        Metric: metric,
        Observed: text(incident.observed_value),
        Threshold: text(incident.threshold_value),
        Project: text(incident.scoping_project_id),
        Incident: text(incident.incident_id),
        Links: playbooks || undefined,
      }),
      resource,
      link: httpUrl(incident.url),
      time: open
        ? isoTime(incident.started_at)
        : (isoTime(incident.ended_at) ?? isoTime(incident.started_at)),
      key: `gcp-monitoring:${name}/${condition ?? ""}:${resource ?? ""}`,
      raw: payload,
    },
  ];
}
