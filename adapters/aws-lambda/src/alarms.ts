// Recognises the native alarm events: CloudWatch alarms through SNS, and EventBridge's
// "CloudWatch Alarm State Change". Whether an SNS message is an alarm is read when it is handled
// (invocations.ts); parsing the alarm itself is the alert handler's work.
import type { EventBridgeEvent, SnsEvent } from "./types.js";

export function isSnsEvent(event: unknown): event is SnsEvent {
  const records = (event as Partial<SnsEvent>)?.Records;
  return (
    Array.isArray(records) &&
    records.length > 0 &&
    records.every((record) => record?.EventSource === "aws:sns" && typeof record.Sns === "object")
  );
}

export function isAlarmStateChange(event: unknown): event is EventBridgeEvent {
  const e = event as Partial<EventBridgeEvent>;
  return e?.source === "aws.cloudwatch" && e["detail-type"] === "CloudWatch Alarm State Change";
}
