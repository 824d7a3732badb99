// Recognises the native alarm events: CloudWatch alarms through SNS, and EventBridge's
// "CloudWatch Alarm State Change". Parsing the alarm itself is the alert handler's work.
import type { EventBridgeEvent, SnsEvent, SnsRecord } from "./types.js";

export function isSnsEvent(event: unknown): event is SnsEvent {
  const records = (event as Partial<SnsEvent>)?.Records;
  return (
    Array.isArray(records) &&
    records.length > 0 &&
    records.every((record) => record?.EventSource === "aws:sns" && typeof record.Sns === "object")
  );
}

/** A CloudWatch alarm notification carries the alarm as JSON in the SNS message. */
export function isCloudWatchAlarmRecord(record: SnsRecord): boolean {
  try {
    const message = JSON.parse(record.Sns.Message) as Record<string, unknown> | null;
    return typeof message?.AlarmName === "string" && typeof message.NewStateValue === "string";
  } catch {
    return false;
  }
}

export function isAlarmStateChange(event: unknown): event is EventBridgeEvent {
  const e = event as Partial<EventBridgeEvent>;
  return e?.source === "aws.cloudwatch" && e["detail-type"] === "CloudWatch Alarm State Change";
}
