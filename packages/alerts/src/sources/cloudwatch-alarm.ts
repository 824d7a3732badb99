// A CloudWatch alarm as CloudWatch writes it into an SNS message (`AlarmName`, `NewStateValue`...).
import { type Alert, AlertParseError, type AlertSeverity, type AlertState } from "../types.js";
import { compact, isObject, isoTime, type Json, text } from "./fields.js";

const STATES: Record<string, { state: AlertState; severity: AlertSeverity }> = {
  ALARM: { state: "firing", severity: "error" },
  INSUFFICIENT_DATA: { state: "firing", severity: "warning" },
  OK: { state: "resolved", severity: "info" },
};

/** Maps a CloudWatch state value (ALARM, OK, INSUFFICIENT_DATA) to an alert state. */
export function cloudWatchState(value: unknown): { state: AlertState; severity: AlertSeverity } {
  const state = STATES[String(value ?? "").toUpperCase()];
  if (!state) throw new AlertParseError(`unknown CloudWatch alarm state "${String(value)}"`);
  return state;
}

/** The value when it is a real region code (`us-east-1`), not a placeholder. */
export function awsRegion(value: string | undefined): string | undefined {
  return value && /^[a-z]{2}(-[a-z]+)+-\d+$/.test(value) ? value : undefined;
}

/** `us-east-1` from `arn:aws:cloudwatch:us-east-1:123456789012:alarm:Name`, when it is real. */
export function regionOfArn(arn: string | undefined): string | undefined {
  return awsRegion(arn?.split(":")[3]);
}

/** The CloudWatch console page of an alarm, when the region is known. */
export function alarmConsoleUrl(region: string | undefined, name: string): string | undefined {
  return region
    ? `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#alarmsV2:alarm/${encodeURIComponent(name)}`
    : undefined;
}

/** `InstanceId=i-123, AutoScalingGroupName=web` from either dimension shape. */
export function dimensionsText(dimensions: unknown): string | undefined {
  const pairs: string[] = [];
  if (Array.isArray(dimensions)) {
    for (const d of dimensions)
      if (isObject(d) && text(d.name) && text(d.value)) pairs.push(`${d.name}=${d.value}`);
  } else if (isObject(dimensions)) {
    for (const [name, value] of Object.entries(dimensions))
      if (text(value)) pairs.push(`${name}=${String(value)}`);
  }
  return pairs.length > 0 ? pairs.join(", ") : undefined;
}

/** The metric the SNS form's `Trigger` watches: single metric or metric math. */
function triggerMetric(trigger: Json): { metric?: string; where?: string } {
  if (text(trigger.MetricName)) {
    return {
      metric: [text(trigger.Namespace), text(trigger.MetricName)].filter(Boolean).join(" "),
      where: dimensionsText(trigger.Dimensions),
    };
  }
  const metrics = Array.isArray(trigger.Metrics) ? trigger.Metrics.filter(isObject) : [];
  const names: string[] = [];
  const wheres: string[] = [];
  for (const entry of metrics) {
    const stat = isObject(entry.MetricStat) ? entry.MetricStat : undefined;
    const metric = stat && isObject(stat.Metric) ? stat.Metric : undefined;
    if (metric) {
      names.push([text(metric.Namespace), text(metric.MetricName)].filter(Boolean).join(" "));
      const where = dimensionsText(metric.Dimensions);
      if (where && !wheres.includes(where)) wheres.push(where);
    } else if (text(entry.Expression)) {
      names.unshift(`${text(entry.Label) ?? text(entry.Id) ?? "expression"}: ${entry.Expression}`);
    }
  }
  return {
    metric: names.length > 0 ? names.join("; ") : undefined,
    where: wheres.length > 0 ? wheres.join("; ") : undefined,
  };
}

/** Reads the alarm object from an SNS message body. */
export function parseCloudWatchAlarm(alarm: Json, raw: unknown): Alert {
  const name = text(alarm.AlarmName);
  if (!name) throw new AlertParseError("CloudWatch alarm has no AlarmName");
  const { state, severity } = cloudWatchState(alarm.NewStateValue);
  const arn = text(alarm.AlarmArn);
  const trigger = isObject(alarm.Trigger) ? alarm.Trigger : {};
  const { metric, where } = triggerMetric(trigger);
  const threshold =
    text(trigger.ComparisonOperator) && trigger.Threshold !== undefined
      ? `${trigger.ComparisonOperator} ${String(trigger.Threshold)}`
      : undefined;
  return {
    source: "cloudwatch",
    name,
    state,
    severity,
    summary: text(alarm.NewStateReason),
    details: compact({
      Description: text(alarm.AlarmDescription),
      Metric: metric,
      Threshold: threshold,
      "Previous state": text(alarm.OldStateValue),
      Account: text(alarm.AWSAccountId),
      Region: text(alarm.Region),
    }),
    resource: where,
    link: alarmConsoleUrl(regionOfArn(arn), name),
    time: isoTime(alarm.StateChangeTime),
    key: `cloudwatch:${arn ?? name}`,
    raw,
  };
}

/** Whether a parsed SNS message is a CloudWatch alarm. */
export function isCloudWatchAlarm(value: Json): boolean {
  return typeof value.AlarmName === "string" && "NewStateValue" in value;
}
