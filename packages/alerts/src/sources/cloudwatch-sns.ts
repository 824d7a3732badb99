// SNS notifications: the Lambda event (`Records[].Sns`), one record, or the JSON body SNS POSTs to
// an HTTP subscription. The message is usually a CloudWatch alarm (a JSON string); an EventBridge
// event routed through SNS and a plain-text notification are read too.
import { type Alert, AlertParseError } from "../types.js";
import { isCloudWatchAlarm, parseCloudWatchAlarm } from "./cloudwatch-alarm.js";
import { isEventBridgeAlarm, parseEventBridgeAlarm } from "./cloudwatch-eventbridge.js";
import { isObject, isoTime, type Json, jsonObject, requireObject, text } from "./fields.js";

/** SNS's own handshake messages, which carry no alert. */
export interface SnsControl {
  type: "SubscriptionConfirmation" | "UnsubscribeConfirmation";
  topicArn?: string;
  subscribeUrl?: string;
}

/** The handshake an HTTP subscription receives, when this body is one. */
export function snsControl(payload: unknown): SnsControl | undefined {
  if (!isObject(payload)) return undefined;
  const type = payload.Type;
  if (type !== "SubscriptionConfirmation" && type !== "UnsubscribeConfirmation") return undefined;
  return { type, topicArn: text(payload.TopicArn), subscribeUrl: text(payload.SubscribeURL) };
}

/** The SNS messages in a payload: Records[], a record, or a bare message. */
function snsMessages(payload: Json): Json[] {
  if (Array.isArray(payload.Records)) {
    const messages = payload.Records.map((record) =>
      isObject(record) ? (record.Sns ?? record.sns) : undefined,
    ).filter(isObject);
    if (messages.length === 0) throw new AlertParseError("Records[] holds no SNS message");
    return messages;
  }
  if (isObject(payload.Sns)) return [payload.Sns];
  if (typeof payload.Message === "string") return [payload];
  throw new AlertParseError("not an SNS notification (no Records[].Sns or Message)");
}

/** A notification that is not an alarm: shown as it is, named by its subject or topic. */
function plainNotification(message: Json): Alert {
  const topic = text(message.TopicArn);
  const topicName = topic?.split(":").pop();
  const name = text(message.Subject) ?? topicName ?? "SNS notification";
  return {
    source: "sns",
    name,
    state: "firing",
    severity: "info",
    summary: text(message.Message),
    details: topicName ? { Topic: topicName } : {},
    time: isoTime(message.Timestamp),
    key: `sns:${topic ?? ""}:${name}`,
    raw: message,
  };
}

function fromMessage(message: Json): Alert[] {
  if (snsControl(message)) return [];
  if (message.Type !== undefined && message.Type !== "Notification")
    throw new AlertParseError(`unknown SNS message type "${String(message.Type)}"`);
  const body = jsonObject(message.Message);
  if (body && isCloudWatchAlarm(body)) return [parseCloudWatchAlarm(body, message)];
  if (body && isEventBridgeAlarm(body)) return parseEventBridgeAlarm(body);
  if (text(message.Message) === undefined) throw new AlertParseError("SNS message is empty");
  return [plainNotification(message)];
}

/** `cloudwatch-sns` (native) and `cloudwatch` (HTTP): SNS notifications, or an EventBridge event. */
export function parseCloudWatchSns(payload: unknown): Alert[] {
  const object = requireObject(payload, "SNS notification");
  if (isEventBridgeAlarm(object)) return parseEventBridgeAlarm(object);
  return snsMessages(object).flatMap(fromMessage);
}
