// EventBridge "CloudWatch Alarm State Change" events (single metric, metric math, composite).
import { type Alert, AlertParseError } from "../types.js";
import {
  alarmConsoleUrl,
  awsRegion,
  cloudWatchState,
  dimensionsText,
  regionOfArn,
} from "./cloudwatch-alarm.js";
import { compact, isObject, isoTime, type Json, requireObject, text } from "./fields.js";

export const ALARM_STATE_CHANGE = "CloudWatch Alarm State Change";

export function isEventBridgeAlarm(value: Json): boolean {
  return value["detail-type"] === ALARM_STATE_CHANGE;
}

function metricsText(configuration: Json): { metric?: string; where?: string } {
  const metrics = Array.isArray(configuration.metrics)
    ? configuration.metrics.filter(isObject)
    : [];
  const names: string[] = [];
  const wheres: string[] = [];
  for (const entry of metrics) {
    const stat = isObject(entry.metricStat) ? entry.metricStat : undefined;
    const metric = stat && isObject(stat.metric) ? stat.metric : undefined;
    if (metric) {
      names.push([text(metric.namespace), text(metric.name)].filter(Boolean).join(" "));
      const where = dimensionsText(metric.dimensions);
      if (where && !wheres.includes(where)) wheres.push(where);
    } else if (text(entry.expression)) {
      names.unshift(`${text(entry.label) ?? text(entry.id) ?? "expression"}: ${entry.expression}`);
    }
  }
  return {
    metric: names.length > 0 ? names.join("; ") : undefined,
    where: wheres.length > 0 ? wheres.join("; ") : undefined,
  };
}

export function parseEventBridgeAlarm(payload: unknown): Alert[] {
  const event = requireObject(payload, "EventBridge event");
  if (!isEventBridgeAlarm(event)) throw new AlertParseError(`not a "${ALARM_STATE_CHANGE}" event`);
  const detail = requireObject(event.detail, "detail");
  const name = text(detail.alarmName);
  if (!name) throw new AlertParseError("detail.alarmName is missing");
  const current = requireObject(detail.state, "detail.state");
  const { state, severity } = cloudWatchState(current.value);
  const previous = isObject(detail.previousState) ? detail.previousState : {};
  const configuration = isObject(detail.configuration) ? detail.configuration : {};
  const { metric, where } = metricsText(configuration);
  const arn = Array.isArray(event.resources) ? text(event.resources[0]) : undefined;
  const region = text(event.region);
  return [
    {
      source: "cloudwatch",
      name,
      state,
      severity,
      summary: text(current.reason),
      details: compact({
        Description: text(configuration.description),
        Metric: metric,
        Rule: text(configuration.alarmRule),
        "Previous state": text(previous.value),
        "Actions suppressed": text(current.actionsSuppressedReason),
        Account: text(event.account),
        Region: region,
      }),
      resource: where,
      link: alarmConsoleUrl(regionOfArn(arn) ?? awsRegion(region), name),
      time: isoTime(current.timestamp) ?? isoTime(event.time),
      key: `cloudwatch:${arn ?? name}`,
      raw: payload,
    },
  ];
}
