// One alert to the channel: a new message, a reply in the firing message's thread, or nothing
// when it repeats one sent within the dedupe window.
import type { CommandEvent, Connector, Logger, Reply, Store } from "@catops/core";
import { alertMessage } from "./message.js";
import { type AlertRecord, alertId, loadRecord, lockKey, markActive, saveRecord } from "./state.js";
import type { Alert } from "./types.js";

export type Deliver = (event: CommandEvent, reply: Reply) => ReturnType<Connector["deliver"]>;

export interface NotifyContext {
  store: Store;
  log: Logger;
  deliver: Deliver;
  channel: string;
  now: number;
  windowSeconds: number;
  suggestions: readonly string[];
  /** Mentions of whoever is on call for the channel. */
  oncall: () => Promise<string[]>;
}

/** What happened to an alert: posted as a new message, in a thread, or collapsed. */
export type Outcome = "posted" | "threaded" | "duplicate";

/** Concurrent copies of one notification (a retried webhook) wait at most this long for each other. */
const LOCK_SECONDS = 60;

export async function notify(alert: Alert, context: NotifyContext): Promise<Outcome> {
  const { store, log, now } = context;
  const id = await alertId(alert.key);
  const fields = { key: alert.key, state: alert.state, source: alert.source };
  if (!(await store.setIfAbsent(lockKey(id, alert.state), now, { ttlSeconds: LOCK_SECONDS }))) {
    log.info("alert collapsed: the same notification is being handled", fields);
    return "duplicate";
  }
  try {
    const record = await loadRecord(store, id);
    const windowMs = context.windowSeconds * 1000;
    const firing = alert.state === "firing";

    const repeat =
      record && record.state === alert.state && (!firing || now - record.lastAt < windowMs);
    if (record && repeat) {
      await saveRecord(store, id, { ...record, lastAt: now, duplicates: record.duplicates + 1 });
      log.info("alert collapsed into its earlier message", {
        ...fields,
        duplicates: record.duplicates + 1,
      });
      return "duplicate";
    }

    // Resolved answers the firing message; firing soon after resolving (flapping) does too.
    const flapping =
      firing && record?.state === "resolved" && now - (record.resolvedAt ?? 0) < windowMs;
    const inThread = record && (!firing || flapping) ? record.threadId : undefined;
    const reply = alertMessage(alert, {
      suggestions: firing ? context.suggestions : [],
      oncall: firing ? await context.oncall() : [],
      firedAt: record?.state === "firing" ? record.firedAt : undefined,
      repeat: flapping ? record!.flaps + 1 : undefined,
      now,
    });
    const event: CommandEvent = {
      command: [],
      source: "alert",
      channel: { id: context.channel },
      ...(inThread ? { threadId: inThread } : {}),
    };
    const delivery = (await context.deliver(event, reply)) || {};
    // A connector that retried and gave up reports it; the caller answers 502 so the sender retries.
    if (delivery.error) throw new Error(`alert not delivered: ${delivery.error}`);
    const posted = delivery.threadId;

    const next: AlertRecord =
      record && (inThread || !firing || flapping)
        ? {
            ...record,
            state: alert.state,
            severity: alert.severity,
            lastAt: now,
            threadId: record.threadId ?? posted,
            resolvedAt: firing ? undefined : now,
            flaps: flapping ? record.flaps + 1 : record.flaps,
          }
        : {
            key: alert.key,
            name: alert.name,
            source: alert.source,
            channel: context.channel,
            state: alert.state,
            severity: alert.severity,
            threadId: posted,
            firedAt: now,
            lastAt: now,
            resolvedAt: firing ? undefined : now,
            duplicates: 0,
            flaps: 0,
          };
    await saveRecord(store, id, next);
    await markActive(
      store,
      context.channel,
      alert,
      firing
        ? {
            key: alert.key,
            name: alert.name,
            severity: alert.severity,
            resource: alert.resource,
            since: record && flapping ? record.firedAt : now,
            suggestions: [...context.suggestions],
          }
        : undefined,
    );
    const outcome: Outcome = inThread ? "threaded" : "posted";
    log.info(`alert ${outcome}`, {
      ...fields,
      channel: context.channel,
      threadId: inThread ?? posted,
    });
    return outcome;
  } finally {
    await store.delete(lockKey(id, alert.state));
  }
}
