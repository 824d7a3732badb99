// What the store remembers about alerts: the message each one was posted as (for threads and
// dedupe) and the alerts firing in each channel (for `help`).
import { toHex, type Store } from "@catops/core";
import type { Alert, AlertSeverity, AlertState } from "./types.js";

export interface AlertRecord {
  key: string;
  name: string;
  source: string;
  channel: string;
  state: AlertState;
  severity: AlertSeverity;
  /** The thread of the first message (Slack: its ts), when the connector reported it. */
  threadId?: string;
  /** When this episode first fired, ms. */
  firedAt: number;
  /** The last notification received, ms: duplicates within the window of it collapse. */
  lastAt: number;
  resolvedAt?: number;
  /** Notifications collapsed into the message. */
  duplicates: number;
  /** Times it fired again soon after resolving. */
  flaps: number;
  /** The card to edit as the alert moves (firing → acknowledged → resolved), when reported. */
  messageId?: string;
  /** What the card shows, so a button press can draw it again. */
  card?: CardAlert;
  /** Commands the card offers (runbooks), and who was on call when it fired (mentions). */
  suggestions?: string[];
  oncall?: string[];
  /** Who acknowledged it, as a mention in the chat's markup, and when (ms). */
  ackBy?: string;
  ackAt?: number;
  /** Re-fires until then (ms) stay in the thread and it does not escalate. */
  snoozedUntil?: number;
  /** Who resolved it from chat, as a mention. */
  resolvedBy?: string;
  /** Escalation steps taken this episode, and who the last one paged. */
  escalations?: number;
  escalatedTo?: string;
}

/** An alert as its card draws it: everything but the raw payload. */
export type CardAlert = Omit<Alert, "raw">;

export interface ActiveAlert {
  key: string;
  name: string;
  severity: AlertSeverity;
  resource?: string;
  since: number;
  suggestions: string[];
}

const RECORD_TTL_SECONDS = 30 * 86_400;
const ACTIVE_TTL_SECONDS = 7 * 86_400;
const MAX_ACTIVE = 20;

/**
 * Store keys use a digest of the alert key: alert keys hold ARNs and resource ids with `/`, `#`
 * and `?`, which some stores refuse in keys, and can be long.
 */
export async function alertId(key: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(key));
  return toHex(digest).slice(0, 32);
}

export const recordKey = (id: string) => `alert:${id}`;
export const lockKey = (id: string, state: AlertState) => `alert-lock:${id}:${state}`;
export const activeKey = (channel: string) => `alerts-active:${channel}`;
/** Taken once per escalation step of an episode, so two concurrent runs page once. */
export const escalationKey = (id: string, firedAt: number, step: number) =>
  `alert-escalated:${id}:${firedAt}:${step}`;

export function loadRecord(store: Store, id: string): Promise<AlertRecord | undefined> {
  return store.get<AlertRecord>(recordKey(id));
}

export function saveRecord(store: Store, id: string, record: AlertRecord): Promise<void> {
  return store.set(recordKey(id), record, { ttlSeconds: RECORD_TTL_SECONDS });
}

export async function activeAlerts(store: Store, channel: string): Promise<ActiveAlert[]> {
  return (await store.get<ActiveAlert[]>(activeKey(channel))) ?? [];
}

/** Adds (or refreshes) a firing alert in its channel's list, or removes a resolved one. */
export async function markActive(
  store: Store,
  channel: string,
  alert: Pick<Alert, "key">,
  entry: ActiveAlert | undefined,
): Promise<void> {
  const others = (await activeAlerts(store, channel)).filter((a) => a.key !== alert.key);
  const next = entry ? [entry, ...others].slice(0, MAX_ACTIVE) : others;
  if (next.length === 0) await store.delete(activeKey(channel));
  else await store.set(activeKey(channel), next, { ttlSeconds: ACTIVE_TTL_SECONDS });
}
